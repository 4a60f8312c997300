"""Comparing two versions shows, per section, the text added and removed."""

from django.test import SimpleTestCase
from django.urls import reverse

from alliances.agreements.diff import CHANGE, DELETE, EQUAL, INSERT, agreement_compare
from alliances.agreements.sections import agreement_assemble
from alliances.agreements.tests.base import AgreementTestCase
from alliances.partnerships.models import DecisionRule


def assemble(clauses, decision_rule="consensus"):
    return agreement_assemble(
        content={"snapshot": {"title": "T"}, "clauses": clauses},
        decision_rule=decision_rule,
        meeting_frequency="quarterly",
    )


class AgreementDiffTests(SimpleTestCase):
    def test_word_changes_inside_a_paragraph(self):
        old = assemble({"data": "Données hébergées en France pendant deux ans."})
        new = assemble({"data": "Données hébergées en Europe pendant deux ans."})
        data = next(d for d in agreement_compare(old, new) if d.key == "data")
        changed = [line for line in data.lines if line.kind != EQUAL]
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed[0].kind, CHANGE)
        kinds = {(s.kind, s.text) for s in changed[0].segments}
        self.assertIn((DELETE, "France"), kinds)
        self.assertIn((INSERT, "Europe"), kinds)

    def test_added_and_removed_paragraphs_and_unchanged_sections(self):
        old = assemble({"communication": "Logo autorisé."})
        new = assemble({"duration": "Renouvelable."})
        diffs = {d.key: d for d in agreement_compare(old, new)}
        self.assertEqual(
            [line.kind for line in diffs["communication"].lines if line.kind != EQUAL], [DELETE]
        )
        self.assertEqual(
            [line.kind for line in diffs["duration"].lines if line.kind != EQUAL], [INSERT]
        )
        self.assertFalse(diffs["parties"].changed)

    def test_same_text_has_no_change(self):
        self.assertFalse(any(d.changed for d in agreement_compare(assemble({}), assemble({}))))


class AgreementComparePageTests(AgreementTestCase):
    def url(self, **params):
        url = reverse("agreements:compare", args=[self.partnership.uuid])
        return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        for user, status in [(self.outsider, 404), (self.staff, 404), (self.viewer, 200)]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)

    def test_a_single_version_has_nothing_to_compare(self):
        self.save_version()
        self.login(self.viewer)
        self.assertContains(self.client.get(self.url()), "There is only one version so far")

    def test_shows_inserted_and_deleted_text(self):
        self.save_version(clauses={"data": "Données hébergées en France."})
        self.save_version(
            clauses={"data": "Données hébergées en Europe."},
            decision_rule=DecisionRule.UNANIMITY,
            note="Hébergement et règle de décision",
        )
        self.login(self.viewer)
        response = self.client.get(self.url(**{"from": 1, "to": 2}))
        self.assertContains(response, "[removed: </span>France.")
        self.assertContains(response, "[added: </span>Europe.")
        # A rewritten sentence shows whole: the old one removed, the new one added.
        self.assertContains(
            response, "[removed: </span>The steering committee takes its decisions by consensus"
        )
        self.assertContains(
            response, "[added: </span>The steering committee takes its decisions unanimously"
        )
        self.assertContains(response, "Hébergement et règle de décision")
        self.assertContains(response, "No change")

    def test_defaults_to_the_latest_against_the_previous(self):
        self.save_version()
        self.save_version(clauses={"duration": "Renouvelable une fois."})
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "[added: </span>Renouvelable une fois.")

    def test_invalid_choices(self):
        self.save_version()
        self.save_version(clauses={"duration": "Renouvelable une fois."})
        self.login(self.viewer)
        for params in ({"from": 2, "to": 2}, {"from": 1, "to": 9}, {"from": "x", "to": "1"}):
            with self.subTest(params=params):
                response = self.client.get(self.url(**params))
                self.assertContains(
                    response, "Choose two different versions of this agreement.", status_code=400
                )
