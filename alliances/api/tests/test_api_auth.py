"""Who may call the API: tokens (live, scoped), the site's session with CSRF, nobody else."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import time_machine
from django.test import Client

from alliances.accounts.models import ApiToken, TokenScope
from alliances.accounts.tokens import token_create, token_revoke
from alliances.api.tests.base import ApiTestCase, api_url
from alliances.core.models import AuditEvent
from alliances.lib.api import ApiError, require_write

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class MissingOrBadCredentialsTests(ApiTestCase):
    def test_no_credentials_is_401_with_the_error_body(self):
        response = self.api_get("/me")
        self.assertError(response, 401, "unauthenticated")
        self.assertIn("Bearer", response["WWW-Authenticate"])

    def test_unknown_token_is_401(self):
        self.assertError(self.api_get("/me", secret="all_" + "x" * 43), 401, "unauthenticated")

    def test_token_without_our_prefix_is_401(self):
        self.assertError(self.api_get("/me", secret="nonsense"), 401, "unauthenticated")

    def test_revoked_token_is_401(self):
        token_revoke(token=self.read_token, user=self.viewer)
        self.assertError(self.api_get("/me", secret=self.read_secret), 401, "unauthenticated")

    def test_expired_token_is_401(self):
        with time_machine.travel(NOW, tick=False):
            _token, secret = token_create(user=self.viewer, name="Court", expires_in_days=30)
            self.assertEqual(self.api_get("/me", secret=secret).status_code, 200)
        with time_machine.travel(NOW + timedelta(days=30, seconds=1), tick=False):
            self.assertError(self.api_get("/me", secret=secret), 401, "unauthenticated")

    def test_token_of_a_deactivated_user_is_401(self):
        self.viewer.is_active = False
        self.viewer.save(update_fields=["is_active"])
        self.assertError(self.api_get("/me", secret=self.read_secret), 401, "unauthenticated")

    def test_a_bad_token_is_not_rescued_by_a_session(self):
        self.login(self.viewer)
        self.assertError(self.api_get("/me", secret="all_wrong"), 401, "unauthenticated")


class TokenTests(ApiTestCase):
    def test_token_identifies_its_user_and_scope(self):
        body = self.api_get("/me", secret=self.read_secret).json()
        self.assertEqual(body["email"], self.viewer.email)
        self.assertEqual(body["scope"], TokenScope.READ)
        self.assertEqual(body["token"]["prefix"], self.read_token.prefix)
        self.assertEqual(
            [m["organisation_uuid"] for m in body["memberships"]], [str(self.org.uuid)]
        )

    def test_write_token_has_the_write_scope(self):
        body = self.api_get("/me", secret=self.write_secret).json()
        self.assertEqual(body["scope"], TokenScope.WRITE)

    def test_use_is_recorded(self):
        self.api_get("/me", secret=self.read_secret)
        self.read_token.refresh_from_db()
        self.assertIsNotNone(self.read_token.last_used_at)

    def test_only_a_digest_is_stored(self):
        stored = ApiToken.objects.get(pk=self.read_token.pk)
        self.assertNotIn(self.read_secret, (stored.digest, stored.prefix, stored.name))
        self.assertEqual(len(stored.digest), 64)
        self.assertTrue(self.read_secret.startswith(stored.prefix))

    def test_a_token_revokes_itself(self):
        response = self.client.delete(api_url("/me/token"), **self.bearer(self.read_secret))
        self.assertEqual(response.status_code, 204)
        self.assertError(self.api_get("/me", secret=self.read_secret), 401, "unauthenticated")
        event = AuditEvent.objects.get(verb="api_token.revoked")
        self.assertEqual(event.interface, "api")


class ScopeTests(ApiTestCase):
    def test_read_scope_may_not_write(self):
        with self.assertRaises(ApiError) as raised:
            require_write(SimpleNamespace(api_scope=TokenScope.READ))
        self.assertEqual(
            (raised.exception.status, raised.exception.code), (403, "insufficient_scope")
        )

    def test_write_scope_and_session_may_write(self):
        require_write(SimpleNamespace(api_scope=TokenScope.WRITE))


class SessionTests(ApiTestCase):
    def test_session_reads_with_write_scope_and_no_token(self):
        self.login(self.viewer)
        body = self.api_get("/me").json()
        self.assertEqual((body["scope"], body["token"]), (TokenScope.WRITE, None))

    def test_session_write_without_csrf_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.viewer)
        response = client.delete(api_url("/me/token"))
        self.assertError(response, 403, "csrf_failed")

    def test_session_write_with_csrf_passes_the_check(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.viewer)
        client.get("/")  # sets the CSRF cookie, as a page does
        token = client.cookies["csrftoken"].value
        response = client.delete(api_url("/me/token"), HTTP_X_CSRFTOKEN=token)
        # Past authentication: a session has no token to revoke.
        self.assertError(response, 400, "no_token")

    def test_anonymous_write_is_401_not_a_csrf_refusal(self):
        client = Client(enforce_csrf_checks=True)
        self.assertError(client.delete(api_url("/me/token")), 401, "unauthenticated")

    def test_token_writes_need_no_csrf(self):
        client = Client(enforce_csrf_checks=True)
        response = client.delete(api_url("/me/token"), **self.bearer(self.write_secret))
        self.assertEqual(response.status_code, 204)
