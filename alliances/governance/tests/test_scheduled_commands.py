from datetime import date, timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from alliances.governance.models import (
    ActionItem,
    Conflict,
    GovernanceSettings,
    HealthCheckRound,
)
from alliances.partnerships.models import Activity
from alliances.test import PartnershipTestCase


class GovernanceDailyCommandTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel("2026-03-01 09:00 +0100", tick=False):
            ActionItem.objects.create(
                partnership=cls.partnership,
                title="Envoyer le bilan",
                owner=cls.company_admin,
                owner_party=cls.company_party,
                due_on=date(2026, 3, 10),
            )
            conflict = Conflict.objects.create(
                partnership=cls.partnership,
                number=1,
                topic="Partage des locaux",
                description="…",
                raised_by_party=cls.lead_party,
            )
            conflict.parties.set([cls.lead_party, cls.company_party])
        GovernanceSettings.objects.create(
            partnership=cls.partnership, health_next_on=date(2026, 4, 6)
        )

    def run_daily(self, day: str) -> str:
        out = StringIO()
        call_command("governance_daily", "--date", day, stdout=out)
        return out.getvalue()

    def test_one_run_does_the_three_jobs_and_a_second_does_nothing(self):
        with time_machine.travel("2026-04-06 06:00 +0200", tick=False):
            output = self.run_daily("2026-04-06")
            self.assertIn("1 action reminder e-mail(s)", output)
            self.assertIn("1 health-check round(s) opened or closed", output)
            self.assertIn("1 stale conflict(s) flagged", output)
            self.assertEqual(HealthCheckRound.objects.count(), 1)
            self.assertTrue(Activity.objects.filter(verb="conflict.stale").exists())
            sent = len(mail.outbox)
            again = self.run_daily("2026-04-06")
        self.assertIn("0 action reminder e-mail(s), 0 health-check round(s)", again)
        self.assertIn("0 stale conflict(s)", again)
        self.assertEqual(len(mail.outbox), sent)

    def test_a_bad_date_is_refused_clearly(self):
        with self.assertRaisesMessage(CommandError, "--date must be written YYYY-MM-DD."):
            self.run_daily("06/04/2026")


class WeeklyDigestCommandTests(PartnershipTestCase):
    def test_sends_the_week_once(self):
        Activity.objects.create(
            partnership=self.partnership, verb="partnership.edited", data={"actor": "Alice"}
        )
        today = timezone.localdate() + timedelta(days=1)
        out = StringIO()
        call_command("send_weekly_digests", "--date", today.isoformat(), stdout=out)
        first = int(out.getvalue().split()[0])
        self.assertGreater(first, 0)
        out = StringIO()
        call_command("send_weekly_digests", "--date", today.isoformat(), stdout=out)
        self.assertEqual(out.getvalue().strip(), "0 digest(s) sent.")
