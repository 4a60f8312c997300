"""A generation that fails: a readable error, no files left behind, and trying again."""

from datetime import date
from unittest import mock

from django.urls import reverse

from alliances.reports.models import Report, ReportStatus
from alliances.reports.services import reports as services
from alliances.test import PartnershipTestCase


class ReportFailureTests(PartnershipTestCase):
    def setUp(self):
        self.report = Report.objects.create(
            partnership=self.partnership,
            title="Rapport S1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            language="en",
            requested_by=self.editor,
        )

    def test_an_error_marks_the_report_failed_with_a_readable_message(self):
        with (
            mock.patch(
                "alliances.reports.renderers.docx.report_docx", side_effect=RuntimeError("boom")
            ),
            self.assertLogs("alliances.reports.services.reports", "ERROR"),
        ):
            report = services.report_generate(report_id=self.report.pk)
        self.assertEqual(report.status, ReportStatus.FAILED)
        self.assertIn("could not be generated", report.error)
        self.assertNotIn("boom", report.error)
        self.assertFalse(report.pdf)
        self.assertFalse(report.docx)
        self.assertIsNotNone(report.finished_at)

    def test_the_error_is_written_in_the_report_language(self):
        Report.objects.filter(pk=self.report.pk).update(language="fr")
        with (
            mock.patch("alliances.reports.charts.charts_for_report", side_effect=ValueError),
            self.assertLogs("alliances.reports.services.reports", "ERROR"),
        ):
            report = services.report_generate(report_id=self.report.pk)
        self.assertEqual(report.status, ReportStatus.FAILED)
        self.assertTrue(report.error)

    def test_a_running_report_is_not_claimed_twice(self):
        Report.objects.filter(pk=self.report.pk).update(status=ReportStatus.RUNNING)
        self.assertIsNone(services.report_generate(report_id=self.report.pk))

    def test_an_editor_tries_a_failed_report_again(self):
        Report.objects.filter(pk=self.report.pk).update(status=ReportStatus.FAILED, error="x")
        self.login(self.editor)
        url = reverse("reports:retry", args=[self.partnership.uuid, self.report.uuid])
        with (
            mock.patch.object(services, "_enqueue") as enqueue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, ReportStatus.QUEUED)
        self.assertEqual(self.report.error, "")
        enqueue.assert_called_once_with(self.report.pk)

    def test_a_ready_report_is_not_generated_again(self):
        Report.objects.filter(pk=self.report.pk).update(status=ReportStatus.DONE)
        self.login(self.editor)
        url = reverse("reports:retry", args=[self.partnership.uuid, self.report.uuid])
        with mock.patch.object(services, "_enqueue") as enqueue:
            response = self.client.post(url, follow=True)
        self.assertContains(response, "Only a report that failed can be generated again.")
        enqueue.assert_not_called()

    def test_a_viewer_may_not_try_again(self):
        Report.objects.filter(pk=self.report.pk).update(status=ReportStatus.FAILED)
        self.login(self.viewer)
        url = reverse("reports:retry", args=[self.partnership.uuid, self.report.uuid])
        self.assertEqual(self.client.post(url).status_code, 403)

    def test_deleting_a_report(self):
        self.login(self.editor)
        url = reverse("reports:delete", args=[self.partnership.uuid, self.report.uuid])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(Report.objects.exists())
