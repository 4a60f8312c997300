from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from alliances.governance.models import Meeting, MeetingDocument
from alliances.test import PartnershipTestCase

STARTS = datetime(2030, 3, 12, 13, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n%%EOF\n"


class MeetingDocumentDownloadTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            place="Mairie annexe",
        )
        cls.document = MeetingDocument.objects.create(
            meeting=cls.meeting,
            file=f"meetings/{cls.meeting.uuid}/abc/budget.pdf",
            name="Budget « 2028 ».pdf",
            size=len(PDF),
            content_type="application/pdf",
        )
        cls.url = reverse(
            "governance:meeting_document_download",
            args=[cls.partnership.uuid, cls.meeting.uuid, cls.document.uuid],
        )

    def setUp(self):
        super().setUp()
        default_storage.save(self.document.file.name, ContentFile(PDF))

    def test_every_member_downloads_it_as_an_attachment(self):
        for user in (self.viewer, self.company_admin, self.commune_admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
                self.assertIn(
                    "filename*=utf-8''Budget%20%C2%AB%202028%20%C2%BB.pdf",
                    response["Content-Disposition"],
                )
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertIn("private", response["Cache-Control"])

    def test_outsiders_and_anonymous(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_a_document_of_another_meeting_is_not_found(self):
        other = Meeting.objects.create(
            partnership=self.partnership,
            title="Autre",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=1),
            place="Ailleurs",
        )
        url = reverse(
            "governance:meeting_document_download",
            args=[self.partnership.uuid, other.uuid, self.document.uuid],
        )
        self.login(self.viewer)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_missing_file_answers_a_clear_404(self):
        default_storage.delete(self.document.file.name)
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "This document cannot be found", status_code=404)
        self.assertContains(response, "Budget « 2028 ».pdf", status_code=404)
