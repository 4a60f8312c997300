"""Downloading the data behind the dashboard's charts."""

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from alliances.indicators.models import IndicatorSource, ValueStatus
from alliances.indicators.tests.test_dashboard_selector import (
    TODAY,
    add_survey_value,
    add_value,
    make_indicator,
    make_outcome,
)
from alliances.test import PartnershipTestCase

Q3 = date(2026, 7, 1)


@time_machine.travel(TODAY, tick=False)
class DashboardExportTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        outcome = make_outcome(cls.partnership)
        cls.survey_indicator = make_indicator(
            outcome,
            "=Sentiment d'appartenance",
            reporting_start=Q3,
            source=IndicatorSource.SURVEY,
            targets={Q3: 60},
            disaggregations=[{"name": "quartier", "label": "Quartier", "categories": ["N", "S"]}],
        )
        add_survey_value(cls.survey_indicator, Q3, "62.5", 40)
        add_survey_value(
            cls.survey_indicator, Q3, "70", 36, key="quartier=N", groups={"quartier": "N"}
        )
        add_survey_value(
            cls.survey_indicator, Q3, None, 4, key="quartier=S", groups={"quartier": "S"}
        )
        cls.manual = make_indicator(outcome, "Ateliers", reporting_start=Q3)
        add_value(cls.manual, Q3, 12, status=ValueStatus.SUBMITTED)
        cls.url = reverse("indicators:dashboard_data", args=[cls.partnership.uuid])

    def rows(self, response) -> list[list[str]]:
        text = response.content.decode("utf-8-sig")
        return [line.split(";") for line in text.strip().split("\r\n")]

    def test_csv_of_one_indicator_leaves_suppressed_cells_empty(self):
        self.login(self.viewer)
        response = self.client.get(
            self.url, {"indicator": str(self.survey_indicator.uuid), "format": "csv"}
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        header, total, north, south = self.rows(response)
        self.assertEqual(header[0], "Indicator")
        # A title starting with "=" is not run as a formula.
        self.assertEqual(total[0], "'=Sentiment d'appartenance")
        self.assertEqual(total[2:7], ["Q3 2026", "2026-07-01", "Total", "", "62.5"])
        self.assertEqual(total[8:10], ["60", "40"])
        self.assertEqual(north[4:7], ["Quartier", "N", "70"])
        self.assertEqual(south[5:7], ["S", ""])
        self.assertEqual(south[9], "")
        self.assertEqual(south[11], "Not shown: fewer than 5 respondents.")

    def test_submitted_values_are_not_exported(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"indicator": str(self.manual.uuid)})
        self.assertEqual(len(self.rows(response)), 1)  # the header alone

    def test_xlsx_of_every_indicator(self):
        self.login(self.company_admin)
        response = self.client.get(self.url, {"format": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[1][6], 62.5)
        self.assertIsNone(rows[3][6])
        self.assertIsNone(rows[3][9])

    def test_unknown_format_and_indicator(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url, {"format": "pdf"}).status_code, 400)
        other = "00000000-0000-0000-0000-000000000000"
        self.assertEqual(self.client.get(self.url, {"indicator": other}).status_code, 404)

    def test_outsider_gets_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
