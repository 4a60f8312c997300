"""The foundation's promise, end to end through the pages: a visitor signs up, creates their
organisation, invites a colleague who has no account yet, and the colleague accepts."""

import re

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from alliances.organisations.models import Membership, Organisation


def _link(message, pattern: str) -> str:
    found = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert found, message.body
    return found.group(1)


class FirstJourneyTests(TestCase):
    def test_sign_up_create_invite_accept(self):
        # 1. A visitor signs up and confirms the address from the e-mail.
        response = self.client.post(
            reverse("account_signup"),
            {
                "full_name": "Léa Moreau",
                "email": "lea@example.org",
                "password1": "un-mot-de-passe-solide-42",
                "password2": "un-mot-de-passe-solide-42",
            },
        )
        self.assertRedirects(response, reverse("account_email_verification_sent"))
        confirm = _link(mail.outbox[-1], r"/accounts/confirm-email/\S+/")
        self.client.post(confirm)
        self.assertIn("_auth_user_id", self.client.session)

        # 2. She creates her association; she becomes its administrator.
        response = self.client.post(
            reverse("organisations:create"),
            {
                "name": "Maison de quartier des Trois-Cités",
                "kind": "association",
                "rna": "W863000101",
                "city": "Poitiers",
                "commune_code": "86194",
                "mission": "Soutien scolaire et lien social.",
                "is_public": "on",
            },
        )
        organisation = Organisation.objects.get(name="Maison de quartier des Trois-Cités")
        self.assertRedirects(response, reverse("organisations:detail", args=[organisation.uuid]))
        self.assertEqual(
            Membership.objects.get(organisation=organisation).user.email, "lea@example.org"
        )

        # 3. She invites a colleague as editor.
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("organisations:invite", args=[organisation.uuid]),
                {"email": "karim@example.org", "role": "editor"},
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(mail.outbox[-1].to, ["karim@example.org"])
        invitation_path = _link(mail.outbox[-1], r"/invitations/\S+/")

        # 4. The colleague, with no account, opens the link, signs up, and accepts.
        self.client.logout()
        response = self.client.get(invitation_path)
        self.assertEqual(response.status_code, 200)
        mail.outbox.clear()
        response = self.client.post(
            reverse("account_signup") + f"?next={invitation_path}",
            {
                "full_name": "Karim Haddad",
                "email": "karim@example.org",
                "password1": "un-autre-mot-de-passe-77",
                "password2": "un-autre-mot-de-passe-77",
                "next": invitation_path,
            },
        )
        self.assertRedirects(response, invitation_path, fetch_redirect_response=False)
        self.assertEqual(mail.outbox, [], "the invitation already proved the address")
        response = self.client.post(invitation_path)
        self.assertRedirects(response, reverse("organisations:detail", args=[organisation.uuid]))
        roles = dict(
            Membership.objects.filter(organisation=organisation).values_list("user__email", "role")
        )
        self.assertEqual(roles, {"lea@example.org": "admin", "karim@example.org": "editor"})

        # 5. The colleague sees the organisation on their home page.
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Maison de quartier des Trois-Cités")
