"""Asking for a funder report from the Reports tab."""

from datetime import date, datetime
from unittest import mock

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.core.models import AuditEvent
from alliances.reports.forms.reports import default_period, previous_quarter
from alliances.reports.models import Report, ReportStatus
from alliances.test import PartnershipTestCase

FROZEN = datetime(2026, 5, 20, 9, 0, tzinfo=timezone.get_fixed_timezone(120))


@time_machine.travel(FROZEN, tick=False)
class ReportRequestTests(PartnershipTestCase):
    def url(self):
        return reverse("reports:request", args=[self.partnership.uuid])

    def list_url(self):
        return reverse("reports:list", args=[self.partnership.uuid])

    def data(self, **changes):
        data = {
            "title": "Rapport du premier trimestre",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "language": "fr",
            "next_steps": "Ouvrir un second groupe.",
        }
        data.update(changes)
        return data

    def post(self, user, data, *, run=False):
        self.login(user)
        patcher = mock.patch("alliances.reports.services.reports._enqueue")
        with patcher as enqueue, self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(), data)
        return response, enqueue

    def test_the_form_is_prefilled_with_the_previous_quarter(self):
        self.login(self.editor)
        response = self.client.get(self.list_url())
        self.assertContains(response, 'value="2026-01-01"')
        self.assertContains(response, 'value="2026-03-31"')
        self.assertContains(response, "Make the report")
        self.assertContains(response, "Réussir au collège: report from")

    def test_previous_quarter_and_a_recent_start(self):
        self.assertEqual(
            previous_quarter(date(2026, 1, 10)), (date(2025, 10, 1), date(2025, 12, 31))
        )
        self.partnership.starts_on = date(2026, 2, 1)
        self.assertEqual(
            default_period(self.partnership, date(2026, 5, 20)),
            (date(2026, 2, 1), date(2026, 5, 20)),
        )

    def test_an_editor_asks_and_the_report_is_queued(self):
        response, enqueue = self.post(self.editor, self.data())
        report = Report.objects.get()
        self.assertRedirects(response, self.list_url() + f"#report-{report.uuid}")
        self.assertEqual(report.status, ReportStatus.QUEUED)
        self.assertEqual(report.language, "fr")
        self.assertEqual(report.requested_by, self.editor)
        self.assertEqual(report.next_steps, "Ouvrir un second groupe.")
        enqueue.assert_called_once_with(report.pk)
        self.assertTrue(AuditEvent.objects.filter(verb="report.requested").exists())

    def test_any_party_may_ask(self):
        response, _enqueue = self.post(self.company_admin, self.data())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Report.objects.get().requested_by, self.company_admin)

    def test_a_viewer_may_not_ask(self):
        response, enqueue = self.post(self.viewer, self.data())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Report.objects.exists())
        enqueue.assert_not_called()

    def test_the_viewer_sees_the_list_without_the_form(self):
        self.login(self.viewer)
        response = self.client.get(self.list_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Make the report")

    def test_outsiders_get_not_found(self):
        response, _enqueue = self.post(self.outsider, self.data())
        self.assertEqual(response.status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.list_url()).status_code, 404)

    def test_the_end_must_not_come_before_the_start(self):
        response, enqueue = self.post(self.editor, self.data(period_end="2025-12-31"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "The end of the period comes before its start.", status_code=400
        )
        self.assertFalse(Report.objects.exists())
        enqueue.assert_not_called()

    def test_an_unknown_language_is_refused(self):
        response, _enqueue = self.post(self.editor, self.data(language="de"))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Report.objects.exists())

    def test_the_list_queries_do_not_grow_with_the_reports(self):
        def add(index):
            Report.objects.create(
                partnership=self.partnership,
                title=f"Rapport {index}",
                period_start=date(2026, 1, 1),
                period_end=date(2026, 3, 31),
                language="fr",
                requested_by=self.editor,
            )

        add(0)
        self.login(self.editor)
        self.client.get(self.list_url())
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.list_url())
        add(1)
        add(2)
        with CaptureQueriesContext(connection) as three:
            response = self.client.get(self.list_url())
        self.assertEqual(len(three), len(one))
        self.assertContains(response, "Rapport 2")
