"""The report PDF shown on a public page, downloadable only while the page is published."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from alliances.reports.models import PublicPageStatus
from alliances.reports.tests.test_publication_propose import make_page, make_report
from alliances.test import PartnershipTestCase

PDF = b"%PDF-1.4\n%%EOF\n"


class PublicPageReportTests(PartnershipTestCase):
    def setUp(self):
        super().setUp()
        report = make_report(self.partnership)
        default_storage.save(report.pdf.name, ContentFile(PDF))
        self.page = make_page(self, status=PublicPageStatus.PUBLISHED, report=report)

    def url(self):
        return reverse("public_pages:report", args=[self.page.uuid])

    def test_anyone_downloads_it_while_published(self):
        response = self.client.get(self.url())
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        page = self.client.get(reverse("public_pages:detail", args=[self.page.uuid]))
        self.assertContains(page, self.url())

    def test_not_found_once_withdrawn(self):
        self.page.status = PublicPageStatus.WITHDRAWN
        self.page.save()
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_not_found_without_a_report(self):
        self.page.report = None
        self.page.save()
        self.assertEqual(self.client.get(self.url()).status_code, 404)
