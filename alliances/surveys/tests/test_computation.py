"""Indicators computed from survey responses: figures, groups, periods, small cells."""

import uuid
from datetime import date
from decimal import Decimal
from unittest import mock

import time_machine
from django.core.cache import cache as real_cache
from django.test import override_settings

from alliances.indicators.models import (
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorType,
    Objective,
    Outcome,
    PeriodLock,
    Value,
    ValueSource,
    ValueStatus,
)
from alliances.surveys import computation
from alliances.surveys.computation import survey_indicator_compute, survey_indicators_schedule
from alliances.surveys.models import Method, Response, Survey, SurveyIndicator, SurveyStatus
from alliances.test import PartnershipTestCase

DEFINITION = {
    "languages": ["fr", "en"],
    "items": [
        {"name": "belonging", "type": "agreement", "label": {"fr": "Je me sens chez moi"}},
        {
            "name": "quartier",
            "type": "select_one",
            "label": {"fr": "Quartier"},
            "choices": [
                {"name": "cou", "label": {"fr": "Couronneries", "en": "Couronneries"}},
                {"name": "tc", "label": {"fr": "Trois-Cités", "en": "Three Cities"}},
                {"name": "bel", "label": {"fr": "Bellejouanne", "en": "Bellejouanne"}},
            ],
        },
        {
            "type": "group",
            "name": "more",
            "items": [
                {
                    "name": "likes",
                    "type": "select_multiple",
                    "choices": [{"name": "park"}, {"name": "library"}, {"name": "pool"}],
                },
                {"name": "age", "type": "integer"},
                {"name": "spend", "type": "decimal"},
                {
                    "name": "feel",
                    "type": "matrix",
                    "statements": [{"name": "trust"}, {"name": "safety"}],
                },
            ],
        },
    ],
}


def make_survey(partnership, **fields) -> Survey:
    return Survey.objects.create(
        partnership=partnership,
        title="Vivre ici",
        definition=DEFINITION,
        status=SurveyStatus.OPEN,
        **fields,
    )


def answer(survey, collected_on, **answers) -> Response:
    return Response.objects.create(
        survey=survey,
        submission_id=uuid.uuid4(),
        content_hash="x",
        answers=answers,
        collected_on=collected_on,
    )


class SurveyCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        objective = Objective.objects.create(partnership=cls.partnership, title="Lien social")
        cls.outcome = Outcome.objects.create(
            partnership=cls.partnership, objective=objective, title="Appartenance"
        )
        cls.survey = make_survey(cls.partnership)

    def link(self, *, method=Method.SHARE, question="belonging", choices=("4", "5"), **extra):
        indicator = Indicator.objects.create(
            partnership=self.partnership,
            outcome=self.outcome,
            title="Sentiment d'appartenance",
            type=IndicatorType.PERCENTAGE,
            frequency=extra.pop("frequency", Frequency.QUARTERLY),
            source=IndicatorSource.SURVEY,
            disaggregations=extra.pop(
                "disaggregations",
                [
                    {
                        "name": "neighbourhood",
                        "label": "Quartier",
                        "categories": ["Couronneries", "Trois-Cités", "Bellejouanne"],
                    }
                ],
            ),
        )
        return SurveyIndicator.objects.create(
            indicator=indicator,
            survey=self.survey,
            question=question,
            method=method,
            choices=list(choices),
            disaggregate_by=extra.pop("disaggregate_by", {"neighbourhood": "quartier"}),
            **extra,
        )

    def values(self, link) -> dict:
        return {
            (value.period_start, value.disaggregation_key): value
            for value in Value.objects.filter(indicator=link.indicator)
        }


