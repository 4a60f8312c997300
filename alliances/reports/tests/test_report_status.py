"""Following a report while it is generated: the fragment htmx polls, and the plain page."""

from datetime import date

from django.urls import reverse

from alliances.reports.models import Report, ReportStatus
from alliances.test import PartnershipTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class ReportStatusTests(PartnershipTestCase):
    def setUp(self):
        self.report = Report.objects.create(
            partnership=self.partnership,
            title="Rapport S1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            language="fr",
            status=ReportStatus.RUNNING,
            progress=40,
            step="charts",
            requested_by=self.editor,
        )
        self.url = reverse("reports:status", args=[self.partnership.uuid, self.report.uuid])

    def test_running_report_keeps_polling_with_its_step_in_words(self):
        self.login(self.viewer)
        response = self.client.get(self.url, **HTMX)
        self.assertContains(response, 'hx-trigger="every 2s"')
        self.assertContains(response, '<progress id="report-progress-')
        self.assertContains(response, 'value="40"')
        self.assertContains(response, "Drawing the charts")
        self.assertNotContains(response, "<html")

    def test_queued_report_polls_too(self):
        Report.objects.filter(pk=self.report.pk).update(status=ReportStatus.QUEUED, progress=0)
        self.login(self.viewer)
        response = self.client.get(self.url, **HTMX)
        self.assertContains(response, 'hx-trigger="every 2s"')

    def test_polling_stops_once_ready_and_offers_the_files(self):
        Report.objects.filter(pk=self.report.pk).update(
            status=ReportStatus.DONE, progress=100, step="", docx="reports/2026/r.docx"
        )
        self.login(self.viewer)
        response = self.client.get(self.url, **HTMX)
        self.assertNotContains(response, "hx-trigger")
        docx = reverse("reports:download", args=[self.partnership.uuid, self.report.uuid, "docx"])
        self.assertContains(response, docx)
        pdf = reverse("reports:download", args=[self.partnership.uuid, self.report.uuid, "pdf"])
        self.assertNotContains(response, pdf)

    def test_polling_stops_on_failure_and_offers_to_try_again(self):
        Report.objects.filter(pk=self.report.pk).update(
            status=ReportStatus.FAILED, error="The report could not be generated."
        )
        self.login(self.editor)
        response = self.client.get(self.url, **HTMX)
        self.assertNotContains(response, "hx-trigger")
        self.assertContains(response, "The report could not be generated.")
        self.assertContains(response, "Try again")
        self.login(self.viewer)
        self.assertNotContains(self.client.get(self.url, **HTMX), "Try again")

    def test_without_javascript_the_page_has_a_link_to_look_again(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "<html")
        self.assertContains(response, "Look again")
        self.assertContains(response, 'aria-live="polite"')

    def test_the_list_polls_each_report_in_progress(self):
        self.login(self.viewer)
        response = self.client.get(reverse("reports:list", args=[self.partnership.uuid]))
        self.assertContains(response, self.url)
        self.assertContains(response, 'hx-trigger="every 2s"')

    def test_outsiders_and_other_partnerships(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.viewer)
        missing = reverse("reports:status", args=[self.partnership.uuid, self.partnership.uuid])
        self.assertEqual(self.client.get(missing).status_code, 404)
