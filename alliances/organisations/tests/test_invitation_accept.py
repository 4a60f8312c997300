import re
import secrets
from datetime import timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.models import User
from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Invitation, Membership
from alliances.test import PASSWORD, BaseTestCase, make_user


def make_invitation(organisation, *, email="newcomer@example.org", role=Role.EDITOR, **fields):
    fields.setdefault("expires_at", timezone.now() + timedelta(days=14))
    return Invitation.objects.create(
        organisation=organisation, email=email, role=role, token=secrets.token_urlsafe(32), **fields
    )


class InvitationAcceptTests(BaseTestCase):
    def setUp(self):
        self.invitation = make_invitation(self.org, invited_by=self.admin)
        self.url = reverse("organisations:invitation_accept", args=[self.invitation.token])

    def test_unknown_or_malformed_token_is_not_found(self):
        for token in ["no-such-token", "\x00", "a" * 65, "a.b"]:
            with self.subTest(token=token):
                url = reverse("organisations:invitation_accept", args=[token])
                self.login(None)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.login(self.outsider)
                self.assertEqual(self.client.post(url).status_code, 404)

    def test_expired_revoked_or_used_invitations_are_gone(self):
        cases = {
            "expired": {"expires_at": timezone.now() - timedelta(minutes=1)},
            "withdrawn": {"revoked_at": timezone.now()},
            "already been accepted": {"accepted_at": timezone.now(), "accepted_by": self.viewer},
        }
        for text, fields in cases.items():
            reset = {"expires_at": timezone.now() + timedelta(days=1), "revoked_at": None}
            Invitation.objects.filter(pk=self.invitation.pk).update(
                **{**reset, "accepted_at": None, **fields}
            )
            for user in (None, self.outsider):
                with self.subTest(case=text, user=user):
                    self.login(user)
                    response = self.client.get(self.url)
                    self.assertContains(response, text, status_code=410)
                    self.assertContains(response, "new invitation", status_code=410)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 410)
        self.assertFalse(Membership.objects.filter(user=self.outsider, organisation=self.org))

    def test_expiry_is_checked_at_the_moment_of_the_visit(self):
        self.login(self.outsider)
        with time_machine.travel(self.invitation.expires_at + timedelta(seconds=1)):
            self.login(self.outsider)
            response = self.client.post(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertFalse(Membership.objects.filter(user=self.outsider, organisation=self.org))

    def test_anonymous_visitor_sees_who_invites_and_how_to_continue(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Alice Admin")
        self.assertContains(response, self.org.name)
        self.assertContains(response, "Editor")
        self.assertContains(response, reverse("account_signup") + "?next=")
        self.assertContains(response, reverse("account_login") + "?next=")
        self.assertEqual(self.client.session["account_verified_email"], "newcomer@example.org")
        self.assertEqual(response["Cache-Control"].count("no-cache"), 1)

    def test_anonymous_post_goes_to_login(self):
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])
        self.assertFalse(Invitation.objects.filter(accepted_at__isnull=False).exists())

    def test_logged_in_user_is_asked_to_confirm(self):
        invited = make_user("newcomer@example.org")
        self.login(invited)
        response = self.client.get(self.url)
        self.assertContains(response, "Accept the invitation")
        self.assertNotContains(response, "but you are logged in as")
        self.assertFalse(Membership.objects.filter(user=invited).exists())

    def test_warning_when_logged_in_with_another_address(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, "but you are logged in as oscar@example.org")

    def test_accepting_creates_the_membership_with_the_invited_role(self):
        self.login(self.outsider)
        response = self.client.post(self.url)
        self.assertRedirects(
            response,
            reverse("organisations:detail", args=[self.org.uuid]),
            fetch_redirect_response=False,
        )
        membership = Membership.objects.get(user=self.outsider, organisation=self.org)
        self.assertEqual(membership.role, Role.EDITOR)
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.accepted_at)
        self.assertEqual(self.invitation.accepted_by, self.outsider)
        self.assertTrue(AuditEvent.objects.filter(verb="invitation.accepted"))
        self.assertTrue(AuditEvent.objects.filter(verb="membership.created"))
        [message] = get_messages(response.wsgi_request)
        self.assertIn("Welcome to", str(message))
        # The link cannot be used twice.
        self.assertEqual(self.client.post(self.url).status_code, 410)

    def test_existing_member_keeps_their_role(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "already a member")
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.org.memberships.get(user=self.viewer).role, Role.VIEWER)
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.accepted_by, self.viewer)
        [message] = get_messages(response.wsgi_request)
        self.assertIn("already a member", str(message))

    def test_get_on_the_link_changes_nothing(self):
        self.login(self.outsider)
        self.client.get(self.url)
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.accepted_at)

    def test_newcomer_signs_up_from_the_link_without_a_second_verification(self):
        response = self.client.get(self.url)
        page = response.content.decode()
        signup_url = re.search(r'href="([^"]*/signup/\?next=[^"]*)"', page)[1].replace("&amp;", "&")
        response = self.client.get(signup_url)
        self.assertContains(response, 'value="newcomer@example.org"')
        response = self.client.post(
            signup_url,
            {
                "full_name": "Nina Newcomer",
                "email": "newcomer@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        user = User.objects.get(email="newcomer@example.org")
        self.assertTrue(EmailAddress.objects.get(user=user).verified)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

        response = self.client.get(self.url)
        self.assertContains(response, "Accept the invitation")
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.org.memberships.get(user=user).role, Role.EDITOR)

    def test_signing_up_with_another_address_still_needs_verification(self):
        self.client.get(self.url)
        other = "someone-else@example.org"
        self.client.post(
            reverse("account_signup") + "?next=" + self.url,
            {"full_name": "Sol", "email": other, "password1": PASSWORD, "password2": PASSWORD},
        )
        # allauth keeps the invited address (proven by the link) verified; the other one is not.
        user = User.objects.get(emailaddress__email=other)
        self.assertFalse(EmailAddress.objects.get(email=other).verified)
        self.assertTrue(EmailAddress.objects.get(user=user, email="newcomer@example.org").verified)

    def test_existing_account_logs_in_from_the_link(self):
        invited = make_user("newcomer@example.org")
        response = self.client.get(self.url)
        login_url = re.search(r'href="([^"]*/login/\?next=[^"]*)"', response.content.decode())[1]
        response = self.client.post(
            login_url.replace("&amp;", "&"),
            {"login": "newcomer@example.org", "password": PASSWORD},
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.client.post(self.url)
        self.assertTrue(self.org.memberships.filter(user=invited).exists())

    def test_acceptor_can_reach_the_organisation_from_the_used_link(self):
        self.login(self.outsider)
        self.client.post(self.url)
        response = self.client.get(self.url)
        self.assertContains(
            response, reverse("organisations:detail", args=[self.org.uuid]), status_code=410
        )
