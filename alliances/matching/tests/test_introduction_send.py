"""Sending an introduction: each administrator of the organisation written to gets their own
e-mail, nobody sees anybody's address, and the limits keep it from becoming bulk mail."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.matching.models import Introduction
from alliances.matching.services.introductions import introduction_send
from alliances.matching.tests.test_suggestion_setup import SuggestionCase
from alliances.partnerships.models import Notification
from alliances.test import add_member, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADDRESSES = (
    "bea@buxerolles.example.org",
    "bruno@buxerolles.example.org",
    "eddie@example.org",
    "alice@example.org",
)


@time_machine.travel(NOW, tick=False)
class IntroductionSendTests(SuggestionCase):
    def send(self, to=None, *, sender=None, subject="Bonjour", message="Travaillons ensemble."):
        return introduction_send(
            sender=sender or self.editor,
            from_organisation=self.org,
            to_organisation=to or self.volunteers_org,
            subject=subject,
            message=message,
        )

    def assertRefused(self, text, **kwargs):  # noqa: N802
        with self.assertRaisesMessage(ValidationError, text):
            self.send(**kwargs)

    def test_each_administrator_gets_their_own_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            intro = self.send(subject="Aide aux devoirs", message="Bonjour,\nParlons-en.")
        self.assertEqual(intro.recipients, 2)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(sorted(email.to[0] for email in mail.outbox), sorted(ADDRESSES[:2]))
        for email in mail.outbox:
            self.assertEqual(len(email.to), 1)
            self.assertEqual((email.cc, email.bcc, email.reply_to), ([], [], []))
            self.assertNotIn("Reply-To", email.extra_headers)
            self.assertIn(
                "Introduction from Maison des Trois-Cités: Aide aux devoirs", email.subject
            )
            html = email.alternatives[0][0]
            for body in (email.body, html):
                self.assertIn("Eddie Editor, of Maison des Trois-Cités, sent Bénévoles", body)
                self.assertIn("Parlons-en.", body)
                self.assertIn(reverse("organisations:detail", args=[self.org.uuid]), body)
                self.assertIn(reverse("matching:proposal_create", args=[self.org.uuid]), body)
                self.assertIn(reverse("organisations:edit", args=[self.volunteers_org.uuid]), body)
                self.assertIn("To stop receiving introductions", body)
                others = [address for address in ADDRESSES if address != email.to[0]]
                for address in others:
                    self.assertNotIn(address, body)

    def test_the_site_notifies_without_a_second_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.send(subject="Aide aux devoirs")
        notifications = Notification.objects.filter(verb="introduction.received")
        self.assertEqual({n.user for n in notifications}, {self.bea, self.bruno})
        for notification in notifications:
            self.assertIsNone(notification.partnership)
            self.assertIsNotNone(notification.emailed_at)
            self.assertEqual(
                notification.data,
                {
                    "actor": "Eddie Editor",
                    "from": "Maison des Trois-Cités",
                    "to": "Bénévoles de Buxerolles",
                    "subject": "Aide aux devoirs",
                },
            )
            self.assertEqual(
                notification.url, reverse("organisations:detail", args=[self.org.uuid])
            )
        self.assertEqual(len(mail.outbox), 2)

    def test_a_sender_without_a_name_is_not_shown_by_address(self):
        nameless = make_user("nameless@example.org")
        add_member(nameless, self.org, Role.EDITOR)
        with self.captureOnCommitCallbacks(execute=True):
            self.send(sender=nameless)
        for email in mail.outbox:
            self.assertNotIn("nameless@example.org", email.body)
            self.assertIn("A member, of Maison des Trois-Cités", email.body)
        for notification in Notification.objects.filter(verb="introduction.received"):
            self.assertNotIn("nameless@example.org", str(notification.data))

    def test_stored_and_audited(self):
        intro = self.send(subject="  Aide   aux devoirs ", message="  Bonjour  ")
        intro.refresh_from_db()
        self.assertEqual((intro.subject, intro.message), ("Aide aux devoirs", "Bonjour"))
        self.assertEqual((intro.sender, intro.from_organisation), (self.editor, self.org))
        audit = AuditEvent.objects.get(verb="introduction.sent")
        self.assertEqual(audit.organisation_uuid, self.org.uuid)
        self.assertEqual(audit.data, {"to": str(self.volunteers_org.uuid), "recipients": 2})

    def test_an_organisation_that_opted_out_is_not_written_to(self):
        self.volunteers_org.accepts_introductions = False
        self.volunteers_org.save(update_fields=["accepts_introductions"])
        self.assertRefused(
            "Bénévoles de Buxerolles does not accept introduction messages; its public contact "
            "details are on its profile."
        )
        self.assertFalse(Introduction.objects.exists())

    def test_an_inactive_organisation_is_not_written_to(self):
        self.volunteers_org.is_active = False
        self.volunteers_org.save(update_fields=["is_active"])
        self.assertRefused("Bénévoles de Buxerolles is no longer active")
        self.volunteers_org.is_active = True
        self.volunteers_org.dissolved_on = NOW.date()
        self.volunteers_org.save(update_fields=["is_active", "dissolved_on"])
        self.assertRefused("Bénévoles de Buxerolles is no longer active")

    def test_not_to_itself(self):
        self.assertRefused("An organisation cannot send an introduction to itself.", to=self.org)

    def test_an_organisation_without_administrator_is_not_written_to(self):
        self.assertRefused(
            "Fondation Niort Solidaire has no administrator on Alliances yet", to=self.foundation
        )
        self.bea.is_active = self.bruno.is_active = False
        self.bea.save(update_fields=["is_active"])
        self.bruno.save(update_fields=["is_active"])
        self.assertRefused("Bénévoles de Buxerolles has no administrator on Alliances yet")

    @override_settings(MATCHING_INTRODUCTIONS_PER_DAY=2)
    def test_a_person_sends_a_few_per_day(self):
        self.send(to=self.volunteers_org)
        self.send(to=self.company)
        self.assertRefused(
            "You have sent 2 introductions in the last 24 hours; try again tomorrow.",
            to=self.commune,
        )
        # Another person of the same organisation has their own allowance.
        introduction_send(
            sender=self.admin,
            from_organisation=self.org,
            to_organisation=self.commune,
            subject="Bonjour",
            message="Bonjour",
        )
        with time_machine.travel(NOW + timedelta(hours=24, minutes=1), tick=False):
            self.assertEqual(self.send(to=self.other_org).recipients, 1)

    def test_the_same_organisation_waits_before_writing_again(self):
        self.send()
        self.assertRefused(
            "Maison des Trois-Cités already introduced itself to Bénévoles de Buxerolles on "
            "March 2, 2026. You may write to them again from April 1, 2026",
            sender=self.admin,
        )
        with time_machine.travel(NOW + timedelta(days=30, minutes=1), tick=False):
            self.assertEqual(self.send(sender=self.admin).recipients, 2)

    def test_the_message_is_required(self):
        with self.assertRaises(ValidationError) as caught:
            self.send(subject=" ", message="")
        self.assertEqual(set(caught.exception.message_dict), {"subject", "message"})

    def test_only_those_who_find_partners_send(self):
        with self.assertRaises(PermissionDenied):
            self.send(sender=self.viewer)
        with self.assertRaises(PermissionDenied):
            self.send(sender=self.outsider)
        self.assertFalse(Introduction.objects.exists())
