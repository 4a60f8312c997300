import csv
import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from alliances.governance.tests.test_action_setup import NOW, ActionTestCase, make_action


@time_machine.travel(NOW, tick=False)
class ActionExportTests(ActionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("governance:actions_export", args=[cls.partnership.uuid])

    def rows(self, response) -> list[list[str]]:
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    def test_csv_opens_in_french_excel(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"format": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(".csv", response["Content-Disposition"])
        rows = self.rows(response)
        self.assertEqual(
            rows[0][:6],
            ["Action", "Details", "Party responsible", "Person responsible", "Due date", "Status"],
        )
        self.assertEqual(
            rows[1],
            [
                "Envoyer le budget révisé",
                "",
                "Solidaires Industries",
                "Paula Partner",
                "2026-02-20",
                "To do",
                "Yes",
                "Comité de février",
                "",
                "",
            ],
        )
        # The open ones, as on the page.
        self.assertEqual(len(rows), 4)

    def test_the_filters_of_the_page_apply(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"status": "done"})
        rows = self.rows(response)
        self.assertEqual([row[0] for row in rows[1:]], ["Rédiger le compte rendu"])
        self.assertEqual(rows[1][-1], "2026-02-14")

    def test_formulas_are_written_as_text(self):
        make_action(self.partnership, self.lead_party, '=HYPERLINK("http://x")')
        self.login(self.viewer)
        rows = self.rows(self.client.get(self.url))
        self.assertIn('\'=HYPERLINK("http://x")', [row[0] for row in rows])

    def test_xlsx(self):
        self.login(self.company_admin)
        response = self.client.get(self.url, {"format": "xlsx", "status": "all"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Action")
        self.assertEqual(len(rows), 5)
        by_title = {row[0]: row for row in rows[1:]}
        self.assertEqual(by_title["Réserver la salle"][4].date(), date(2026, 3, 4))
        self.assertEqual(by_title["Réserver la salle"][8], "D-001 Ouvrir un second groupe")

    def test_outsider_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
