from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from alliances.governance.models import Conflict, ConflictStage, GovernanceSettings
from alliances.governance.services import conflicts as services
from alliances.governance.services.conflicts import conflict_note_add, stale_conflicts_flag
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Activity, Notification, Stage

START = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("UTC"))


def days_later(days: int) -> datetime:
    return START + timedelta(days=days)


class StaleConflictsTests(ConflictTestCase):
    def setUp(self):
        with time_machine.travel(START, tick=False):
            self.conflict = self.raise_conflict()
        Notification.objects.all().delete()

    def flag(self, days: int) -> int:
        with (
            time_machine.travel(days_later(days), tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            return stale_conflicts_flag(now=days_later(days))

    def test_nothing_before_the_default_thirty_days(self):
        self.assertEqual(self.flag(29), 0)
        self.assertFalse(Activity.objects.filter(verb="conflict.stale").exists())

    def test_flags_once_after_the_delay(self):
        mail.outbox.clear()
        self.assertEqual(self.flag(31), 1)
        self.conflict.refresh_from_db()
        self.assertEqual(self.conflict.stale_notified_at, days_later(31))
        activity = Activity.objects.get(verb="conflict.stale")
        self.assertEqual(activity.data, {"topic": "Partage des locaux", "days": 31})
        self.assertEqual(set(activity.audience.all()), {self.company_party, self.commune_party})
        told = set(
            Notification.objects.filter(verb="conflict.stale").values_list("user", flat=True)
        )
        self.assertEqual(
            told,
            {
                self.company_admin.pk,
                self.company_editor.pk,
                self.commune_admin.pk,
                self.commune_editor.pk,
            },
        )
        self.assertEqual(len(mail.outbox), 4)
        self.assertIn("no news for 31 days", mail.outbox[0].body)
        # Idempotent: the same day, and the days after, nothing more.
        self.assertEqual(self.flag(31), 0)
        self.assertEqual(self.flag(45), 0)
        self.assertEqual(Activity.objects.filter(verb="conflict.stale").count(), 1)
        self.assertEqual(len(mail.outbox), 4)

    def test_news_makes_it_eligible_again(self):
        self.assertEqual(self.flag(31), 1)
        with time_machine.travel(days_later(40), tick=False):
            conflict_note_add(
                conflict_access=self.conflict_access(self.company_admin, self.conflict),
                actor=self.company_admin,
                text="Relance envoyée.",
            )
        self.assertEqual(self.flag(60), 0)
        self.assertEqual(self.flag(71), 1)
        self.assertEqual(Activity.objects.filter(verb="conflict.stale").count(), 2)

    def test_uses_the_partnership_setting(self):
        GovernanceSettings.objects.create(partnership=self.partnership, conflict_stale_days=7)
        self.assertEqual(self.flag(6), 0)
        self.assertEqual(self.flag(8), 1)

    def test_closed_conflicts_and_closed_partnerships_are_left_alone(self):
        Conflict.objects.filter(pk=self.conflict.pk).update(
            stage=ConflictStage.RESOLVED, closed_at=START, outcome="Accord."
        )
        self.assertEqual(self.flag(90), 0)
        Conflict.objects.filter(pk=self.conflict.pk).update(stage=ConflictStage.MEDIATION)
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.assertEqual(self.flag(90), 0)

    def test_a_run_that_lost_the_claim_sends_nothing(self):
        # Another run flagged it between the read and the claim: the conditional update finds
        # nothing and this run stays silent.
        claim = services._claim_stale

        def claimed_elsewhere(conflict, now):
            Conflict.objects.filter(pk=conflict.pk).update(stale_notified_at=now)
            return claim(conflict, now)

        with mock.patch.object(services, "_claim_stale", side_effect=claimed_elsewhere):
            self.assertEqual(self.flag(31), 0)
        self.assertFalse(Activity.objects.filter(verb="conflict.stale").exists())
        self.assertFalse(Notification.objects.exists())

    def test_the_list_shows_how_long_it_has_been_silent(self):
        with time_machine.travel(days_later(33), tick=False):
            self.login(self.commune_admin)
            page = self.client.get(self.url("conflicts"))
        self.assertContains(page, "No news for 33 days")
