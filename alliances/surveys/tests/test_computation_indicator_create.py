"""Making an indicator from a survey question: the service and the two-step page."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.indicators.models import IndicatorSource, IndicatorType, Value
from alliances.partnerships.models import Activity
from alliances.surveys.models import Method, SurveyIndicator
from alliances.surveys.services.survey_indicators import (
    indicator_sources,
    survey_indicator_create,
)
from alliances.surveys.tests.test_computation import SurveyCase, answer


class SurveyIndicatorCreateTests(SurveyCase):
    def create(self, **overrides):
        values = {
            "survey": self.survey,
            "outcome": self.outcome,
            "question": "belonging",
            "statement": "",
            "method": Method.SHARE,
            "choices": ["4", "5"],
            "disaggregate_by": ["quartier"],
            "title": "Habitants qui se sentent chez eux",
            "actor": self.editor,
        }
        values.update(overrides)
        return survey_indicator_create(**values)

    def test_share_of_agreement_makes_a_percentage_broken_down_by_neighbourhood(self):
        for score in (5, 4, 4, 2, 1):
            answer(self.survey, date(2026, 2, 1), belonging=score, quartier="tc")

        link = self.create(targets={date(2026, 12, 1): Decimal(70)})

        indicator = link.indicator
        self.assertEqual(indicator.source, IndicatorSource.SURVEY)
        self.assertEqual(indicator.type, IndicatorType.PERCENTAGE)
        self.assertEqual(indicator.unit, "%")
        self.assertEqual(
            indicator.disaggregations,
            [
                {
                    "name": "quartier",
                    "label": "Quartier",
                    "categories": ["Couronneries", "Trois-Cités", "Bellejouanne"],
                }
            ],
        )
        self.assertEqual(link.disaggregate_by, {"quartier": "quartier"})
        self.assertEqual(indicator.targets.get().period_start, date(2026, 10, 1))
        total = Value.objects.get(indicator=indicator, disaggregation_key="")
        self.assertEqual((total.value, total.respondents), (Decimal("60.0000"), 5))
        group = Value.objects.get(indicator=indicator, disaggregation_key="quartier=Trois-Cités")
        self.assertEqual(group.respondents, 5)
        self.assertTrue(
            Activity.objects.filter(
                partnership=self.partnership, verb="survey_indicator_created"
            ).exists()
        )

    def test_mean_of_a_matrix_statement_is_a_score(self):
        link = self.create(
            question="feel",
            statement="trust",
            method=Method.MEAN,
            choices=["4"],
            disaggregate_by=[],
        )
        indicator = link.indicator
        self.assertEqual(indicator.type, IndicatorType.SCORE)
        self.assertEqual((indicator.score_min, indicator.score_max), (1, 5))
        self.assertEqual(link.choices, [])

    def test_counts_are_quantities(self):
        link = self.create(question="likes", method=Method.COUNT, choices=["park"])
        self.assertEqual(link.indicator.type, IndicatorType.QUANTITATIVE)

    def test_refusals(self):
        cases = [
            ({"question": "nothing"}, "question"),
            ({"question": "age", "method": Method.SHARE}, "method"),
            ({"choices": []}, "choices"),
            ({"choices": ["9"]}, "choices"),
            ({"disaggregate_by": ["likes"]}, "disaggregate_by"),
            ({"title": "  "}, "title"),
        ]
        for overrides, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.create(**overrides)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(SurveyIndicator.objects.exists())

    def test_sources_list_the_questions_that_can_feed_an_indicator(self):
        keys = [source.key for source in indicator_sources(self.survey.definition)]
        self.assertEqual(
            keys, ["belonging", "quartier", "likes", "age", "spend", "feel/trust", "feel/safety"]
        )


class SurveyIndicatorPageTests(SurveyCase):
    def url(self):
        return reverse("surveys:indicator_create", args=[self.partnership.uuid, self.survey.uuid])

    def test_first_step_lists_the_questions(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, 'name="question" value="feel/trust"')
        self.assertContains(response, "Je me sens chez moi")

    def test_second_step_proposes_sensible_defaults(self):
        self.login(self.editor)
        response = self.client.get(self.url(), {"question": "belonging"})
        form = response.context["form"]
        self.assertEqual(form.initial["method"], Method.SHARE)
        self.assertEqual(form.initial["choices"], ["4", "5"])
        self.assertEqual(form.initial["outcome"], str(self.outcome.uuid))
        self.assertEqual(
            [value for value, _label in form.fields["disaggregate_by"].choices], ["quartier"]
        )
        rating = self.client.get(self.url(), {"question": "spend"}).context["form"]
        self.assertEqual(rating.initial["method"], Method.MEAN)

    def test_posting_creates_and_shows_the_dashboard(self):
        for _ in range(5):
            answer(self.survey, date(2026, 2, 1), belonging=5, quartier="cou")
        self.login(self.company_admin)
        response = self.client.post(
            self.url(),
            {
                "question": "belonging",
                "title": "Habitants qui se sentent chez eux",
                "outcome": str(self.outcome.uuid),
                "method": "share",
                "choices": ["4", "5"],
                "disaggregate_by": ["quartier"],
                "frequency": "quarterly",
                "direction": "higher",
                "target_value": "70",
                "target_date": "2026-12-31",
            },
        )
        link = SurveyIndicator.objects.get()
        self.assertRedirects(
            response,
            reverse("indicators:dashboard", args=[self.partnership.uuid])
            + f"#indicator-{link.indicator.uuid}",
            fetch_redirect_response=False,
        )
        self.assertEqual(link.indicator.values.get(disaggregation_key="").value, 100)

    def test_bad_input_keeps_what_was_typed(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(),
            {
                "question": "belonging",
                "title": "Mon indicateur",
                "method": "share",
                "target_value": "70",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="Mon indicateur"', status_code=400)
        self.assertContains(
            response, "Give both the target and the date to reach it by.", status_code=400
        )
        self.assertTrue(response.context["form"].errors["outcome"])
        self.assertFalse(SurveyIndicator.objects.exists())

    def test_viewers_may_not(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url()).status_code, 403)

    def test_outsiders_get_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_recompute_on_demand(self):
        link = self.link()
        for _ in range(5):
            answer(self.survey, date(2026, 2, 1), belonging=5)
        self.login(self.editor)
        url = reverse("surveys:indicator_recompute", args=[self.partnership.uuid, self.survey.uuid])
        response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(link.indicator.values.get().value, 100)
        self.login(self.viewer)
        self.assertEqual(self.client.post(url).status_code, 403)
