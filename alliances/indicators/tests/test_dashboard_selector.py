"""What the dashboard says about each indicator: series, progress, status and reason."""

from datetime import date
from decimal import Decimal

import time_machine

from alliances.indicators.models import (
    Accumulation,
    Direction,
    Indicator,
    IndicatorSource,
    IndicatorType,
    Objective,
    Outcome,
    Target,
    Value,
    ValueSource,
    ValueStatus,
)
from alliances.indicators.selectors.dashboards import Status, dashboard_for_partnership
from alliances.test import PartnershipTestCase

Q1, Q2, Q3 = date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)


TODAY = date(2026, 8, 15)  # Q1 and Q2 2026 are due (30 days of grace), Q3 is not


def make_outcome(partnership, title="Les collégiens réussissent") -> Outcome:
    objective = Objective.objects.create(partnership=partnership, title="Réussite éducative")
    return Outcome.objects.create(partnership=partnership, objective=objective, title=title)


def make_indicator(outcome, title, *, targets=None, **fields) -> Indicator:
    fields.setdefault("type", IndicatorType.PERCENTAGE)
    fields.setdefault("reporting_start", date(2026, 1, 1))
    indicator = Indicator.objects.create(
        partnership=outcome.partnership, outcome=outcome, title=title, **fields
    )
    for start, value in (targets or {}).items():
        Target.objects.create(indicator=indicator, period_start=start, value=Decimal(value))
    return indicator


def add_value(
    indicator, start, value, *, status=ValueStatus.APPROVED, key="", groups=None, **fields
):
    return Value.objects.create(
        partnership=indicator.partnership,
        indicator=indicator,
        period_start=start,
        value=None if value is None else Decimal(value),
        status=status,
        disaggregation=groups or {},
        disaggregation_key=key,
        **fields,
    )


def add_survey_value(indicator, start, value, respondents, *, key="", groups=None):
    suppressed = value is None
    return add_value(
        indicator,
        start,
        value,
        key=key,
        groups=groups,
        source=ValueSource.SURVEY,
        respondents=None if suppressed else respondents,
        suppressed=suppressed,
    )


