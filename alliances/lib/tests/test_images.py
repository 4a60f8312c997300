import io

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, override_settings
from django.utils import translation
from PIL import Image

from alliances.lib.images import LOGO_STORED_SIDE, logo_for_storage, validate_logo
from alliances.lib.tests.imagefiles import (
    SVG,
    image_bytes,
    image_upload,
    png_header_only,
    upload,
)


class ValidateLogoTests(SimpleTestCase):
    def assertRefused(self, file, code):
        with self.assertRaises(ValidationError) as caught:
            validate_logo(file)
        self.assertEqual(caught.exception.code, code)
        return caught.exception

    def test_accepts_png_jpeg_and_webp(self):
        for fmt in ("PNG", "JPEG", "WEBP"):
            with self.subTest(fmt=fmt):
                info = validate_logo(image_upload(fmt, (40, 30)))
                self.assertEqual((info.format, info.width, info.height), (fmt, 40, 30))

    def test_leaves_the_file_at_its_start(self):
        file = image_upload("PNG")
        validate_logo(file)
        self.assertEqual(file.tell(), 0)

    def test_judges_the_content_not_the_name(self):
        info = validate_logo(upload(image_bytes("PNG"), "photo.jpg", "image/jpeg"))
        self.assertEqual(info.format, "PNG")
        self.assertEqual(info.extension, "png")

    def test_refuses_svg_with_its_own_message(self):
        error = self.assertRefused(upload(SVG, "logo.svg", "image/svg+xml"), "logo_svg")
        self.assertIn("SVG", error.messages[0])

    def test_refuses_svg_disguised_as_png(self):
        self.assertRefused(upload(SVG, "logo.png"), "logo_svg")

    def test_refuses_other_image_formats(self):
        self.assertRefused(image_upload("GIF"), "logo_format")
        self.assertRefused(upload(image_bytes("BMP"), "logo.bmp", "image/bmp"), "logo_format")

    def test_refuses_text_named_like_an_image(self):
        self.assertRefused(upload(b"just some text, not an image", "logo.png"), "logo_format")

    def test_refuses_an_empty_file(self):
        self.assertRefused(upload(b"", "logo.png"), "logo_empty")

    def test_refuses_a_truncated_image(self):
        content = image_bytes("PNG", (200, 200))
        self.assertRefused(upload(content[: len(content) // 2], "logo.png"), "logo_damaged")

    @override_settings(LOGO_MAX_BYTES=1024)
    def test_refuses_a_file_over_the_limit_and_says_the_limit(self):
        content = image_bytes("PNG", (10, 10)) + b"\0" * 2048
        with translation.override("en"):
            error = self.assertRefused(upload(content, "logo.png"), "logo_too_heavy")
        self.assertIn("at most 1 KB", error.messages[0])

    @override_settings(LOGO_MAX_BYTES=1536 * 1024)
    def test_sizes_are_said_in_megabytes_in_the_active_language(self):
        content = image_bytes("PNG", (10, 10)) + b"\0" * (2 * 1024 * 1024)
        with translation.override("en"):
            error = self.assertRefused(upload(content, "logo.png"), "logo_too_heavy")
        self.assertIn("weighs 2 MB", error.messages[0])
        self.assertIn("at most 1.5 MB", error.messages[0])

    def test_refuses_absurd_dimensions(self):
        error = self.assertRefused(image_upload("PNG", (4001, 1)), "logo_dimensions")
        self.assertIn("4001", error.messages[0])

    def test_refuses_a_decompression_bomb(self):
        self.assertRefused(upload(png_header_only(60000, 60000), "bomb.png"), "logo_dimensions")

    def test_refuses_a_header_announcing_more_than_the_limit(self):
        self.assertRefused(upload(png_header_only(5000, 10), "wide.png"), "logo_dimensions")


class LogoForStorageTests(SimpleTestCase):
    def stored(self, file):
        info = validate_logo(file)
        return Image.open(io.BytesIO(logo_for_storage(file, info).read()))

    def test_keeps_the_format_and_a_small_size(self):
        for fmt in ("PNG", "JPEG", "WEBP"):
            with self.subTest(fmt=fmt):
                image = self.stored(image_upload(fmt, (40, 30)))
                self.assertEqual((image.format, image.size), (fmt, (40, 30)))

    def test_shrinks_large_logos(self):
        image = self.stored(image_upload("PNG", (1200, 600)))
        self.assertEqual(image.size, (LOGO_STORED_SIDE, LOGO_STORED_SIDE // 2))

    def test_drops_exif_metadata(self):
        exif = Image.Exif()
        exif[0x010E] = "Taken at 12 rue des Lilas"  # ImageDescription
        image = self.stored(image_upload("JPEG", (40, 30), exif=exif.tobytes()))
        self.assertNotIn(0x010E, image.getexif())
