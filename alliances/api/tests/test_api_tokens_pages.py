"""The account's API tokens page: create (secret shown once), list, revoke."""

from django.urls import reverse

from alliances.accounts.models import ApiToken
from alliances.accounts.tokens import token_create
from alliances.core.models import AuditEvent
from alliances.test import BaseTestCase


class TokenPagesTests(BaseTestCase):
    def setUp(self):
        self.login(self.editor)

    def test_list_needs_sign_in(self):
        self.login(None)
        self.assertEqual(self.client.get(reverse("accounts:tokens")).status_code, 302)

    def test_create_shows_the_secret_once(self):
        response = self.client.post(
            reverse("accounts:tokens"), {"name": "Tableur", "scope": "write", "expires": "30"}
        )
        self.assertEqual(response.status_code, 200)
        secret = response.context["secret"]
        self.assertTrue(secret.startswith("all_"))
        self.assertContains(response, secret)
        self.assertContains(response, "it will not be shown again")
        token = ApiToken.objects.get(user=self.editor)
        self.assertEqual((token.name, token.scope), ("Tableur", "write"))
        self.assertIsNotNone(token.expires_at)
        self.assertNotContains(self.client.get(reverse("accounts:tokens")), secret)
        event = AuditEvent.objects.get(verb="api_token.created")
        self.assertNotIn(secret, str(event.data) + event.object_repr)

    def test_never_expiring_token(self):
        self.client.post(
            reverse("accounts:tokens"), {"name": "CRM", "scope": "read", "expires": "never"}
        )
        self.assertIsNone(ApiToken.objects.get(user=self.editor).expires_at)

    def test_invalid_form_is_400_and_creates_nothing(self):
        response = self.client.post(reverse("accounts:tokens"), {"name": "", "scope": "admin"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(ApiToken.objects.exists())

    def test_list_shows_only_my_tokens(self):
        token_create(user=self.editor, name="Le mien")
        token_create(user=self.admin, name="Celui d'Alice")
        response = self.client.get(reverse("accounts:tokens"))
        self.assertContains(response, "Le mien")
        self.assertNotContains(response, "Celui d&#x27;Alice")

    def test_revoke_my_token(self):
        token, _secret = token_create(user=self.editor, name="Vieux script")
        response = self.client.post(reverse("accounts:token_revoke", args=[token.uuid]))
        self.assertRedirects(response, reverse("accounts:tokens"))
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertTrue(AuditEvent.objects.filter(verb="api_token.revoked").exists())

    def test_someone_elses_token_is_not_found(self):
        token, _secret = token_create(user=self.admin, name="Alice")
        response = self.client.post(reverse("accounts:token_revoke", args=[token.uuid]))
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
