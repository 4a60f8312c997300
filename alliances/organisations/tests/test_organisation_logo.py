from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.lib.tests.imagefiles import SVG, image_bytes, image_upload, png_header_only, upload
from alliances.organisations.models import Organisation
from alliances.test import BaseTestCase


class OrganisationLogoTests(BaseTestCase):
    def setUp(self):
        self.login(None)
        self.url = reverse("organisations:logo", args=[self.org.uuid])

    def login(self, user):
        super().login(user)
        # Texts are checked in English, whatever the French catalogue says.
        self.client.cookies["alliances_language"] = "en"

    def post_logo(self, file):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"logo": file})

    def logo(self):
        return Organisation.objects.get(pk=self.org.pk).logo

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 400)
        self.assertIn(message, response.context["form"].errors["logo"][0])
        self.assertFalse(self.logo())

    def test_only_administrators_may_open_it(self):
        expected = [(None, 302), (self.outsider, 404), (self.viewer, 403), (self.editor, 403)]
        for user, status in [*expected, (self.admin, 200)]:
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_others_may_not_upload_or_remove(self):
        for user, status in [(None, 302), (self.outsider, 404), (self.editor, 403)]:
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.post_logo(image_upload("PNG")).status_code, status)
                response = self.client.post(self.url, {"remove": "1"})
                self.assertEqual(response.status_code, status)
        self.assertFalse(self.logo())

    def test_form_says_the_accepted_formats_and_limit(self):
        self.login(self.admin)
        with override_settings(LOGO_MAX_BYTES=2 * 1024 * 1024):
            response = self.client.get(self.url)
        self.assertContains(response, "PNG, JPEG or WEBP image, at most 2 MB")
        self.assertContains(response, 'enctype="multipart/form-data"')

    def test_upload_png_jpeg_or_webp(self):
        self.login(self.admin)
        for fmt, extension in (("PNG", ".png"), ("JPEG", ".jpg"), ("WEBP", ".webp")):
            with self.subTest(fmt=fmt):
                response = self.post_logo(image_upload(fmt, (60, 60)))
                self.assertRedirects(
                    response, reverse("organisations:detail", args=[self.org.uuid])
                )
                logo = self.logo()
                self.assertTrue(logo.name.startswith("logos/"))
                self.assertTrue(logo.name.endswith(extension))
                self.assertTrue(default_storage.exists(logo.name))
        self.assertEqual(AuditEvent.objects.filter(verb="organisation.logo_set").count(), 3)

    def test_detail_page_shows_the_logo_with_alt_text(self):
        self.login(self.admin)
        self.post_logo(image_upload("PNG"))
        response = self.client.get(reverse("organisations:detail", args=[self.org.uuid]))
        self.assertContains(
            response, f'src="{self.logo().url}" alt="Logo of Maison des Trois-Cités"'
        )

    def test_large_logo_is_stored_smaller(self):
        self.login(self.admin)
        self.post_logo(image_upload("PNG", (2000, 1000)))
        self.assertEqual((self.logo().width, self.logo().height), (512, 256))

    def test_replacing_deletes_the_old_file_after_commit(self):
        self.login(self.admin)
        self.post_logo(image_upload("PNG"))
        first = self.logo().name
        self.post_logo(image_upload("JPEG"))
        self.assertNotEqual(self.logo().name, first)
        self.assertFalse(default_storage.exists(first))

    def test_remove_the_logo(self):
        self.login(self.admin)
        self.post_logo(image_upload("PNG"))
        name = self.logo().name
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"remove": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.logo())
        self.assertFalse(default_storage.exists(name))
        self.assertTrue(AuditEvent.objects.filter(verb="organisation.logo_removed").exists())

    def test_svg_is_refused(self):
        self.login(self.admin)
        self.assertRefused(self.post_logo(upload(SVG, "logo.svg", "image/svg+xml")), "SVG")

    def test_fake_image_is_refused(self):
        self.login(self.admin)
        response = self.post_logo(upload(b"<html>not an image</html>", "logo.png"))
        self.assertRefused(response, "PNG, JPEG or WEBP")
        self.assertRefused(self.post_logo(image_upload("GIF")), "PNG, JPEG or WEBP")

    @override_settings(LOGO_MAX_BYTES=1024 * 1024)
    def test_oversized_file_is_refused_with_the_limit(self):
        self.login(self.admin)
        content = image_bytes("PNG", (10, 10)) + b"\0" * (1024 * 1024)
        self.assertRefused(self.post_logo(upload(content, "logo.png")), "at most 1 MB")

    def test_absurd_dimensions_are_refused(self):
        self.login(self.admin)
        self.assertRefused(self.post_logo(image_upload("PNG", (4001, 2))), "4000")
        self.assertRefused(self.post_logo(upload(png_header_only(90000, 90000))), "4000")

    def test_missing_file_is_refused(self):
        self.login(self.admin)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("logo", response.context["form"].errors)
