from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.indicators.forms.framework import initial_of
from alliances.indicators.models import IndicatorSource
from alliances.indicators.services.framework import IndicatorData, indicator_change
from alliances.indicators.tests.test_framework_base import FrameworkTestCase


class IndicatorEditTests(FrameworkTestCase):
    def setUp(self):
        self.url = reverse(
            "indicators:indicator_edit", args=[self.partnership.uuid, self.indicator.uuid]
        )
        self.login(self.editor)

    def data(self, **changes):
        data = {
            key: value for key, value in initial_of(self.indicator).items() if value is not None
        }
        data["periods_shape"] = "yearly|2026-01-01"
        data.update(changes)
        return data

    def test_form_shows_what_is_saved(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Sentiment de sécurité"')
        self.assertContains(response, "Target for 2027")
        self.assertContains(response, 'id="sdg-16.1.4" checked')

    def test_targets_are_changed_added_and_removed(self):
        response = self.client.post(
            self.url, self.data(**{"target_2026-01-01": "", "target_2027-01-01": "55"})
        )
        self.assertEqual(response.status_code, 302)
        targets = {t.period_start: t.value for t in self.indicator.targets.all()}
        self.assertEqual(targets, {date(2027, 1, 1): Decimal("55")})

    def test_removing_a_category_with_values_is_refused(self):
        self.add_value(gender="femmes")
        response = self.client.post(self.url, self.data(dim1_categories="hommes\nautres"))
        self.assertContains(response, "Values were entered for Genre: femmes", status_code=400)
        self.indicator.refresh_from_db()
        self.assertEqual(self.indicator.disaggregations[0]["categories"], ["femmes", "hommes"])

    def test_adding_a_category_and_renaming_the_dimension_is_allowed(self):
        self.add_value(gender="femmes")
        self.client.post(
            self.url, self.data(dim1_label="Sexe", dim1_categories="femmes\nhommes\nautres")
        )
        self.indicator.refresh_from_db()
        self.assertEqual(
            self.indicator.disaggregations,
            [{"name": "gender", "label": "Sexe", "categories": ["femmes", "hommes", "autres"]}],
        )

    def test_survey_indicator_keeps_its_source_fields(self):
        self.indicator.source = IndicatorSource.SURVEY
        self.indicator.save(update_fields=["source"])
        response = self.client.get(self.url)
        self.assertContains(response, "computed from a survey")
        self.client.post(
            self.url, self.data(title="Sécurité ressentie", unit="personnes", type="quantitative")
        )
        self.indicator.refresh_from_db()
        self.assertEqual(self.indicator.title, "Sécurité ressentie")
        self.assertEqual(self.indicator.unit, "%")
        self.assertEqual(self.indicator.type, "percentage")

    def test_closed_partnership_refuses_the_service(self):
        self.close_partnership()
        with self.assertRaisesMessage(ValidationError, "closed"):
            indicator_change(
                indicator=self.indicator,
                actor=self.editor,
                data=IndicatorData(title="X", type="percentage", frequency="yearly"),
            )

    def test_detail_page_shows_targets_to_viewers(self):
        self.login(self.viewer)
        url = reverse("indicators:indicator", args=[self.partnership.uuid, self.indicator.uuid])
        response = self.client.get(url)
        self.assertContains(response, '<th scope="row">2026</th>', html=False)
        self.assertNotContains(response, self.url)