class ComputationTest(SurveyCase):
    def test_share_per_period_and_neighbourhood(self):
        # Q1 2026: 6 in Couronneries (4 agree), 5 in Trois-Cités (1 agrees); Q2: 5 people.
        for score in (5, 4, 4, 5, 2, 1):
            answer(self.survey, date(2026, 2, 3), belonging=score, quartier="cou")
        for score in (4, 3, 3, 2, 1):
            answer(self.survey, date(2026, 3, 31), belonging=score, quartier="tc")
        for score in (5, 5, 5, 3, 1):
            answer(self.survey, date(2026, 4, 1), belonging=score)
        answer(self.survey, date(2026, 4, 1), quartier="tc")  # did not answer: not counted
        link = self.link()

        written = survey_indicator_compute(link)

        values = self.values(link)
        self.assertEqual(written, 4)
        total = values[(date(2026, 1, 1), "")]
        self.assertEqual(total.value, Decimal("45.4545"))
        self.assertEqual(total.respondents, 11)
        self.assertEqual(total.status, ValueStatus.APPROVED)
        self.assertEqual(total.source, ValueSource.SURVEY)
        cou = values[(date(2026, 1, 1), "neighbourhood=Couronneries")]
        self.assertEqual(cou.disaggregation, {"neighbourhood": "Couronneries"})
        self.assertEqual((cou.value, cou.respondents), (Decimal("66.6667"), 6))
        tc = values[(date(2026, 1, 1), "neighbourhood=Trois-Cités")]
        self.assertEqual((tc.value, tc.respondents), (Decimal("20.0000"), 5))
        self.assertEqual(values[(date(2026, 4, 1), "")].value, Decimal("60.0000"))
        link.refresh_from_db()
        self.assertIsNotNone(link.computed_at)

    def test_mean_of_ratings_and_decimals(self):
        for spend in ("12.5", "7.5", "10", "0", "20"):
            answer(self.survey, date(2026, 5, 5), spend=spend)
        link = self.link(method=Method.MEAN, question="spend", choices=())

        survey_indicator_compute(link)

        total = self.values(link)[(date(2026, 4, 1), "")]
        self.assertEqual((total.value, total.respondents), (Decimal("10.0000"), 5))

    def test_matrix_statement_share(self):
        for trust, safety in ((5, 1), (4, 1), (1, 5), (2, 5), (4, 5)):
            answer(self.survey, date(2026, 1, 9), feel={"trust": trust, "safety": safety})
        link = self.link(question="feel", statement="trust", disaggregate_by={})

        survey_indicator_compute(link)

        total = self.values(link)[(date(2026, 1, 1), "")]
        self.assertEqual((total.value, total.respondents), (Decimal("60.0000"), 5))

    def test_select_multiple_share_count_and_respondents(self):
        for likes in (["park"], ["park", "pool"], ["library"], ["pool"], ["library", "pool"]):
            answer(self.survey, date(2026, 1, 9), likes=likes)
        answer(self.survey, date(2026, 1, 9), likes=[])  # nothing ticked: not a respondent
        share = self.link(question="likes", choices=("park", "library"))
        survey_indicator_compute(share)
        self.assertEqual(self.values(share)[(date(2026, 1, 1), "")].value, Decimal("80.0000"))

        share.indicator.delete()
        count = self.link(method=Method.COUNT, question="likes", choices=("pool",))
        survey_indicator_compute(count)
        self.assertEqual(self.values(count)[(date(2026, 1, 1), "")].value, Decimal("3.0000"))

        count.indicator.delete()
        people = self.link(method=Method.RESPONDENTS, question="likes", choices=())
        survey_indicator_compute(people)
        self.assertEqual(self.values(people)[(date(2026, 1, 1), "")].value, Decimal("5.0000"))

    def test_yearly_frequency_folds_days_into_the_year(self):
        for month in (1, 4, 7, 10, 12):
            answer(self.survey, date(2026, month, 2), age=30 + month)
        link = self.link(
            method=Method.RESPONDENTS, question="age", choices=(), frequency=Frequency.YEARLY
        )
        survey_indicator_compute(link)
        self.assertEqual(list(self.values(link)), [(date(2026, 1, 1), "")])

    def test_small_groups_are_suppressed_with_their_complement(self):
        # Couronneries 3 (small), Trois-Cités 6, Bellejouanne 7: Trois-Cités is hidden too,
        # otherwise the total minus Bellejouanne minus Trois-Cités gives Couronneries away.
        for _ in range(3):
            answer(self.survey, date(2026, 1, 5), belonging=5, quartier="cou")
        for _ in range(6):
            answer(self.survey, date(2026, 1, 5), belonging=1, quartier="tc")
        for _ in range(7):
            answer(self.survey, date(2026, 1, 5), belonging=4, quartier="bel")
        link = self.link()

        survey_indicator_compute(link)

        values = self.values(link)
        for key in ("neighbourhood=Couronneries", "neighbourhood=Trois-Cités"):
            hidden = values[(date(2026, 1, 1), key)]
            self.assertIs(hidden.suppressed, True)
            self.assertIsNone(hidden.value)
            self.assertIsNone(hidden.respondents)
        shown = values[(date(2026, 1, 1), "neighbourhood=Bellejouanne")]
        self.assertEqual((shown.suppressed, shown.respondents), (False, 7))
        self.assertEqual(values[(date(2026, 1, 1), "")].respondents, 16)

    def test_two_small_groups_need_no_complement(self):
        for quartier, people in (("cou", 2), ("tc", 3), ("bel", 6)):
            for _ in range(people):
                answer(self.survey, date(2026, 1, 5), belonging=5, quartier=quartier)
        link = self.link()
        survey_indicator_compute(link)
        values = self.values(link)
        self.assertIs(values[(date(2026, 1, 1), "neighbourhood=Bellejouanne")].suppressed, False)
        self.assertIs(values[(date(2026, 1, 1), "neighbourhood=Couronneries")].suppressed, True)

    def test_small_total_is_suppressed(self):
        for _ in range(4):
            answer(self.survey, date(2026, 1, 5), belonging=5)
        link = self.link()
        survey_indicator_compute(link)
        total = self.values(link)[(date(2026, 1, 1), "")]
        self.assertEqual((total.suppressed, total.value, total.respondents), (True, None, None))

    def test_recompute_replaces_and_leaves_locked_periods(self):
        for _ in range(5):
            answer(self.survey, date(2026, 1, 5), belonging=5)
            answer(self.survey, date(2026, 4, 5), belonging=5)
        link = self.link()
        survey_indicator_compute(link)
        PeriodLock.objects.create(indicator=link.indicator, period_start=date(2026, 1, 1))
        for _ in range(5):
            answer(self.survey, date(2026, 1, 6), belonging=1)
            answer(self.survey, date(2026, 4, 6), belonging=1)

        survey_indicator_compute(link)

        values = self.values(link)
        self.assertEqual(values[(date(2026, 1, 1), "")].value, Decimal("100.0000"))
        self.assertEqual(values[(date(2026, 4, 1), "")].value, Decimal("50.0000"))
        self.assertEqual(Value.objects.filter(indicator=link.indicator).count(), 2)

        Response.objects.filter(collected_on__month=4).delete()
        survey_indicator_compute(link)
        self.assertEqual(list(self.values(link)), [(date(2026, 1, 1), "")])

    def test_computation_takes_a_fixed_number_of_queries(self):
        for score in range(1, 6):
            answer(self.survey, date(2026, 1, 5), belonging=score, quartier="cou")
            answer(self.survey, date(2026, 5, 5), belonging=score, quartier="tc")
        link = SurveyIndicator.objects.select_related("indicator", "survey").get(pk=self.link().pk)
        # Two aggregates (total, neighbourhood), then savepoint, locks, delete, taken
        # cells, insert, link, release.
        with self.assertNumQueries(9):
            survey_indicator_compute(link)


