"""Every link from a table to the user model is exported, or excluded for a stated reason:
adding a ForeignKey to the user model without deciding what the export says about it fails
here."""

from django.test import SimpleTestCase

from alliances.privacy.selectors import EXCLUDED, SOURCES, user_links


class PersonalDataCoverageTests(SimpleTestCase):
    def test_every_link_to_the_user_model_is_exported_or_excluded_with_a_reason(self):
        covered = {(source.model, source.user_field) for source in SOURCES}
        missing = user_links() - covered - set(EXCLUDED)
        self.assertEqual(
            missing,
            set(),
            "New links to the user model: add them to SOURCES or EXCLUDED in "
            "alliances/privacy/selectors.py",
        )

    def test_exports_and_exclusions_name_existing_links(self):
        links = user_links()
        stale = {(s.model, s.user_field) for s in SOURCES} - links
        self.assertEqual(stale, set())
        self.assertEqual(set(EXCLUDED) - links, set())
        self.assertTrue(all(reason.strip() for reason in EXCLUDED.values()))

    def test_section_keys_are_unique(self):
        keys = [source.key for source in SOURCES]
        self.assertEqual(len(keys), len(set(keys)))
