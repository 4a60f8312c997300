"""What the API tests share: a client speaking JSON with a token or the session."""

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_create
from alliances.test import PartnershipTestCase


def api_url(path: str) -> str:
    return "/api/v1" + path


class ApiTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.read_token, cls.read_secret = token_create(user=cls.viewer, name="Lecture")
        cls.write_token, cls.write_secret = token_create(
            user=cls.editor, name="Écriture", scope=TokenScope.WRITE
        )

    def bearer(self, secret: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def api_get(self, path: str, *, secret: str | None = None, params=None):
        headers = self.bearer(secret) if secret else {}
        return self.client.get(api_url(path), params or {}, **headers)

    def assertError(self, response, status: int, code: str):  # noqa: N802
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "fields"})
        self.assertEqual(body["error"]["code"], code)
        self.assertTrue(body["error"]["message"])
        return body["error"]
