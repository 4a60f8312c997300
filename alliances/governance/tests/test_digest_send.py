"""The weekly digest job: who receives what, once a week, in French by default."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from alliances.governance.models import (
    ActionItem,
    Decision,
    DigestPreference,
    HealthCheckParticipation,
    HealthCheckRound,
    Vote,
)
from alliances.governance.selectors.digest import digest_week_key
from alliances.governance.services.digest import weekly_digests_send
from alliances.governance.tests.test_calendar_setup import CalendarTestCase
from alliances.organisations.models import Membership
from alliances.partnerships.models import DecisionRule
from alliances.partnerships.services.activity import activity_record
from alliances.test import add_member, make_user

SITE = "https://alliances.example.org"
PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 3, 9)
# Inside the reported week (Monday 2 to Sunday 8 March).
IN_WEEK = datetime(2026, 3, 4, 10, 0, tzinfo=PARIS)


def mail_to(user):
    found = [message for message in mail.outbox if message.to == [user.email]]
    return found[0] if len(found) == 1 else None


@override_settings(SITE_URL=SITE)
@time_machine.travel("2026-03-09 07:00 +0100", tick=False)
class WeeklyDigestTests(CalendarTestCase):
    def record(self, verb="partnership.edited", *, actor=None, when=IN_WEEK, **kwargs):
        with time_machine.travel(when, tick=False):
            return activity_record(
                partnership=self.partnership, actor=actor or self.editor, verb=verb, **kwargs
            )

    def test_week_key_is_the_monday_of_the_previous_calendar_week(self):
        self.assertEqual(digest_week_key(MONDAY), date(2026, 3, 2))
        self.assertEqual(digest_week_key(date(2026, 3, 15)), date(2026, 3, 2))
        self.assertEqual(digest_week_key(date(2026, 3, 16)), date(2026, 3, 9))

    def test_each_member_gets_the_lines_of_the_week(self):
        self.record()
        self.record(verb="party.left", when=datetime(2026, 3, 1, 23, 0, tzinfo=PARIS))
        self.record(verb="party.declined", when=timezone.now())
        sent = weekly_digests_send(today=MONDAY)
        receivers = {message.to[0] for message in mail.outbox}
        # The editor's only line is their own: nothing to tell them. Outsider and staff
        # reach no partnership.
        self.assertEqual(
            receivers,
            {
                self.admin.email,
                self.viewer.email,
                self.company_admin.email,
                self.commune_admin.email,
            },
        )
        self.assertEqual(sent, 4)
        message = mail_to(self.viewer)
        self.assertIn("Eddie Editor edited the workspace.", message.body)
        self.assertNotIn("left the partnership", message.body)
        self.assertNotIn("declined", message.body)
        self.assertIn("Réussir au collège", message.subject + message.body)
        self.assertIn(
            f"{SITE}{reverse('governance:overview', args=[self.partnership.uuid])}", message.body
        )
        html, kind = message.alternatives[0]
        self.assertEqual(kind, "text/html")
        self.assertIn("Eddie Editor edited the workspace.", html)

    def test_opt_out_link_and_header(self):
        self.record()
        weekly_digests_send(today=MONDAY)
        message = mail_to(self.viewer)
        preference = DigestPreference.objects.get(user=self.viewer)
        self.assertTrue(preference.weekly)
        self.assertEqual(preference.last_week_sent, date(2026, 3, 2))
        unsubscribe = SITE + reverse("me:digest_unsubscribe", args=[preference.unsubscribe_token])
        self.assertEqual(message.extra_headers["List-Unsubscribe"], f"<{unsubscribe}>")
        self.assertEqual(
            message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click"
        )
        self.assertIn(unsubscribe, message.body)
        self.assertIn(unsubscribe, message.alternatives[0][0])

    def test_once_per_week(self):
        self.record()
        self.assertEqual(weekly_digests_send(today=MONDAY), 4)
        self.assertEqual(weekly_digests_send(today=MONDAY), 0)
        self.assertEqual(weekly_digests_send(today=MONDAY + timedelta(days=1)), 0)
        self.assertEqual(len(mail.outbox), 4)
        self.record(when=datetime(2026, 3, 11, 10, 0, tzinfo=PARIS))
        with time_machine.travel("2026-03-16 07:00 +0100", tick=False):
            self.assertEqual(weekly_digests_send(today=MONDAY + timedelta(days=7)), 4)

    def test_a_week_claimed_by_another_run_is_not_sent_again(self):
        self.record()
        DigestPreference.objects.create(
            user=self.viewer, unsubscribe_token="claimed", last_week_sent=date(2026, 3, 2)
        )
        weekly_digests_send(today=MONDAY)
        self.assertIsNone(mail_to(self.viewer))

    def test_opted_out_people_get_nothing(self):
        self.record()
        DigestPreference.objects.create(user=self.viewer, unsubscribe_token="t", weekly=False)
        weekly_digests_send(today=MONDAY)
        self.assertIsNone(mail_to(self.viewer))
        self.assertIsNotNone(mail_to(self.admin))

    def test_unverified_or_inactive_people_get_nothing(self):
        unverified = make_user("ursula@example.org", verified=False)
        add_member(unverified, self.org, "viewer")
        self.viewer.is_active = False
        self.viewer.save()
        self.record()
        weekly_digests_send(today=MONDAY)
        self.assertIsNone(mail_to(unverified))
        self.assertIsNone(mail_to(self.viewer))

    def test_nothing_to_say_sends_nothing(self):
        self.assertEqual(weekly_digests_send(today=MONDAY), 2)
        # Only the committee members, for the meeting of 12 March.
        self.assertEqual(
            {message.to[0] for message in mail.outbox}, {self.admin.email, self.company_admin.email}
        )
        self.assertFalse(DigestPreference.objects.filter(user=self.viewer).exists())

    def test_confidential_lines_reach_only_their_audience(self):
        self.record(
            "conflict.raised",
            actor=self.admin,
            party=self.lead_party,
            data={"topic": "Calendrier des versements"},
            audience=[self.lead_party, self.company_party],
        )
        self.record()
        weekly_digests_send(today=MONDAY)
        self.assertIn("Calendrier des versements", mail_to(self.company_admin).body)
        self.assertIn("Calendrier des versements", mail_to(self.viewer).body)
        commune = mail_to(self.commune_admin)
        self.assertIn("edited the workspace", commune.body)
        self.assertNotIn("Calendrier des versements", commune.body)
        self.assertNotIn("Calendrier des versements", commune.alternatives[0][0])

    def test_people_who_left_hear_nothing_more(self):
        self.record()
        Membership.objects.filter(user=self.company_admin).delete()
        weekly_digests_send(today=MONDAY)
        self.assertIsNone(mail_to(self.company_admin))

    def test_what_waits_for_the_person(self):
        def action(title, due_on, **fields):
            return ActionItem.objects.create(
                partnership=self.partnership,
                title=title,
                owner=self.commune_admin,
                owner_party=self.commune_party,
                due_on=due_on,
                **fields,
            )

        action("Réserver la salle", date(2026, 3, 2))
        action("Signer la convention", date(2026, 3, 16))
        action("Plus tard", date(2026, 3, 17))
        decision = Decision.objects.create(
            partnership=self.partnership,
            number=4,
            title="Ouvrir un second groupe",
            rule=DecisionRule.CONSENSUS,
        )
        Vote.objects.create(decision=decision, party=self.company_party, choice="for")
        health_round = HealthCheckRound.objects.create(
            partnership=self.partnership,
            number=1,
            opens_on=date(2026, 3, 2),
            closes_on=date(2026, 3, 23),
        )
        HealthCheckParticipation.objects.create(
            round=health_round, user=self.company_admin, party=self.company_party
        )
        weekly_digests_send(today=MONDAY)

        commune = mail_to(self.commune_admin).body
        self.assertIn("Réserver la salle · overdue since 2 March 2026", commune)
        self.assertIn("Signer la convention · due 16 March 2026", commune)
        self.assertNotIn("Plus tard", commune)
        self.assertIn("A health check is open until 23 March 2026", commune)
        self.assertNotIn("Comité de pilotage", commune)  # not on the committee

        admin = mail_to(self.admin).body
        self.assertIn("D-004 · Ouvrir un second groupe", admin)
        decision_url = reverse(
            "governance:decision_detail", args=[self.partnership.uuid, decision.uuid]
        )
        self.assertIn(SITE + decision_url, admin)
        self.assertIn("Comité de pilotage", admin)
        self.assertIn("A health check is open", admin)

        company = mail_to(self.company_admin).body
        self.assertNotIn("Ouvrir un second groupe", company)  # its party voted
        self.assertNotIn("health check", company)  # answered

    def test_french_by_default(self):
        self.record()
        with self.settings(LANGUAGE_CODE="fr"):
            weekly_digests_send(today=MONDAY)
        message = mail_to(self.viewer)
        self.assertIn("mars", message.subject)
        self.assertIn("Eddie Editor a modifié l'espace de travail.", message.body)
        self.assertIn('lang="fr"', message.alternatives[0][0])

    def test_a_failed_send_is_tried_again_next_run(self):
        self.record()
        with (
            mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")),
            self.assertLogs("alliances.lib.emails", "ERROR"),
        ):
            self.assertEqual(weekly_digests_send(today=MONDAY), 0)
        self.assertFalse(DigestPreference.objects.filter(last_week_sent__isnull=False).exists())
        self.assertEqual(weekly_digests_send(today=MONDAY), 4)
