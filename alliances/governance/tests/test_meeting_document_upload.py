import io
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.governance.models import Meeting, MeetingDocument, MeetingStatus
from alliances.partnerships.models import Activity, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def archive(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, content in members.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


DOCX = archive({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = archive({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@time_machine.travel(NOW, tick=False)
class MeetingDocumentUploadTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = NOW + timedelta(days=7)
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Mairie annexe",
        )
        cls.url = reverse(
            "governance:meeting_document_upload", args=[cls.partnership.uuid, cls.meeting.uuid]
        )

    def upload(self, name, content):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content)})

    def test_a_pdf_is_stored_under_the_meeting_with_its_name(self):
        self.login(self.company_admin)
        response = self.upload("Budget prévisionnel 2028.pdf", PDF)
        detail = reverse(
            "governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]
        )
        self.assertRedirects(response, f"{detail}#documents")
        document = MeetingDocument.objects.get()
        self.assertEqual(document.name, "Budget prévisionnel 2028.pdf")
        self.assertEqual(document.content_type, "application/pdf")
        self.assertEqual(document.size, len(PDF))
        self.assertEqual(document.uploaded_by, self.company_admin)
        self.assertTrue(document.file.name.startswith(f"meetings/{self.meeting.uuid}/"))
        with default_storage.open(document.file.name) as stored:
            self.assertEqual(stored.read(), PDF)
        activity = Activity.objects.get(verb="meeting.document_added")
        self.assertEqual(activity.data["document"], "Budget prévisionnel 2028.pdf")

    def test_accepted_types_judged_by_their_content(self):
        self.login(self.editor)
        cases = [
            ("note.docx", DOCX, "wordprocessingml"),
            ("tableau.xlsx", XLSX, "spreadsheetml"),
            ("compte-rendu.odt", ODT, "opendocument.text"),
            ("photo.PNG", PNG, "image/png"),
            ("photo.jpeg", JPEG, "image/jpeg"),
            ("liste.csv", "nom;âge\nZoé;12\n".encode(), "text/csv"),
            ("ancien.csv", "nom;âge\nZoé;12\n".encode("cp1252"), "text/csv"),
            ("notes.txt", b"Bonjour\n", "text/plain"),
        ]
        for name, content, content_type in cases:
            with self.subTest(name=name):
                response = self.upload(name, content)
                self.assertEqual(response.status_code, 302)
                self.assertIn(content_type, MeetingDocument.objects.get(name=name).content_type)

    def test_refusals_say_why_and_store_nothing(self):
        self.login(self.editor)
        cases = [
            ("programme.exe", b"MZ\x90\x00", "Files of this type are not accepted."),
            ("sans-extension", PDF, "Files of this type are not accepted."),
            ("faux.pdf", b"<html>hello</html>", "does not match its name (.pdf)"),
            ("faux.docx", XLSX, "does not match its name (.docx)"),
            ("faux.xlsx", b"PK\x03\x04 broken", "does not match its name (.xlsx)"),
            ("faux.odt", archive({"mimetype": "application/zip"}), "does not match its name"),
            ("faux.png", JPEG, "does not match its name (.png)"),
            ("binaire.txt", b"abc\x00def", "This text file could not be read"),
            ("binaire.csv", b"\x81\x8d\x8f\x90\x9d", "This text file could not be read"),
        ]
        for name, content, message in cases:
            with self.subTest(name=name):
                response = self.upload(name, content)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(MeetingDocument.objects.exists())
        self.assertFalse(default_storage.exists(f"meetings/{self.meeting.uuid}"))

    @override_settings(GOVERNANCE_DOCUMENT_MAX_BYTES=20)
    def test_size_is_limited(self):
        self.login(self.editor)
        response = self.upload("gros.pdf", PDF)
        self.assertContains(response, "This file is too large: at most 20", status_code=400)
        self.assertFalse(MeetingDocument.objects.exists())

    def test_empty_and_missing_files(self):
        self.login(self.editor)
        self.assertContains(self.upload("vide.pdf", b""), "This file is empty.", status_code=400)
        response = self.client.post(self.url, {})
        self.assertContains(response, "Choose the file to attach.", status_code=400)

    def test_a_folder_in_the_name_is_dropped(self):
        self.login(self.editor)
        self.upload("..\\..\\secret\\ordre du jour.pdf", PDF)
        document = MeetingDocument.objects.get()
        self.assertEqual(document.name, "ordre du jour.pdf")
        self.assertNotIn("..", document.file.name)

    def test_not_for_a_cancelled_meeting(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        self.login(self.editor)
        response = self.upload("budget.pdf", PDF)
        self.assertContains(response, "documents can no longer be added", status_code=400)
        self.assertFalse(MeetingDocument.objects.exists())

    def test_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.upload("budget.pdf", PDF)
        self.assertContains(response, "This partnership is closed", status_code=400)
        self.assertFalse(MeetingDocument.objects.exists())

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.upload("budget.pdf", PDF).status_code, status)
        self.assertFalse(MeetingDocument.objects.exists())
