from datetime import date, timedelta

import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from alliances.governance.models import ActionItem, ActionReminder, ActionReminderKind, ActionStatus
from alliances.governance.services.reminders import action_reminders_send
from alliances.governance.tests.test_action_setup import TODAY, ActionTestCase, make_action
from alliances.organisations.models import Membership
from alliances.partnerships.models import PartyStatus, Stage
from alliances.test import make_partnership

SITE = "https://alliances.example.org"


@override_settings(ACTION_REMINDER_DAYS=3, SITE_URL=SITE)
class ActionRemindersTests(ActionTestCase):
    # On TODAY (2 March): `overdue` (Paula, due 20 February) is past due, `soon` (Vera, due
    # 4 March) is due within 3 days, `later` has no owner and `done` is done.

    def recipients(self) -> list[str]:
        return sorted(address for message in mail.outbox for address in message.to)

    def test_run_twice_sends_once(self):
        self.assertEqual(action_reminders_send(today=TODAY), 2)
        self.assertEqual(action_reminders_send(today=TODAY), 0)
        self.assertEqual(action_reminders_send(today=TODAY + timedelta(days=1)), 0)
        self.assertEqual(self.recipients(), [self.company_admin.email, self.viewer.email])
        self.assertEqual(
            set(ActionReminder.objects.values_list("action__title", "due_on", "kind")),
            {
                (self.overdue.title, date(2026, 2, 20), ActionReminderKind.OVERDUE),
                (self.soon.title, date(2026, 3, 4), ActionReminderKind.UPCOMING),
            },
        )

    def test_the_message(self):
        action_reminders_send(today=TODAY)
        message = next(m for m in mail.outbox if m.to == [self.company_admin.email])
        self.assertIn("overdue", message.subject)
        anchor = f"{SITE}/partnerships/{self.partnership.uuid}/governance/actions/#action-"
        self.assertIn(f"{anchor}{self.overdue.uuid}", message.body)
        self.assertIn("Envoyer le budget révisé", message.body)
        self.assertIn("overdue since 20 February 2026", message.body)
        self.assertIn(f"{SITE}/account/actions/", message.body)
        html, kind = message.alternatives[0]
        self.assertEqual(kind, "text/html")
        self.assertIn(f'href="{anchor}{self.overdue.uuid}"', html)
        upcoming = next(m for m in mail.outbox if m.to == [self.viewer.email])
        self.assertIn("due soon", upcoming.subject)
        self.assertIn("due 4 March 2026", upcoming.body)

    @override_settings(LANGUAGE_CODE="fr")
    def test_written_in_the_site_language(self):
        action_reminders_send(today=TODAY)
        message = next(m for m in mail.outbox if m.to == [self.company_admin.email])
        self.assertIn("20 février 2026", message.body)
        self.assertIn('lang="fr"', message.alternatives[0][0])

    def test_not_before_the_reminder_window(self):
        self.assertEqual(action_reminders_send(today=date(2026, 2, 28)), 1)  # only `overdue`
        self.assertEqual(self.recipients(), [self.company_admin.email])
        # 4 March is 3 days after 1 March: Vera is reminded from then on.
        self.assertEqual(action_reminders_send(today=date(2026, 3, 1)), 1)
        self.assertEqual(mail.outbox[-1].to, [self.viewer.email])

    def test_upcoming_then_overdue(self):
        action_reminders_send(today=TODAY)
        mail.outbox.clear()
        self.assertEqual(action_reminders_send(today=date(2026, 3, 4)), 0)  # due today
        self.assertEqual(action_reminders_send(today=date(2026, 3, 5)), 1)
        self.assertEqual(mail.outbox[0].to, [self.viewer.email])
        self.assertIn("overdue", mail.outbox[0].subject)

    def test_a_new_due_date_earns_new_reminders(self):
        action_reminders_send(today=TODAY)
        mail.outbox.clear()
        self.overdue.due_on = date(2026, 3, 3)
        self.overdue.save(update_fields=["due_on"])
        self.assertEqual(action_reminders_send(today=TODAY), 1)
        self.assertEqual(mail.outbox[0].to, [self.company_admin.email])
        self.assertIn("due soon", mail.outbox[0].subject)
        self.assertEqual(action_reminders_send(today=TODAY), 0)

    def test_done_and_cancelled_are_skipped(self):
        self.overdue.status = ActionStatus.DONE
        self.overdue.save(update_fields=["status"])
        self.soon.status = ActionStatus.CANCELLED
        self.soon.save(update_fields=["status"])
        self.assertEqual(action_reminders_send(today=TODAY), 0)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(ActionReminder.objects.exists())

    def test_closed_partnership_is_skipped(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.assertEqual(action_reminders_send(today=TODAY), 0)
        self.assertEqual(mail.outbox, [])

    def test_one_email_per_owner_grouping_their_actions(self):
        make_action(
            self.partnership,
            self.company_party,
            "Signer la convention",
            owner=self.company_admin,
            due_on=date(2026, 3, 3),
        )
        other, parties = make_partnership(
            "Jardins partagés", coordinator=self.org, partners=[(self.company, ["funder"])]
        )
        make_action(
            other,
            parties[self.company.pk],
            "Acheter les graines",
            owner=self.company_admin,
            due_on=date(2026, 2, 1),
        )
        self.assertEqual(action_reminders_send(today=TODAY), 2)
        message = next(m for m in mail.outbox if m.to == [self.company_admin.email])
        for title in ("Envoyer le budget révisé", "Signer la convention", "Acheter les graines"):
            self.assertIn(title, message.body)
        self.assertIn("Jardins partagés", message.body)
        self.assertIn("2 actions of yours are overdue", message.subject)

    def test_inactive_owner_is_skipped(self):
        self.viewer.is_active = False
        self.viewer.save(update_fields=["is_active"])
        self.assertEqual(action_reminders_send(today=TODAY), 1)
        self.assertEqual(self.recipients(), [self.company_admin.email])

    def test_owner_who_left_the_organisation_is_skipped(self):
        Membership.objects.filter(user=self.company_admin, organisation=self.company).delete()
        self.assertEqual(action_reminders_send(today=TODAY), 1)
        self.assertEqual(self.recipients(), [self.viewer.email])
        # Nothing was claimed for them: were they to come back, they would be reminded.
        self.assertFalse(ActionReminder.objects.filter(action=self.overdue).exists())

    def test_party_that_left_is_skipped(self):
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save(update_fields=["status"])
        self.assertEqual(action_reminders_send(today=TODAY), 1)
        self.assertEqual(self.recipients(), [self.viewer.email])

    def test_whoever_claimed_first_sends(self):
        # Another run already wrote the row for `overdue`: it sent that e-mail, not us.
        ActionReminder.objects.create(
            action=self.overdue, due_on=self.overdue.due_on, kind=ActionReminderKind.OVERDUE
        )
        self.assertEqual(action_reminders_send(today=TODAY), 1)
        self.assertEqual(self.recipients(), [self.viewer.email])


@override_settings(ACTION_REMINDER_DAYS=3, SITE_URL=SITE)
class DailyRunTests(ActionTestCase):
    def run_on(self, moment: str) -> int:
        with time_machine.travel(moment, tick=False):
            return action_reminders_send(today=timezone.localdate())

    def test_a_week_of_daily_runs_each_twice(self):
        sent = [
            self.run_on(f"2026-03-{day:02d} 06:00 +0000") for day in range(2, 8) for _run in (1, 2)
        ]
        # 2 March: Paula (overdue) and Vera (due 4 March); 5 March: Vera again, now overdue.
        self.assertEqual(sent, [2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        self.assertEqual(len(mail.outbox), 3)

    def test_a_date_moved_through_the_edit_page_rearms(self):
        ActionItem.objects.filter(pk=self.soon.pk).update(status=ActionStatus.DONE)
        self.run_on("2026-03-02 06:00 +0000")
        mail.outbox.clear()
        self.login(self.editor)
        url = reverse("governance:action_edit", args=[self.partnership.uuid, self.overdue.uuid])
        with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
            response = self.client.post(
                url,
                {
                    "title": self.overdue.title,
                    "owner_party": str(self.company_party.uuid),
                    "owner": str(self.company_admin.uuid),
                    "due_on": "2026-03-10",
                },
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.run_on("2026-03-06 06:00 +0000"), 0)
        self.assertEqual(self.run_on("2026-03-07 06:00 +0000"), 1)
        self.assertEqual(mail.outbox[0].to, [self.company_admin.email])
        self.assertIn("due 10 March 2026", mail.outbox[0].body)
