"""The daily job: scheduled rounds open, rounds past their date close with their alerts, and
running it twice the same day does nothing more."""

from datetime import date

import time_machine
from django.core.management import call_command
from django.utils import timezone

from alliances.governance.models import (
    Frequency,
    GovernanceSettings,
    HealthAlert,
    HealthCheckRound,
    Rating,
    RoundStatus,
)
from alliances.governance.services.health import add_months, health_rounds_run, next_health_date
from alliances.governance.tests.test_health_support import HealthTestCase, add_answers, make_round
from alliances.partnerships.models import Notification, Stage


class ScheduleDateTests(HealthTestCase):
    def test_add_months_keeps_the_day_or_the_months_end(self):
        self.assertEqual(add_months(date(2026, 1, 31), 1), date(2026, 2, 28))
        self.assertEqual(add_months(date(2026, 11, 15), 3), date(2027, 2, 15))

    def test_missed_periods_are_skipped_from_the_date_that_was_due(self):
        due = date(2026, 1, 31)
        self.assertEqual(
            next_health_date(scheduled=due, frequency=Frequency.QUARTERLY, today=due),
            date(2026, 4, 30),
        )
        self.assertEqual(
            next_health_date(scheduled=due, frequency=Frequency.QUARTERLY, today=date(2026, 8, 2)),
            date(2026, 10, 31),
        )
        self.assertIsNone(next_health_date(scheduled=due, frequency=Frequency.NONE, today=due))


class HealthRoundsRunTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.schedule = GovernanceSettings.objects.create(
            partnership=cls.partnership,
            health_frequency=Frequency.QUARTERLY,
            health_next_on=date(2026, 1, 5),
            health_open_days=14,
        )

    def run_on(self, day: date) -> int:
        with time_machine.travel(f"{day.isoformat()} 06:00 +0100", tick=False):
            self.assertEqual(timezone.localdate(), day)
            return health_rounds_run(today=day)

    def test_opens_on_schedule_once(self):
        self.assertEqual(self.run_on(date(2026, 1, 4)), 0)
        self.assertEqual(self.run_on(date(2026, 1, 5)), 1)
        self.assertEqual(self.run_on(date(2026, 1, 5)), 0)
        round = HealthCheckRound.objects.get()
        self.assertEqual((round.number, round.closes_on), (1, date(2026, 1, 19)))
        self.assertIsNone(round.created_by)
        self.schedule.refresh_from_db()
        self.assertEqual(self.schedule.health_next_on, date(2026, 4, 5))
        self.assertEqual(Notification.objects.filter(verb="health.round_opened").count(), 5)

    def test_closes_after_the_last_day_with_alerts_once(self):
        before = make_round(self.partnership, 1)
        add_answers(before, self.lead_party, 3, Rating.GREEN)
        self.run_on(date(2026, 1, 5))
        current = HealthCheckRound.objects.get(status=RoundStatus.OPEN)
        add_answers(current, self.lead_party, 3, Rating.RED)
        self.assertEqual(self.run_on(date(2026, 1, 19)), 0)  # the last day to answer
        self.assertEqual(self.run_on(date(2026, 1, 20)), 1)
        self.assertEqual(self.run_on(date(2026, 1, 20)), 0)
        current.refresh_from_db()
        self.assertEqual(current.status, RoundStatus.CLOSED)
        alerts = HealthAlert.objects.filter(round=current).count()
        self.assertEqual(alerts, 8)  # seven drops and the lead below the threshold
        self.assertEqual(Notification.objects.filter(verb="health.alert").count(), alerts * 2)

    def test_waits_for_the_open_round_then_skips_missed_periods(self):
        make_round(self.partnership, 1, status=RoundStatus.OPEN, closes_on=date(2026, 7, 5))
        self.assertEqual(self.run_on(date(2026, 1, 5)), 0)
        # Closes the old round and opens the one due since January; April and July are past.
        self.assertEqual(self.run_on(date(2026, 7, 6)), 2)
        self.schedule.refresh_from_db()
        self.assertEqual(self.schedule.health_next_on, date(2026, 10, 5))
        self.assertEqual(HealthCheckRound.objects.get(status=RoundStatus.OPEN).number, 2)

    def test_unscheduled_and_closed_partnerships_are_left_alone(self):
        self.schedule.health_frequency = Frequency.NONE
        self.schedule.save()
        self.assertEqual(self.run_on(date(2026, 1, 5)), 0)
        self.schedule.health_frequency = Frequency.MONTHLY
        self.schedule.save()
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.assertEqual(self.run_on(date(2026, 1, 5)), 0)
        self.assertFalse(HealthCheckRound.objects.exists())

    def test_the_daily_command_runs_it(self):
        with time_machine.travel("2026-01-05 06:00 +0100", tick=False):
            call_command("governance_daily", verbosity=0)
        self.assertEqual(HealthCheckRound.objects.count(), 1)
