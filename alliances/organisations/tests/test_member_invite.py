from datetime import timedelta

import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Invitation
from alliances.test import BaseTestCase


class MemberInviteTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("organisations:invite", args=[self.org.uuid])

    def invite(self, email="newcomer@example.org", role=Role.EDITOR):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"email": email, "role": role})

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_members_without_the_right_cannot_post(self):
        for user, status in [(self.outsider, 404), (self.viewer, 403), (self.editor, 403)]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.invite().status_code, status)
        self.assertFalse(Invitation.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_form_offers_editor_by_default(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, '<option value="editor" selected>')

    @time_machine.travel("2025-03-10 09:00 +00:00", tick=False)
    def test_admin_invites_by_email(self):
        self.login(self.admin)
        response = self.invite(email="  NewComer@Example.org ", role=Role.VIEWER)
        self.assertRedirects(response, reverse("organisations:members", args=[self.org.uuid]))
        invitation = Invitation.objects.get()
        self.assertEqual(invitation.email, "newcomer@example.org")
        self.assertEqual(invitation.role, Role.VIEWER)
        self.assertEqual(invitation.invited_by, self.admin)
        self.assertGreaterEqual(len(invitation.token), 40)
        self.assertEqual(invitation.expires_at, timezone.now() + timedelta(days=14))
        self.assertTrue(
            AuditEvent.objects.filter(verb="invitation.created", object_uuid=invitation.uuid)
        )
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["newcomer@example.org"])
        self.assertIn(self.org.name, message.subject)
        link = settings.SITE_URL + reverse(
            "organisations:invitation_accept", args=[invitation.token]
        )
        self.assertIn(link, message.body)
        self.assertIn("Alice Admin", message.body)

    def test_email_leaves_only_after_commit(self):
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(self.url, {"email": "newcomer@example.org", "role": Role.EDITOR})
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)

    def test_each_invitation_gets_its_own_token(self):
        self.login(self.admin)
        self.invite(email="one@example.org")
        self.invite(email="two@example.org")
        tokens = set(Invitation.objects.values_list("token", flat=True))
        self.assertEqual(len(tokens), 2)

    def test_inviting_a_member_is_refused(self):
        self.login(self.admin)
        response = self.invite(email="EDDIE@example.org")
        self.assertContains(response, "already a member", status_code=400)
        self.assertFalse(Invitation.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_second_open_invitation_is_refused(self):
        self.login(self.admin)
        self.invite()
        response = self.invite(email="newcomer@EXAMPLE.org")
        self.assertContains(response, "already been sent", status_code=400)
        self.assertEqual(Invitation.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_inviting_again_after_expiry_sends_a_fresh_invitation(self):
        self.login(self.admin)
        self.invite()
        old = Invitation.objects.get()
        with time_machine.travel(timezone.now() + timedelta(days=15)):
            self.login(self.admin)
            response = self.invite()
        self.assertRedirects(response, reverse("organisations:members", args=[self.org.uuid]))
        old.refresh_from_db()
        self.assertIsNotNone(old.revoked_at)
        fresh = Invitation.objects.exclude(pk=old.pk).get()
        self.assertNotEqual(fresh.token, old.token)
        self.assertEqual(len(mail.outbox), 2)

    def test_inviting_again_after_revocation_sends_a_fresh_invitation(self):
        self.login(self.admin)
        self.invite()
        Invitation.objects.update(revoked_at=timezone.now())
        self.assertEqual(self.invite().status_code, 302)
        self.assertEqual(Invitation.objects.filter(revoked_at__isnull=True).count(), 1)

    def test_invalid_input_is_shown_with_errors(self):
        self.login(self.admin)
        for data in [
            {},
            {"email": "not-an-address", "role": Role.EDITOR},
            {"email": "a@b.org", "role": "owner"},
        ]:
            with self.subTest(data=data):
                response = self.client.post(self.url, data)
                self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(Invitation.objects.exists())
