"""Meeting documents: an Office file that is a zip bomb is refused, and nothing is stored."""

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.governance.models import Meeting, MeetingDocument
from alliances.lib.tests.upload_files import HTML, docx_bomb, xlsx_bomb, zip_with_names
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingDocumentSafetyTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = NOW + timedelta(days=7)
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )

    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.login(self.editor)

    def upload(self, name: str, content: bytes):
        url = reverse(
            "governance:meeting_document_upload", args=[self.partnership.uuid, self.meeting.uuid]
        )
        return self.client.post(url, {"file": SimpleUploadedFile(name, content)})

    def assert_nothing_stored(self):
        self.assertFalse(MeetingDocument.objects.exists())
        self.assertEqual([p for p in Path(self.media).rglob("*") if p.is_file()], [])

    def test_zip_bombs_are_refused(self):
        for name, content in (("budget.xlsx", xlsx_bomb()), ("ordre.docx", docx_bomb())):
            with self.subTest(name=name):
                response = self.upload(name, content)
                self.assertContains(response, "refused for safety", status_code=400)
        self.assert_nothing_stored()

    def test_unsafe_part_names_are_refused(self):
        archive = zip_with_names("[Content_Types].xml", "word/document.xml", "../../x.sh")
        response = self.upload("ordre.docx", archive)
        self.assertContains(response, "unsafe names", status_code=400)
        self.assert_nothing_stored()

    def test_a_page_named_docx_is_refused(self):
        response = self.upload("ordre.docx", HTML)
        self.assertContains(response, "does not match its name (.docx)", status_code=400)
        self.assert_nothing_stored()

    @override_settings(GOVERNANCE_DOCUMENT_MAX_BYTES=100)
    def test_too_big_a_file_is_refused(self):
        response = self.upload("ordre.docx", docx_bomb())
        self.assertContains(response, "This file is too large", status_code=400)
        self.assert_nothing_stored()
