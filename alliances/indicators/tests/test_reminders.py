from datetime import date
from decimal import Decimal
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from alliances.core.permissions import Role
from alliances.indicators.models import Reminder, ReminderKind, ValueStatus
from alliances.indicators.selectors.values import reporting_schedule_in_partnership
from alliances.indicators.tasks import send_reporting_reminders
from alliances.indicators.tests.test_values_setup import Q1, ValuesTestCase
from alliances.test import add_member, make_user

# Q1 2026 ends on 31 March: due on 30 April (30 days of grace), reminded from 23 April.


class ReportingScheduleTests(ValuesTestCase):
    def test_periods_due_with_deadline_and_status(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.SUBMITTED)
        items = reporting_schedule_in_partnership(
            partnership=self.partnership, today=date(2026, 5, 2)
        )
        self.assertEqual(
            [(i.indicator, i.period_start, i.deadline, i.status, i.overdue) for i in items],
            [
                (self.share, Q1, date(2026, 4, 30), "not_started", True),
                (self.attendance, Q1, date(2026, 4, 30), "submitted", False),
            ],
        )
        self.assertEqual(items[0].party, self.lead_party)


class ReportingRemindersTests(ValuesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.share.delete()  # the company's indicator alone
        reader = make_user("rita@example.org")
        add_member(reader, cls.company, Role.VIEWER)

    def run_command(self):
        out = StringIO()
        call_command("send_reporting_reminders", stdout=out)
        return out.getvalue()

    def test_upcoming_then_overdue_each_once(self):
        with time_machine.travel("2026-04-22 08:00 +0000", tick=False):
            self.run_command()
        self.assertEqual(mail.outbox, [])
        with time_machine.travel("2026-04-23 08:00 +0000", tick=False):
            self.assertIn("2 reminder(s) sent", self.run_command())
            self.run_command()
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            sorted([self.company_admin.email, self.company_editor.email]),
        )
        message = mail.outbox[0]
        self.assertIn(f"/values/{self.attendance.uuid}/2026-01-01/", message.body)
        self.assertEqual(message.alternatives[0][1], "text/html")
        with time_machine.travel("2026-04-30 08:00 +0000", tick=False):
            self.run_command()
        self.assertEqual(len(mail.outbox), 2)
        with time_machine.travel("2026-05-01 08:00 +0000", tick=False):
            self.run_command()
            self.run_command()
        self.assertEqual(len(mail.outbox), 4)
        self.assertIn("overdue", mail.outbox[-1].subject.lower())
        self.assertEqual(
            set(Reminder.objects.values_list("kind", flat=True)),
            {ReminderKind.UPCOMING, ReminderKind.OVERDUE},
        )

    def test_nothing_when_submitted(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.SUBMITTED)
        with time_machine.travel("2026-05-01 08:00 +0000", tick=False):
            self.run_command()
        self.assertEqual(mail.outbox, [])

    @override_settings(LANGUAGE_CODE="fr")
    def test_in_french_by_default(self):
        with time_machine.travel("2026-05-01 08:00 +0000", tick=False):
            send_reporting_reminders.enqueue()
        self.assertTrue(mail.outbox)
        # Dates are written the French way (the messages follow once translated).
        self.assertIn("30 avril 2026", mail.outbox[0].body)
        self.assertIn("30 avril 2026", mail.outbox[0].alternatives[0][0])
