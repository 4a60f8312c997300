"""The decision log as files: CSV for French Excel, XLSX, with the tally and the rationale."""

import csv
import io

import time_machine
from openpyxl import load_workbook

from alliances.governance.models import VoteChoice
from alliances.governance.tests.test_decision_base import DecisionTestCase


@time_machine.travel("2027-03-12 16:00 +01:00", tick=False)
class DecisionExportTests(DecisionTestCase):
    def setUp(self):
        first = self.closed_decision(
            (self.admin, self.lead_party, VoteChoice.FOR),
            (self.company_admin, self.company_party, VoteChoice.ABSTAIN),
        )
        self.propose(title='=HYPERLINK("http://example.com")', supersedes=first)
        self.export_url = self.url("decisions_export")

    def read_csv(self, response) -> list[list[str]]:
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    def test_permissions(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.commune_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.export_url).status_code, status)

    def test_csv(self):
        self.login(self.viewer)
        response = self.client.get(self.export_url, {"format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="reussir-au-college-decisions-2027-03-12.csv"',
        )
        header, first, second = self.read_csv(response)
        row = dict(zip(header, first, strict=True))
        self.assertEqual(row["Reference"], "D-001")
        self.assertEqual(row["Status"], "Adopted")
        self.assertEqual(row["Decision rule"], "Consensus")
        self.assertEqual(row["Rule from"], "partnership settings")
        self.assertEqual(row["Closed on"], "2027-03-12")
        self.assertEqual(row["Closed by"], "Alice Admin")
        self.assertEqual(
            (row["Parties that could vote"], row["For"], row["Against"], row["Abstaining"]),
            ("3", "1", "0", "1"),
        )
        self.assertEqual(row["Votes"], f"{self.lead_party}: For ; {self.company_party}: Abstain")
        self.assertEqual(row["Rationale"], "Voté en comité.")
        row = dict(zip(header, second, strict=True))
        self.assertEqual(row["Proposal"], '\'=HYPERLINK("http://example.com")')
        self.assertEqual(row["Corrects"], "D-001")
        self.assertEqual(row["Status"], "Open to votes")
        self.assertEqual(row["For"], "")

    def test_xlsx(self):
        self.login(self.company_admin)
        response = self.client.get(self.export_url, {"format": "xlsx"})
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Reference")
        self.assertEqual(rows[1][0], "D-001")
        self.assertEqual(rows[1][9].date().isoformat(), "2027-03-12")
        self.assertEqual(rows[2][1], '\'=HYPERLINK("http://example.com")')
        self.assertEqual(len(rows), 3)

    def test_unknown_format(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.export_url, {"format": "pdf"}).status_code, 400)
