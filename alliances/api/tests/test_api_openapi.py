"""The OpenAPI document and the interactive documentation."""

from django.test import TestCase

from alliances.api.main import api


class OpenApiTests(TestCase):
    def test_document_is_public_json(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for path in (
            "/api/v1/me",
            "/api/v1/territories",
            "/api/v1/organisations/search",
            "/api/v1/calls",
        ):
            self.assertIn(path, paths)

    def test_every_operation_documents_the_error_answers(self):
        schema = api.get_openapi_schema()
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                for status in (401, 404, 429):
                    self.assertIn(status, operation["responses"], f"{method} {path}")
                self.assertTrue(operation.get("security"), f"{method} {path}")

    def test_docs_load_their_assets_from_our_static_files(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", html)
        self.assertNotIn("cdn.", html)
        self.assertNotIn("unpkg", html)
