from alliances.surveys.tests.test_builder_helpers import SurveyTestCase


class SurveyQrTests(SurveyTestCase):
    def test_svg_by_default_with_the_link_title(self):
        self.login(self.viewer)
        response = self.client.get(self.url("qr"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        content = response.content.decode()
        self.assertIn("<svg", content)
        self.assertIn("Vivre ensemble aux Couronneries", content)

    def test_png_for_printing(self):
        self.login(self.editor)
        response = self.client.get(self.url("qr", format="png"))
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(response.content.startswith(b"\x89PNG\r\n\x1a\n"))
        # Width in the IHDR chunk: large enough to print (scale 12).
        width = int.from_bytes(response.content[16:20], "big")
        self.assertGreaterEqual(width, 300)

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("qr")).status_code, 404)
