"""The reports endpoints of the API: list, request (write scope), status and download."""

import json
from datetime import date
from unittest import mock

from django.core.files.base import ContentFile
from django.urls import reverse

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_create
from alliances.reports.models import Report, ReportStatus
from alliances.reports.services import reports as services
from alliances.test import PartnershipTestCase


class ReportApiTests(PartnershipTestCase):
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
        self.report.xlsx.save("r.xlsx", ContentFile(b"xlsx bytes"), save=True)
        self.list_url = reverse("api:report_list", args=[self.partnership.uuid])
        self.status_url = reverse(
            "api:report_status", args=[self.partnership.uuid, self.report.uuid]
        )

    def bearer(self, user, scope):
        _token, secret = token_create(user=user, name="Essai", scope=scope)
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def post(self, headers, body):
        with (
            mock.patch.object(services, "_enqueue") as enqueue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(
                self.list_url, json.dumps(body), content_type="application/json", **headers
            )
        return response, enqueue

    def body(self, **changes):
        return {
            "title": "Rapport T1",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "language": "en",
            **changes,
        }

    def test_list_and_status_with_file_links(self):
        self.login(self.viewer)
        items = self.client.get(self.list_url).json()["items"]
        self.assertEqual([item["title"] for item in items], ["Rapport S1"])
        data = self.client.get(self.status_url).json()
        self.assertEqual(data["status"], "done")
        self.assertEqual(
            data["files"],
            {
                "xlsx": reverse(
                    "api:report_download", args=[self.partnership.uuid, self.report.uuid, "xlsx"]
                )
            },
        )

    def test_download(self):
        self.login(self.company_admin)
        args = [self.partnership.uuid, self.report.uuid]
        response = self.client.get(reverse("api:report_download", args=[*args, "xlsx"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"xlsx bytes")
        missing = reverse("api:report_download", args=[*args, "pdf"])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_request_with_a_write_token(self):
        response, enqueue = self.post(self.bearer(self.editor, TokenScope.WRITE), self.body())
        self.assertEqual(response.status_code, 202, response.content)
        data = response.json()
        self.assertEqual(data["status"], "queued")
        self.assertEqual(data["files"], {})
        report = Report.objects.get(uuid=data["uuid"])
        self.assertEqual(report.requested_by, self.editor)
        enqueue.assert_called_once_with(report.pk)

    def test_a_read_token_may_not_request(self):
        response, enqueue = self.post(self.bearer(self.editor, TokenScope.READ), self.body())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "insufficient_scope")
        enqueue.assert_not_called()

    def test_a_viewer_may_not_request(self):
        response, _enqueue = self.post(self.bearer(self.viewer, TokenScope.WRITE), self.body())
        self.assertEqual(response.status_code, 403)

    def test_invalid_period(self):
        headers = self.bearer(self.editor, TokenScope.WRITE)
        response, enqueue = self.post(headers, self.body(period_end="2025-01-01"))
        self.assertEqual(response.status_code, 422)
        self.assertIn("period_end", response.json()["error"]["fields"])
        enqueue.assert_not_called()

    def test_outsiders_get_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.list_url).status_code, 404)
        self.assertEqual(self.client.get(self.status_url).status_code, 404)
