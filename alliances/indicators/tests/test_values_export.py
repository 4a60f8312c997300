import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from alliances.indicators.models import ValueStatus
from alliances.indicators.tests.test_values_setup import ValuesTestCase


class ValuesExportTests(ValuesTestCase):
    def setUp(self):
        self.value(self.attendance, Decimal("12.5"), status=ValueStatus.APPROVED)
        self.value(self.belonging, None, suppressed=True, source="survey")
        self.value(self.belonging, Decimal("3.7"), key="gender=f", source="survey", respondents=9)
        self.url = reverse("indicators:values_export", args=[self.partnership.uuid])

    def test_csv(self):
        self.login(self.viewer)
        response = self.client.get(self.url + "?format=csv")
        self.assertEqual(response.status_code, 200)
        lines = response.content.decode("utf-8-sig").splitlines()
        self.assertTrue(lines[0].startswith("Indicator;Indicator id;Unit;Period"))
        self.assertIn("Q1 2026;2026-01-01;;12.5;Approved", lines[1])
        suppressed = next(line for line in lines if "fewer than 5 respondents" in line)
        self.assertIn(";;", suppressed)
        self.assertIn(";3.7;", next(line for line in lines if "gender=f" in line))
        self.assertIn(";9;", next(line for line in lines if "gender=f" in line))

    def test_xlsx(self):
        self.login(self.company_admin)
        response = self.client.get(self.url + "?format=xlsx")
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        suppressed = next(row for row in rows if row[10] == "fewer than 5 respondents")
        self.assertIsNone(suppressed[6])
        self.assertIsNone(suppressed[9])
