import secrets
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Invitation
from alliances.test import BaseTestCase


def make_invitation(organisation, **fields):
    return Invitation.objects.create(
        organisation=organisation,
        email=fields.pop("email", "newcomer@example.org"),
        role=Role.EDITOR,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=14),
        **fields,
    )


class InvitationRevokeTests(BaseTestCase):
    def setUp(self):
        self.invitation = make_invitation(self.org)

    def url(self, invitation, organisation=None):
        organisation = organisation or self.org
        return reverse("organisations:invitation_revoke", args=[organisation.uuid, invitation.uuid])

    def test_permissions(self):
        url = self.url(self.invitation)
        self.assertEqual(self.client.post(url).status_code, 302)
        for user, status in [(self.outsider, 404), (self.viewer, 403), (self.editor, 403)]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(url).status_code, status)
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.revoked_at)

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url(self.invitation)).status_code, 405)

    def test_admin_withdraws_an_invitation(self):
        self.login(self.admin)
        response = self.client.post(self.url(self.invitation))
        self.assertRedirects(response, reverse("organisations:members", args=[self.org.uuid]))
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.revoked_at)
        self.assertTrue(AuditEvent.objects.filter(verb="invitation.revoked"))
        # The link no longer works.
        self.login(None)
        accept = reverse("organisations:invitation_accept", args=[self.invitation.token])
        self.assertEqual(self.client.get(accept).status_code, 410)

    def test_accepted_invitation_cannot_be_withdrawn(self):
        Invitation.objects.filter(pk=self.invitation.pk).update(
            accepted_at=timezone.now(), accepted_by=self.viewer
        )
        self.login(self.admin)
        response = self.client.post(self.url(self.invitation))
        self.assertContains(response, "already been used", status_code=400)
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.revoked_at)

    def test_invitation_of_another_organisation_is_not_found(self):
        foreign = make_invitation(self.other_org)
        self.login(self.admin)
        self.assertEqual(self.client.post(self.url(foreign)).status_code, 404)
        foreign.refresh_from_db()
        self.assertIsNone(foreign.revoked_at)
