"""Every failure answers with the same body: {"error": {"code", "message", "fields"}}."""

from unittest import mock

from django.core.exceptions import PermissionDenied
from django.test import Client

from alliances.api.tests.base import ApiTestCase, api_url
from alliances.lib.api import decode_cursor, encode_cursor
from alliances.organisations.models import Organisation


class ErrorBodyTests(ApiTestCase):
    def test_invalid_query_parameter_is_422_with_the_field(self):
        response = self.api_get("/territories", secret=self.read_secret, params={"limit": "abc"})
        error = self.assertError(response, 422, "invalid")
        self.assertIn("limit", error["fields"])

    def test_invalid_path_parameter_is_422(self):
        response = self.api_get("/organisations/not-a-uuid", secret=self.read_secret)
        error = self.assertError(response, 422, "invalid")
        self.assertIn("organisation_uuid", error["fields"])

    def test_unknown_enum_value_is_422(self):
        response = self.api_get("/territories/canton/86", secret=self.read_secret)
        self.assertError(response, 422, "invalid")

    def test_not_found_from_an_access_function_is_404(self):
        private = Organisation.objects.create(name="Privée", kind="association", is_public=False)
        response = self.api_get(f"/organisations/{private.uuid}", secret=self.read_secret)
        self.assertError(response, 404, "not_found")

    def test_permission_denied_from_an_access_function_is_403(self):
        with mock.patch(
            "alliances.organisations.api.access_organisation_by_uuid",
            side_effect=PermissionDenied,
        ):
            response = self.api_get(f"/organisations/{self.org.uuid}", secret=self.read_secret)
        self.assertError(response, 403, "forbidden")

    def test_api_error_keeps_its_code_and_fields(self):
        response = self.api_get("/territories", secret=self.read_secret, params={"limit": 0})
        error = self.assertError(response, 400, "invalid_limit")
        self.assertIn("limit", error["fields"])

    def test_unexpected_failure_is_500_with_the_error_body(self):
        client = Client(raise_request_exception=False)
        with (
            mock.patch("alliances.territories.api.paginate", side_effect=RuntimeError("boom")),
            self.assertLogs("alliances.api.main", level="ERROR"),
            self.assertLogs("django.request", level="ERROR"),
        ):
            response = client.get(api_url("/territories"), **self.bearer(self.read_secret))
        error = self.assertError(response, 500, "server_error")
        self.assertNotIn("boom", error["message"])


class CursorTests(ApiTestCase):
    def test_a_cursor_round_trips(self):
        self.assertEqual(decode_cursor(encode_cursor({"id": 42})), {"id": 42})

    def test_a_forged_cursor_is_400(self):
        for cursor in ("%%%", "bm90LWpzb24", encode_cursor({"id": "1"}), encode_cursor([1])):
            response = self.api_get(
                "/territories", secret=self.read_secret, params={"cursor": cursor}
            )
            self.assertError(response, 400, "invalid_cursor")
