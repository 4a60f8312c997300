import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from alliances.accounts.models import User


class SignupTests(TestCase):
    def _signup(self, email="nadia@example.org", password="un-mot-de-passe-solide-42"):
        return self.client.post(
            reverse("account_signup"),
            {
                "full_name": "Nadia Benali",
                "email": email,
                "password1": password,
                "password2": password,
            },
        )

    def test_signup_sends_a_verification_email_and_blocks_login_until_verified(self):
        response = self._signup()
        self.assertRedirects(response, reverse("account_email_verification_sent"))
        user = User.objects.get(email="nadia@example.org")
        self.assertEqual(user.full_name, "Nadia Benali")
        self.assertFalse(EmailAddress.objects.get(user=user).verified)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("nadia@example.org", mail.outbox[0].to)

        # Not logged in before the address is confirmed.
        self.assertNotIn("_auth_user_id", self.client.session)

        link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
        self.assertIsNotNone(link, mail.outbox[0].body)
        path = "/" + link.group(0).split("/", 3)[3]
        self.assertEqual(self.client.get(path).status_code, 200)
        response = self.client.post(path)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(EmailAddress.objects.get(user=user).verified)
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))

    def test_password_is_hashed_with_argon2(self):
        from alliances import settings as project_settings

        with self.settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
            self._signup()
        self.assertTrue(User.objects.get().password.startswith("argon2"))

    def test_existing_email_creates_no_second_account_and_reveals_nothing(self):
        self._signup()
        self.client.logout()
        mail.outbox.clear()
        response = self._signup(email="NADIA@example.org")
        # Same answer as a new sign-up, so nobody can probe which addresses have accounts.
        self.assertRedirects(response, reverse("account_email_verification_sent"))
        self.assertEqual(User.objects.filter(email__iexact="nadia@example.org").count(), 1)

    def test_weak_password_is_refused(self):
        response = self._signup(password="123")
        self.assertEqual(response.status_code, 200)
        self.assertIn("password1", response.context["form"].errors)
        self.assertFalse(User.objects.exists())
