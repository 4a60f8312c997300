"""More events of the audit log: indicator value approvals and the remaining downloads."""

from datetime import date

from django.core.files.base import ContentFile
from django.urls import reverse

from alliances.core.models import AuditEvent, Interface
from alliances.indicators.tests.test_values_setup import ValuesTestCase
from alliances.reports.models import Report, ReportStatus
from alliances.test import PartnershipTestCase


def last(verb):
    return AuditEvent.objects.filter(verb=verb).order_by("-id").first()


class ValueApprovalAuditTests(ValuesTestCase):
    def test_an_approval_is_recorded_in_the_responsible_partys_log(self):
        args = [self.partnership.uuid, self.attendance.uuid, "2026-01-01"]
        self.login(self.company_editor)
        self.client.post(
            reverse("indicators:value_entry", args=args),
            {"total": "12", "group_1": "7", "group_2": "5", "submit": "1"},
        )
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("indicators:value_review", args=args), {"decision": "approve"}
            )
        self.assertEqual(response.status_code, 302)
        event = last("values.approved")
        party = self.attendance.responsible_party
        self.assertEqual(
            (event.actor, event.organisation_uuid, event.interface),
            (self.editor, party.organisation.uuid, Interface.WEB),
        )


class DownloadAuditTests(PartnershipTestCase):
    def test_a_funder_report_download_is_recorded(self):
        report = Report.objects.create(
            partnership=self.partnership,
            title="Rapport S1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            language="fr",
            status=ReportStatus.DONE,
            progress=100,
        )
        report.docx.save("r.docx", ContentFile(b"docx bytes"), save=True)
        self.login(self.company_admin)
        url = reverse("reports:download", args=[self.partnership.uuid, report.uuid, "docx"])
        self.assertEqual(self.client.get(url).status_code, 200)
        event = last("export.report")
        self.assertEqual(
            (event.actor, event.organisation_uuid, event.object_uuid, event.data["format"]),
            (self.company_admin, self.company.uuid, report.uuid, "docx"),
        )

    def test_a_missing_report_file_records_nothing(self):
        report = Report.objects.create(
            partnership=self.partnership,
            title="Rapport S1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            language="fr",
            status=ReportStatus.DONE,
        )
        self.login(self.viewer)
        url = reverse("reports:download", args=[self.partnership.uuid, report.uuid, "pdf"])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertIsNone(last("export.report"))
