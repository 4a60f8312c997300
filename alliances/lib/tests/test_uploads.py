"""The shared ZIP guard and content check, on hostile archives built in memory."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from alliances.lib.tests.upload_files import HTML, docx_bomb, xlsx_bomb, xlsx_bytes, zip_with_names
from alliances.lib.uploads import check_zip, content_matches, refuse_unsafe_zip


def refusal_code(source, **limits) -> str:
    try:
        check_zip(source, **limits)
    except ValidationError as exc:
        return exc.code
    return ""


class CheckZipTests(SimpleTestCase):
    def test_a_genuine_workbook_passes_and_its_parts_are_listed(self):
        names = check_zip(xlsx_bytes())
        self.assertIn("xl/workbook.xml", names)

    def test_a_zip_bomb_is_refused_by_its_ratio(self):
        self.assertEqual(refusal_code(xlsx_bomb()), "zip_bomb")
        self.assertEqual(refusal_code(docx_bomb()), "zip_bomb")

    def test_the_total_expanded_size_is_limited(self):
        self.assertEqual(refusal_code(xlsx_bytes(), max_total=100), "zip_bomb")

    def test_too_many_members_are_refused(self):
        self.assertEqual(refusal_code(xlsx_bytes(), max_members=3), "zip_members")

    def test_unsafe_member_names_are_refused(self):
        for name in ("../evil.xml", "/etc/passwd", "xl/../../x", "C:/x.xml", "\\\\host\\x"):
            with self.subTest(name=name):
                self.assertEqual(refusal_code(zip_with_names("a.xml", name)), "zip_names")

    def test_a_damaged_archive_is_refused_with_its_own_code(self):
        self.assertEqual(refusal_code(b"PK\x03\x04 broken"), "zip_damaged")
        refuse_unsafe_zip(b"PK\x03\x04 broken")  # left to the caller's own reader

    def test_a_file_is_left_at_its_start(self):
        file = io.BytesIO(xlsx_bytes())
        file.read(10)
        check_zip(file)
        self.assertEqual(file.tell(), 0)

    def test_small_members_may_compress_well(self):
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/sharedStrings.xml", "<si/>" * 100_000)
        check_zip(output.getvalue())


class ContentMatchesTests(SimpleTestCase):
    def test_kinds_are_judged_by_their_content(self):
        cases = [
            ("pdf", b"%PDF-1.7\n", True),
            ("pdf", HTML, False),
            ("png", b"\x89PNG\r\n\x1a\n....", True),
            ("jpg", b"\x89PNG\r\n\x1a\n....", False),
            ("gif", b"GIF89a....", True),
            ("webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
            ("heic", b"\x00\x00\x00\x18ftypheic....", True),
            ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", True),
            ("rtf", b"{\\rtf1\\ansi", True),
            ("csv", "nom;valeur\nÉcole;3\n".encode(), True),
            ("txt", b"abc\x00def", False),
            ("xlsx", xlsx_bytes(), True),
            ("docx", xlsx_bytes(), False),
            ("xlsx", b"PK\x03\x04 broken", False),
            ("exe", b"MZ\x90\x00", False),
        ]
        for extension, content, expected in cases:
            with self.subTest(extension=extension, content=content[:12]):
                self.assertIs(content_matches(io.BytesIO(content), extension), expected)

    def test_a_bomb_raises_instead_of_matching(self):
        with self.assertRaises(ValidationError):
            content_matches(io.BytesIO(docx_bomb()), "docx")
