from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext

from alliances.test import PASSWORD, make_user


class LoginTests(TestCase):
    def setUp(self):
        self.user = make_user("karim@example.org", full_name="Karim")

    def test_login_with_email_and_logout(self):
        response = self.client.post(
            reverse("account_login"), {"login": "Karim@Example.org", "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.user.pk))
        response = self.client.post(reverse("account_logout"))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_wrong_password_gives_a_message(self):
        response = self.client.post(
            reverse("account_login"), {"login": "karim@example.org", "password": "wrong"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())

    def test_unverified_email_cannot_log_in(self):
        make_user("new@example.org", verified=False)
        response = self.client.post(
            reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}
        )
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertRedirects(
            response, reverse("account_email_verification_sent"), fetch_redirect_response=False
        )

    def test_failed_logins_are_throttled(self):
        for _attempt in range(5):
            self.client.post(
                reverse("account_login"), {"login": "karim@example.org", "password": "wrong"}
            )
        # After 5 failures for the same account, even the right password is refused for a while.
        response = self.client.post(
            reverse("account_login"), {"login": "karim@example.org", "password": PASSWORD}
        )
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertIn(
            gettext("Too many failed login attempts. Try again later."),
            str(response.context["form"].errors),
        )
