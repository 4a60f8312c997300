"""Downloading a ready report's files."""

from datetime import date

from django.core.files.base import ContentFile
from django.urls import reverse

from alliances.reports.models import Report, ReportStatus
from alliances.test import PartnershipTestCase, make_partnership


class ReportDownloadTests(PartnershipTestCase):
    def setUp(self):
        self.report = Report.objects.create(
            partnership=self.partnership,
            title="Rapport S1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            language="fr",
            status=ReportStatus.DONE,
            progress=100,
        )
        self.report.docx.save("r.docx", ContentFile(b"docx bytes"), save=False)
        self.report.xlsx.save("r.xlsx", ContentFile(b"xlsx bytes"), save=False)
        self.report.save()

    def url(self, fmt, report=None, partnership=None):
        report = report or self.report
        partnership = partnership or self.partnership
        return reverse("reports:download", args=[partnership.uuid, report.uuid, fmt])

    def test_a_member_of_any_party_downloads_as_an_attachment(self):
        for user in (self.viewer, self.company_admin):
            self.login(user)
            response = self.client.get(self.url("docx"))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), b"docx bytes")
            self.assertIn("attachment;", response["Content-Disposition"])
            self.assertIn(
                "-reussir-au-college-2026-01-01-2026-06-30-fr.docx",
                response["Content-Disposition"],
            )
            self.assertEqual(
                response["Content-Type"],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )

    def test_a_missing_file_or_format_is_not_found(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url("pdf")).status_code, 404)
        self.assertEqual(self.client.get(self.url("exe")).status_code, 404)

    def test_a_report_not_ready_is_not_found(self):
        Report.objects.filter(pk=self.report.pk).update(status=ReportStatus.RUNNING)
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url("docx")).status_code, 404)

    def test_outsiders_and_reports_of_another_partnership(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("docx")).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url("docx")).status_code, 302)
        other, _parties = make_partnership("Autre", coordinator=self.org)
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url("docx", partnership=other)).status_code, 404)
