from allauth.account.models import EmailAddress
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from alliances.test import make_user


class EmailChangeTests(TestCase):
    def test_adding_a_new_address_sends_a_verification(self):
        user = make_user("old@example.org")
        self.client.force_login(user)
        response = self.client.get(reverse("account_email"))
        self.assertEqual(response.status_code, 200)
        response = self.client.post(
            reverse("account_email"), {"action_add": "", "email": "new@example.org"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(EmailAddress.objects.filter(user=user, email="new@example.org").exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("new@example.org", mail.outbox[0].to)
        # The old address stays the login until the new one is confirmed.
        user.refresh_from_db()
        self.assertEqual(user.email, "old@example.org")

    def test_invalid_address_gives_a_message(self):
        user = make_user("old@example.org")
        self.client.force_login(user)
        response = self.client.post(
            reverse("account_email"), {"action_add": "", "email": "not-an-email"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
