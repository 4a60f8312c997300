import csv
import io
from datetime import date
from decimal import Decimal

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from alliances.partnerships.models import Contribution, ContributionKind
from alliances.test import PartnershipTestCase


@time_machine.travel("2026-11-05 10:00 +01:00", tick=False)
class ContributionExportTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            kind=ContributionKind.SKILLS,
            description="Tutorat",
            unit_rate=Decimal("300"),
            planned_quantity=Decimal("10"),
            actual_quantity=Decimal("2.5"),
            planned_amount=Decimal("3000"),
            actual_amount=Decimal("750"),
            period_start=date(2026, 9, 1),
            period_end=date(2027, 6, 30),
        )
        Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.company_party,
            kind=ContributionKind.MONEY,
            description='=HYPERLINK("http://example.com")',
            planned_amount=Decimal("21234.5"),
            recipient=cls.lead_party,
            period_start=date(2027, 1, 1),
        )
        cls.csv_url = reverse("partnerships:contributions_csv", args=[cls.partnership.uuid])
        cls.xlsx_url = reverse("partnerships:contributions_xlsx", args=[cls.partnership.uuid])

    def read_csv(self, response) -> list[list[str]]:
        content = response.content
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark")
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))

    def test_csv_in_english(self):
        self.login(self.viewer)
        response = self.client.get(self.csv_url)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="reussir-au-college-contributions-2026-11-05.csv"',
        )
        rows = self.read_csv(response)
        self.assertEqual(rows[0][0], "Party")
        self.assertEqual(rows[0][8], "Planned value (EUR)")
        self.assertEqual(
            rows[1],
            [
                "Maison des Trois-Cités",
                "Skills (days × daily rate)",
                "Tutorat",
                "2026-09-01",
                "2027-06-30",
                "300.00",
                "10.00",
                "2.50",
                "3000.00",
                "750.00",
                "",
            ],
        )
        # A spreadsheet must not run what someone typed as a formula.
        self.assertEqual(rows[2][2], '\'=HYPERLINK("http://example.com")')
        self.assertEqual(rows[2][8], "21234.50")
        self.assertEqual(rows[2][10], "Maison des Trois-Cités")
        self.assertEqual(len(rows), 3)

    def test_csv_in_french_uses_the_decimal_comma(self):
        self.login(self.viewer)
        self.client.cookies["alliances_language"] = "fr"
        rows = self.read_csv(self.client.get(self.csv_url))
        self.assertEqual(rows[1][8], "3000,00")
        self.assertEqual(rows[2][8], "21234,50")

    def test_csv_respects_the_filters(self):
        self.login(self.viewer)
        response = self.client.get(self.csv_url, {"party": str(self.company_party.uuid)})
        rows = self.read_csv(response)
        self.assertEqual([row[0] for row in rows[1:]], ["Solidaires Industries"])
        rows = self.read_csv(self.client.get(self.csv_url, {"year": "2026"}))
        self.assertEqual([row[2] for row in rows[1:]], ["Tutorat"])

    def test_xlsx_has_typed_cells_and_a_totals_sheet(self):
        self.login(self.company_admin)
        response = self.client.get(self.xlsx_url)
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="reussir-au-college-contributions-2026-11-05.xlsx"',
        )
        workbook = load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames, ["Contributions", "Totals"])
        lines = workbook["Contributions"]
        self.assertEqual(lines.freeze_panes, "A2")
        self.assertTrue(lines["A1"].font.bold)
        self.assertEqual(lines["C2"].value, "Tutorat")
        self.assertEqual(lines["D2"].value.date(), date(2026, 9, 1))
        self.assertEqual(Decimal(str(lines["I2"].value)), Decimal("3000"))
        self.assertEqual(lines["I2"].number_format, "#,##0.00")
        self.assertEqual(lines["C3"].data_type, "s")
        self.assertEqual(lines["C3"].value, '=HYPERLINK("http://example.com")')
        totals = workbook["Totals"]
        rows = [[cell.value for cell in row] for row in totals.iter_rows(min_row=2)]
        self.assertIn(["Solidaires Industries", "Money", 21234.5, 0, 0], rows)
        self.assertEqual(rows[-1][:4], ["All parties", "All types", 24234.5, 750])
        self.assertTrue(totals.cell(row=totals.max_row, column=1).font.bold)

    def test_outsiders_get_nothing(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.csv_url).status_code, 404)
        self.assertEqual(self.client.get(self.xlsx_url).status_code, 404)
