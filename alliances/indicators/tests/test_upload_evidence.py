"""Evidence attached to a value is judged by its content and refused when unsafe."""

import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.indicators.models import Value
from alliances.indicators.tests.test_values_setup import ValuesTestCase
from alliances.lib.tests.upload_files import HTML, docx_bomb, xlsx_bytes


class EvidenceUploadTests(ValuesTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.login(self.company_editor)

    def post(self, name: str, content: bytes, content_type="application/pdf"):
        url = reverse(
            "indicators:value_entry",
            args=[self.partnership.uuid, self.attendance.uuid, "2026-01-01"],
        )
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        return self.client.post(url, {"total": "3", "evidence": upload, "save": "1"})

    def assert_nothing_stored(self):
        self.assertFalse(Value.objects.exists())
        self.assertEqual(list(Path(self.media).rglob("*.*")), [])

    def test_a_page_renamed_pdf_is_refused(self):
        response = self.post("liste.pdf", HTML)
        self.assertContains(response, "content does not match its name (.pdf)", status_code=400)
        self.assert_nothing_stored()

    def test_a_workbook_named_docx_is_refused(self):
        response = self.post("rapport.docx", xlsx_bytes(), content_type="application/msword")
        self.assertContains(response, "content does not match its name (.docx)", status_code=400)
        self.assert_nothing_stored()

    def test_a_zip_bomb_is_refused(self):
        response = self.post("rapport.docx", docx_bomb())
        self.assertContains(response, "refused for safety", status_code=400)
        self.assert_nothing_stored()

    @override_settings(EVIDENCE_MAX_BYTES=100)
    def test_too_big_a_file_is_refused(self):
        response = self.post("liste.pdf", b"%PDF-1.4 " * 20)
        self.assertContains(response, "This file is too large", status_code=400)
        self.assert_nothing_stored()

    def test_genuine_files_are_kept(self):
        for name, content in (("liste.pdf", b"%PDF-1.4 ok"), ("tableau.xlsx", xlsx_bytes())):
            with self.subTest(name=name):
                self.post(name, content)
                value = Value.objects.get(indicator=self.attendance, disaggregation_key="")
                self.assertTrue(value.evidence.name.endswith(Path(name).suffix))
