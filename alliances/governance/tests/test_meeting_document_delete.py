from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from alliances.governance.models import Meeting, MeetingDocument
from alliances.partnerships.models import Stage
from alliances.test import PartnershipTestCase

STARTS = datetime(2030, 3, 12, 13, 0, tzinfo=UTC)


class MeetingDocumentDeleteTests(PartnershipTestCase):
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
            name="budget.pdf",
            size=9,
            content_type="application/pdf",
        )
        cls.url = reverse(
            "governance:meeting_document_delete",
            args=[cls.partnership.uuid, cls.meeting.uuid, cls.document.uuid],
        )

    def setUp(self):
        super().setUp()
        default_storage.save(self.document.file.name, ContentFile(b"%PDF-1.7\n"))

    def test_the_row_and_then_the_file_go(self):
        self.login(self.company_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, follow=True)
        self.assertContains(response, "“budget.pdf” has been deleted.")
        self.assertFalse(MeetingDocument.objects.exists())
        self.assertFalse(default_storage.exists(self.document.file.name))

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url).status_code, status)
        self.assertTrue(MeetingDocument.objects.exists())
        self.assertTrue(default_storage.exists(self.document.file.name))

    def test_a_closed_partnership_keeps_its_documents(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, follow=True)
        self.assertContains(response, "This partnership is closed")
        self.assertTrue(MeetingDocument.objects.exists())
        self.assertTrue(default_storage.exists(self.document.file.name))