@time_machine.travel(TODAY, tick=False)
class DashboardSelectorTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.outcome = make_outcome(cls.partnership)

    def item(self, indicator):
        dashboard = dashboard_for_partnership(partnership=self.partnership)
        return next(item for item in dashboard.indicators if item.indicator == indicator)

    def test_below_ninety_percent_of_the_target_is_off_track(self):
        indicator = make_indicator(
            self.outcome, "Taux de réussite", baseline_value=Decimal(50), targets={Q2: 70}
        )
        add_value(indicator, Q1, 55)
        add_value(indicator, Q2, 62)

        item = self.item(indicator)

        self.assertEqual(item.status, Status.OFF_TRACK)
        self.assertEqual(item.latest.start, Q2)
        self.assertEqual(item.progress, 60)
        self.assertIn("below the 70", item.reason)
        self.assertEqual(item.summary, "Latest: 62\u202f% in Q2 2026, target 70\u202f%, off track.")
        self.assertEqual([point.value for point in item.points], [Decimal(55), Decimal(62), None])
        # Q1 is held to the straight line from the baseline (50) to the Q2 target (70).
        self.assertEqual(item.points[0].expected, Decimal(60))
        self.assertEqual(item.points[0].status, Status.ON_TRACK)

    def test_within_the_margin_is_on_track(self):
        indicator = make_indicator(self.outcome, "Taux", targets={Q2: 70})
        add_value(indicator, Q1, 40)
        add_value(indicator, Q2, 64)
        self.assertEqual(self.item(indicator).status, Status.ON_TRACK)

    def test_only_approved_values_count(self):
        indicator = make_indicator(self.outcome, "Taux", reporting_start=Q3, targets={Q3: 50})
        add_value(indicator, Q3, 10, status=ValueStatus.SUBMITTED)
        item = self.item(indicator)
        self.assertEqual(item.status, Status.NO_DATA)
        self.assertIsNone(item.latest)
        self.assertEqual(item.summary, "No value yet (no data).")

    def test_cumulative_quantities_add_up(self):
        indicator = make_indicator(
            self.outcome,
            "Collégiens accompagnés",
            type=IndicatorType.QUANTITATIVE,
            accumulation=Accumulation.CUMULATIVE,
            unit="élèves",
            targets={Q2: 100, date(2026, 10, 1): 200},
        )
        add_value(indicator, Q1, 40)
        add_value(indicator, Q2, 50)

        item = self.item(indicator)

        self.assertEqual([point.value for point in item.points[:2]], [Decimal(40), Decimal(90)])
        self.assertEqual(item.points[1].recorded, Decimal(50))
        self.assertEqual(item.status, Status.ON_TRACK)  # 90 ≥ 90 % of 100
        self.assertEqual(item.progress, 45)  # toward the last target, 200
        self.assertEqual(item.final_target.start, date(2026, 10, 1))

    def test_lower_is_better_is_off_track_above_the_target(self):
        indicator = make_indicator(
            self.outcome,
            "Décrochage",
            direction=Direction.LOWER,
            baseline_value=Decimal(20),
            targets={Q2: 10},
        )
        add_value(indicator, Q1, 15)
        add_value(indicator, Q2, 12)
        item = self.item(indicator)
        self.assertEqual(item.status, Status.OFF_TRACK)
        self.assertIn("above the 10", item.reason)
        self.assertEqual(item.progress, 80)

    def test_an_overdue_period_is_off_track(self):
        indicator = make_indicator(self.outcome, "Présence", targets={Q1: 50})
        add_value(indicator, Q1, 80)
        item = self.item(indicator)
        self.assertEqual(item.status, Status.OFF_TRACK)
        self.assertTrue(item.reason_is_overdue)
        self.assertEqual(item.reason, "No value for Q2 2026, whose reporting deadline has passed.")
        self.assertEqual(item.alert_period, "2026-04-01")
        self.assertEqual(item.points[1].status, Status.MISSING)
        self.assertEqual(item.points[2].status, Status.PENDING)

    def test_values_without_a_target(self):
        indicator = make_indicator(self.outcome, "Ateliers", reporting_start=Q3)
        add_value(indicator, Q3, 3)
        self.assertEqual(self.item(indicator).status, Status.NO_TARGET)

    def test_survey_values_breakdown_and_suppressed_cells(self):
        indicator = make_indicator(
            self.outcome,
            "Sentiment d'appartenance",
            reporting_start=Q3,
            source=IndicatorSource.SURVEY,
            targets={Q3: 60},
            disaggregations=[
                {"name": "quartier", "label": "Quartier", "categories": ["Nord", "Sud", "Est"]}
            ],
        )
        add_survey_value(indicator, Q3, 62.5, 40)
        for category, value, people in (("Sud", 70, 20), ("Nord", 55, 16), ("Est", None, 4)):
            add_survey_value(
                indicator,
                Q3,
                value,
                people,
                key=f"quartier={category}",
                groups={"quartier": category},
            )

        item = self.item(indicator)

        self.assertTrue(item.is_survey)
        self.assertEqual(item.respondents, 40)
        self.assertEqual(item.status, Status.ON_TRACK)
        (breakdown,) = item.breakdown
        self.assertEqual([cell.category for cell in breakdown.cells], ["Nord", "Sud", "Est"])
        hidden = breakdown.cells[2]
        self.assertEqual((hidden.value, hidden.respondents, hidden.suppressed), (None, None, True))
        self.assertEqual(breakdown.cells[1].share, "1.000")

    def test_a_suppressed_total_shows_no_figure(self):
        indicator = make_indicator(
            self.outcome, "Bien-être", reporting_start=Q3, source=IndicatorSource.SURVEY
        )
        add_survey_value(indicator, Q3, None, 3)
        item = self.item(indicator)
        self.assertIsNone(item.latest)
        self.assertIs(item.points[-1].suppressed, True)
        self.assertEqual(item.chart_data()["series"]["value"], [None])

    def test_a_fixed_number_of_queries(self):
        for number in range(4):
            indicator = make_indicator(
                self.outcome,
                f"Indicateur {number}",
                targets={Q2: 10},
                disaggregations=[{"name": "genre", "label": "Genre", "categories": ["f", "h"]}],
            )
            add_value(indicator, Q1, 5)
            add_value(indicator, Q2, 9)
            add_value(indicator, Q2, 4, key="genre=f", groups={"genre": "f"})
        # Indicators, totals, targets, breakdowns of the latest periods.
        with self.assertNumQueries(4):
            dashboard = dashboard_for_partnership(partnership=self.partnership)
        self.assertEqual(dashboard.on_track, 4)

    def test_another_partnerships_values_are_not_read(self):
        from alliances.test import make_partnership

        other, _parties = make_partnership("Autre", coordinator=self.org)
        indicator = make_indicator(make_outcome(other), "Ailleurs")
        add_value(indicator, Q1, 10)
        dashboard = dashboard_for_partnership(partnership=self.partnership)
        self.assertEqual(dashboard.indicators, [])
