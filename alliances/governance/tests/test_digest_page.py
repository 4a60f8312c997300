"""Choosing the weekly digest in one's account, and the one-click opt-out link."""

from django.test import Client
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.governance.models import DigestPreference
from alliances.test import PartnershipTestCase, make_user

PAGE = reverse("me:digest")


def unsubscribe_url(token: str) -> str:
    return reverse("me:digest_unsubscribe", args=[token])


class DigestSettingsTests(PartnershipTestCase):
    def test_visitors_log_in(self):
        for method in ("get", "post"):
            response = getattr(self.client, method)(PAGE)
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("account_login"), response["Location"])

    def test_subscribed_by_default(self):
        self.login(self.viewer)
        with self.assertNumQueries(5):  # session, user, preference, address, notifications
            response = self.client.get(PAGE)
        self.assertContains(response, "Send me the weekly digest")
        self.assertContains(response, 'name="weekly"')
        self.assertContains(response, "checked")
        self.assertNotContains(response, "not confirmed yet")
        self.assertFalse(DigestPreference.objects.exists())

    def test_turn_off_then_on(self):
        self.login(self.viewer)
        response = self.client.post(PAGE, {}, follow=True)
        self.assertRedirects(response, PAGE)
        self.assertContains(response, "You will no longer receive the weekly digest.")
        self.assertNotContains(response, "checked")
        preference = DigestPreference.objects.get(user=self.viewer)
        self.assertIs(preference.weekly, False)
        self.assertGreaterEqual(len(preference.unsubscribe_token), 40)
        self.assertTrue(AuditEvent.objects.filter(verb="digest.unsubscribed").exists())
        response = self.client.post(PAGE, {"weekly": "on"}, follow=True)
        self.assertContains(response, "You will receive the weekly digest.")
        preference.refresh_from_db()
        self.assertIs(preference.weekly, True)

    def test_unverified_address_is_pointed_out(self):
        unverified = make_user("ursula@example.org", verified=False)
        self.login(unverified)
        self.assertContains(self.client.get(PAGE), "not confirmed yet")


class DigestUnsubscribeTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.preference = DigestPreference.objects.create(
            user=cls.viewer, unsubscribe_token="secret-unsubscribe-token"
        )

    def test_get_only_asks(self):
        response = self.client.get(unsubscribe_url("secret-unsubscribe-token"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Stop sending the weekly digest to vera@example.org?")
        self.assertContains(response, '<form method="post">')
        self.preference.refresh_from_db()
        self.assertIs(self.preference.weekly, True)

    def test_post_turns_it_off_without_login_or_csrf(self):
        # Mail programs post "List-Unsubscribe=One-Click" with no cookie at all (RFC 8058).
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            unsubscribe_url("secret-unsubscribe-token"), {"List-Unsubscribe": "One-Click"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "will no longer receive the weekly digest")
        self.preference.refresh_from_db()
        self.assertIs(self.preference.weekly, False)
        again = client.get(unsubscribe_url("secret-unsubscribe-token"))
        self.assertContains(again, "does not receive the weekly digest")
        self.assertNotContains(again, "Stop the weekly digest</button>")

    def test_unknown_token_is_404(self):
        self.assertEqual(self.client.get(unsubscribe_url("nope")).status_code, 404)
        self.assertEqual(self.client.post(unsubscribe_url("nope")).status_code, 404)
        self.assertEqual(self.client.get(unsubscribe_url("x" * 65)).status_code, 404)
        self.preference.refresh_from_db()
        self.assertIs(self.preference.weekly, True)

    def test_only_that_persons_preference_changes(self):
        other = DigestPreference.objects.create(user=self.admin, unsubscribe_token="other")
        self.client.post(unsubscribe_url("secret-unsubscribe-token"))
        other.refresh_from_db()
        self.assertIs(other.weekly, True)
