"""A person's API tokens, all of them, and the history of what happened to them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alliances.accounts.models import ApiToken, TokenScope
from alliances.accounts.tokens import token_create, token_revoke
from alliances.test import BaseTestCase


class TokenHistoryTests(BaseTestCase):
    def setUp(self):
        self.live, _secret = token_create(user=self.editor, name="Tableur", expires_in_days=90)
        self.revoked, _secret = token_create(
            user=self.editor, name="Ancien script", scope=TokenScope.WRITE
        )
        token_revoke(token=self.revoked, user=self.editor)
        self.expired, _secret = token_create(user=self.editor, name="Essai", expires_in_days=30)
        ApiToken.objects.filter(pk=self.expired.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
        token_create(user=self.viewer, name="Jeton de Vera")

    def test_the_tokens_page_lists_every_token_with_its_dates_and_links_the_history(self):
        self.login(self.editor)
        response = self.client.get(reverse("accounts:tokens"))
        for name in ("Tableur", "Ancien script", "Essai"):
            self.assertContains(response, name)
        self.assertContains(response, "Revoked on")
        self.assertContains(response, "Expired on")
        self.assertContains(response, "Works until")
        self.assertContains(response, reverse("accounts:token_history"))
        self.assertNotContains(response, "Jeton de Vera")
        self.assertNotContains(response, "<script>")

    def test_the_history_shows_the_audit_entries_of_my_tokens_only(self):
        self.login(self.editor)
        # Session, user, count, entries with their actor, unread notifications (the menu).
        with self.assertNumQueries(5):
            response = self.client.get(reverse("accounts:token_history"))
        self.assertEqual(response.status_code, 200)
        rows = response.context["rows"]
        self.assertEqual(
            [(row["event"].verb, row["event"].object_uuid) for row in rows],
            [
                ("api_token.created", self.expired.uuid),
                ("api_token.revoked", self.revoked.uuid),
                ("api_token.created", self.revoked.uuid),
                ("api_token.created", self.live.uuid),
            ],
        )
        self.assertContains(response, "created an API key")
        self.assertContains(response, "revoked an API key")
        self.assertContains(response, "Ancien script")
        self.assertContains(response, "read and write")
        self.assertNotContains(response, "Jeton de Vera")

    def test_someone_without_tokens_sees_an_empty_history(self):
        self.login(self.admin)
        response = self.client.get(reverse("accounts:token_history"))
        self.assertContains(response, "You have never made an API token.")

    def test_the_copy_button_script_is_a_static_file(self):
        self.login(self.admin)
        data = {"name": "Tableau de bord", "scope": "read", "expires": "90"}
        response = self.client.post(reverse("accounts:tokens"), data)
        self.assertContains(response, "accounts/tokens.js")
        self.assertContains(response, 'id="token-copy"')
        self.assertNotContains(response, "<script>")
        self.assertNotContains(response, "onclick=")
