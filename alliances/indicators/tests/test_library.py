from django.urls import reverse

from alliances.indicators import library
from alliances.indicators.models import Indicator, Objective
from alliances.indicators.selectors.framework import sdg_indicator
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.partnerships.models import Activity


class LibraryDataTests(FrameworkTestCase):
    def test_every_theme_has_at_least_three_templates(self):
        for theme, templates in library.templates_by_theme():
            self.assertGreaterEqual(len(templates), 3, theme.key)
        social = {t.key for t in library.TEMPLATES if t.theme == "social_cohesion"}
        self.assertGreaterEqual(len(social), 7)

    def test_keys_are_unique_and_sdg_ids_exist(self):
        keys = [template.key for template in library.TEMPLATES]
        self.assertEqual(len(keys), len(set(keys)))
        for template in library.TEMPLATES:
            for indicator_id in template.sdg_indicators:
                self.assertIsNotNone(sdg_indicator(indicator_id), f"{template.key}: {indicator_id}")
        self.assertIn("16.1.4", library.template_by_key("perceived_safety").sdg_indicators)


class LibraryPageTests(FrameworkTestCase):
    def setUp(self):
        self.url = reverse("indicators:library", args=[self.partnership.uuid])
        self.login(self.editor)

    def test_page_lists_templates_by_theme(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Social cohesion")
        self.assertContains(response, "Residents who feel safe in their neighbourhood after dark")
        self.assertContains(response, "Survey question:")

    def test_add_ticked_templates_to_an_outcome(self):
        response = self.client.post(
            self.url,
            {
                "templates": ["perceived_safety", "well_being"],
                "outcome": str(self.outcome.uuid),
                "neighbourhoods": "Couronneries\nTrois-Cités",
            },
        )
        self.assertEqual(response.status_code, 302)
        safety = Indicator.objects.get(template_key="perceived_safety")
        self.assertEqual(safety.outcome, self.outcome)
        self.assertEqual(safety.type, "percentage")
        self.assertEqual(safety.disaggregations[0]["categories"], ["Couronneries", "Trois-Cités"])
        well_being = Indicator.objects.get(template_key="well_being")
        self.assertEqual((well_being.score_min, well_being.score_max), (0, 10))
        self.assertTrue(
            Activity.objects.filter(verb="framework.indicators_added_from_library").exists()
        )

    def test_add_to_a_new_objective_and_outcome(self):
        self.client.post(
            self.url,
            {
                "templates": ["pupils_supported"],
                "outcome": "new",
                "objective_title": "Réussite éducative",
                "outcome_title": "Les élèves progressent",
            },
        )
        indicator = Indicator.objects.get(template_key="pupils_supported")
        self.assertEqual(indicator.outcome.title, "Les élèves progressent")
        self.assertEqual(indicator.outcome.objective.title, "Réussite éducative")
        # Without neighbourhoods typed, that breakdown is left out.
        self.assertEqual([d["name"] for d in indicator.disaggregations], ["gender"])

    def test_new_outcome_needs_its_names(self):
        response = self.client.post(self.url, {"templates": ["pupils_supported"], "outcome": "new"})
        self.assertContains(response, "Name the new objective", status_code=400)
        self.assertContains(
            response, 'checked aria-describedby="template-pupils_supported-about"', status_code=400
        )
        self.assertFalse(Objective.objects.exclude(pk=self.objective.pk).exists())

    def test_nothing_ticked_is_refused(self):
        response = self.client.post(self.url, {"outcome": str(self.outcome.uuid)})
        self.assertContains(response, "Tick at least one indicator.", status_code=400)

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
