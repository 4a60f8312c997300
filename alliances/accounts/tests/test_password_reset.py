import re

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from alliances.test import make_user


class PasswordResetTests(TestCase):
    def test_reset_by_email_link(self):
        user = make_user("lea@example.org")
        response = self.client.post(reverse("account_reset_password"), {"email": "lea@example.org"})
        self.assertRedirects(
            response, reverse("account_reset_password_done"), fetch_redirect_response=False
        )
        self.assertEqual(len(mail.outbox), 1)
        link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
        self.assertIsNotNone(link, mail.outbox[0].body)
        response = self.client.get(link.group(1), follow=True)
        self.assertEqual(response.status_code, 200)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
        new = "un-nouveau-mot-de-passe-99"
        response = self.client.post(form_url, {"password1": new, "password2": new})
        self.assertEqual(response.status_code, 302)
        user.refresh_from_db()
        self.assertTrue(user.check_password(new))

    def test_unknown_address_reveals_nothing(self):
        response = self.client.post(
            reverse("account_reset_password"), {"email": "nobody@example.org"}
        )
        self.assertEqual(response.status_code, 302)