class ScheduleTest(SurveyCase):
    def setUp(self):
        super().setUp()
        computation._claimed_until.clear()
        real_cache.delete(computation.recompute_cache_key(self.survey.pk))
        self.addCleanup(computation._claimed_until.clear)
        self.addCleanup(real_cache.delete, computation.recompute_cache_key(self.survey.pk))

    def test_a_claim_by_another_process_is_read_once_then_remembered(self):
        self.link()
        key = computation.recompute_cache_key(self.survey.pk)
        task = mock.MagicMock()
        task.get_backend.return_value.supports_defer = False
        with (
            override_settings(SURVEY_RECOMPUTE_DELAY=30),
            mock.patch.object(computation, "cache") as cache,
            mock.patch.object(computation, "survey_indicators_recompute_task", task),
            time_machine.travel(1_800_000_000, tick=False) as clock,
        ):
            cache.add.return_value = False
            cache.get.return_value = 1_800_000_020.0  # its run starts in 20 s
            for _ in range(3):
                survey_indicators_schedule(self.survey)
            self.assertEqual(cache.add.call_count, 1)
            cache.get.assert_called_once_with(key)
            clock.shift(25)  # past that deadline: ask the cache again
            cache.add.return_value = True
            survey_indicators_schedule(self.survey)
            self.assertEqual(cache.add.call_count, 2)
        task.enqueue.assert_called_once_with(survey_id=self.survey.pk)

    def test_immediate_when_no_delay(self):
        link = self.link()
        for _ in range(5):
            answer(self.survey, date(2026, 1, 5), belonging=5)
        with override_settings(SURVEY_RECOMPUTE_DELAY=0):
            survey_indicators_schedule(self.survey)
        self.assertEqual(Value.objects.get(indicator=link.indicator).value, Decimal("100.0000"))

    def test_nothing_happens_without_linked_indicators(self):
        task = mock.MagicMock()
        with (
            override_settings(SURVEY_RECOMPUTE_DELAY=30),
            mock.patch.object(computation, "survey_indicators_recompute_task", task),
        ):
            survey_indicators_schedule(self.survey)
        task.enqueue.assert_not_called()
        task.using.assert_not_called()
        with override_settings(SURVEY_RECOMPUTE_DELAY=0):
            survey_indicators_schedule(self.survey)
        self.assertFalse(Value.objects.exists())

    def test_no_query_within_the_delay_window(self):
        # A busy survey: every response after the first of a burst costs no query at all.
        self.link()
        real_cache.delete(computation.recompute_cache_key(self.survey.pk))
        task = mock.MagicMock()
        task.get_backend.return_value.supports_defer = True
        with (
            override_settings(SURVEY_RECOMPUTE_DELAY=30),
            mock.patch.object(computation, "survey_indicators_recompute_task", task),
        ):
            with self.assertNumQueries(1):
                survey_indicators_schedule(self.survey)
            with self.assertNumQueries(0):
                for _ in range(5):
                    survey_indicators_schedule(self.survey)
        task.using.return_value.enqueue.assert_called_once_with(survey_id=self.survey.pk)
        real_cache.delete(computation.recompute_cache_key(self.survey.pk))

    def test_a_survey_without_indicators_is_looked_up_once_per_window(self):
        real_cache.delete(computation.recompute_cache_key(self.survey.pk))
        with override_settings(SURVEY_RECOMPUTE_DELAY=30), self.assertNumQueries(1):
            for _ in range(5):
                survey_indicators_schedule(self.survey)
        real_cache.delete(computation.recompute_cache_key(self.survey.pk))

    def test_a_burst_of_responses_queues_one_recomputation(self):
        self.link()
        task = mock.MagicMock()
        task.get_backend.return_value.supports_defer = True
        with (
            override_settings(SURVEY_RECOMPUTE_DELAY=30),
            mock.patch.object(computation, "cache") as cache,
            mock.patch.object(computation, "survey_indicators_recompute_task", task),
        ):
            cache.add.side_effect = [True, False, False]
            for _ in range(3):
                survey_indicators_schedule(self.survey)

        # The value is when the queued run starts; the other calls found the claim here.
        cache.add.assert_called_once_with(
            f"surveys:recompute:{self.survey.pk}", mock.ANY, timeout=30
        )
        self.assertEqual(task.using.call_count, 1)
        task.using.return_value.enqueue.assert_called_once_with(survey_id=self.survey.pk)
        self.assertFalse(Value.objects.exists())

    def test_the_queued_task_recomputes(self):
        link = self.link()
        for _ in range(5):
            answer(self.survey, date(2026, 1, 5), belonging=4)
        with override_settings(SURVEY_RECOMPUTE_DELAY=30):
            survey_indicators_schedule(self.survey)  # immediate backend: runs now
        self.assertEqual(Value.objects.get(indicator=link.indicator).respondents, 5)
