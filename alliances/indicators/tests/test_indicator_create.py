from datetime import date
from decimal import Decimal

import time_machine
from django.urls import reverse

from alliances.indicators.models import Indicator
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.partnerships.models import Activity


def form_data(**changes):
    data = {
        "title": "Habitants participant aux activités",
        "definition": "",
        "type": "quantitative",
        "unit": "habitants",
        "direction": "higher",
        "accumulation": "per_period",
        "frequency": "half_yearly",
        "reporting_start": "2026-01-01",
        "periods_shape": "half_yearly|2026-01-01",
        "data_source": "Feuilles d'émargement",
        "dim1_label": "Quartier",
        "dim1_categories": "Couronneries\nTrois-Cités\n",
        "sdg_indicators": ["11.3.2", "16.7.2"],
        "target_2026-01-01": "120",
        "target_2026-07-01": "150,5",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class IndicatorCreateTests(FrameworkTestCase):
    def setUp(self):
        self.url = reverse(
            "indicators:indicator_create", args=[self.partnership.uuid, self.outcome.uuid]
        )
        self.login(self.editor)

    def test_form_shows_one_target_per_period_until_the_end(self):
        response = self.client.get(self.url + "?")
        self.assertContains(response, "Target for Q1 2026")
        self.assertContains(response, "Target for Q4 2027")
        self.assertNotContains(response, "Target for Q1 2028")

    def test_htmx_redraws_the_targets_for_another_frequency(self):
        response = self.client.get(
            self.url,
            {"frequency": "yearly", "reporting_start": "2026-01-01"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, 'id="targets"')
        self.assertContains(response, "Target for 2027")
        self.assertNotContains(response, "Q1 2026")

    @time_machine.travel("2026-03-01")
    def test_without_an_end_date_eight_periods_are_asked(self):
        self.partnership.ends_on = None
        self.partnership.save(update_fields=["ends_on"])
        response = self.client.get(self.url)
        self.assertContains(response, "Target for Q4 2027")
        self.assertNotContains(response, "Target for Q1 2028")

    def test_editor_adds_an_indicator_with_targets_and_breakdown(self):
        response = self.client.post(self.url, form_data(responsible_party=self.company_party.uuid))
        indicator = Indicator.objects.get(title="Habitants participant aux activités")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(indicator.outcome, self.outcome)
        self.assertEqual(indicator.responsible_party, self.company_party)
        self.assertEqual(indicator.sdg_indicators, ["11.3.2", "16.7.2"])
        self.assertEqual(
            indicator.disaggregations,
            [
                {
                    "name": "quartier",
                    "label": "Quartier",
                    "categories": ["Couronneries", "Trois-Cités"],
                }
            ],
        )
        targets = {t.period_start: t.value for t in indicator.targets.all()}
        self.assertEqual(
            targets, {date(2026, 1, 1): Decimal("120"), date(2026, 7, 1): Decimal("150.5")}
        )
        self.assertTrue(Activity.objects.filter(verb="framework.indicator_added").exists())

    def test_percentage_must_be_between_0_and_100(self):
        response = self.client.post(
            self.url, form_data(type="percentage", **{"target_2026-01-01": "120"})
        )
        self.assertContains(response, "A percentage is between 0 and 100.", status_code=400)
        self.assertFalse(
            Indicator.objects.filter(title="Habitants participant aux activités").exists()
        )

    def test_score_needs_its_scale_and_stays_within_it(self):
        response = self.client.post(self.url, form_data(type="score"))
        self.assertContains(response, "A score needs its lowest value", status_code=400)
        response = self.client.post(
            self.url,
            form_data(
                type="score",
                score_min="1",
                score_max="5",
                baseline_value="7",
                baseline_date="2025-12-01",
            ),
        )
        self.assertContains(response, "The score must be between 1 and 5.", status_code=400)

    def test_baseline_needs_its_date(self):
        response = self.client.post(self.url, form_data(baseline_value="12"))
        self.assertContains(response, "Give the date of the baseline", status_code=400)

    def test_unknown_sdg_indicator_is_refused(self):
        response = self.client.post(self.url, form_data(sdg_indicators=["99.9.9"]))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            Indicator.objects.filter(title="Habitants participant aux activités").exists()
        )

    def test_dimension_needs_two_categories(self):
        response = self.client.post(self.url, form_data(dim1_categories="Couronneries"))
        self.assertContains(response, "List at least two categories", status_code=400)

    def test_changing_the_frequency_without_script_shows_the_new_periods_first(self):
        response = self.client.post(self.url, form_data(frequency="yearly"))
        self.assertContains(response, "The periods follow the frequency")
        self.assertContains(response, "Target for 2027")
        self.assertFalse(
            Indicator.objects.filter(title="Habitants participant aux activités").exists()
        )

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url, form_data()).status_code, 403)
