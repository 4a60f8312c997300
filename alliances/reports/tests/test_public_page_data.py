"""Open data of a public page: CSV and JSON, with the licence chosen by the parties."""

import csv
import io
import json

import time_machine
from django.urls import reverse

from alliances.reports.models import OpenLicence, PublicPageStatus
from alliances.reports.tests.test_public_page_detail import TODAY, published_case
from alliances.test import PartnershipTestCase


@time_machine.travel(TODAY, tick=False)
class PublicPageDataTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = published_case(cls)
        cls.page.licence = OpenLicence.CC_BY
        cls.page.save()

    def test_csv_has_one_row_per_approved_value_with_the_licence(self):
        response = self.client.get(reverse("public_pages:data_csv", args=[self.page.uuid]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        rows = list(
            csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        )
        # 42 and its group (f), the survey total and its two groups; not the submitted 98765.
        self.assertEqual(len(rows), 5)
        self.assertNotIn("98765", [row["value"] for row in rows])
        total = next(
            row for row in rows if row["indicator"] == "Collégiens accompagnés" and not row["group"]
        )
        self.assertEqual(total["value"], "42")
        self.assertEqual(total["unit"], "élèves")
        self.assertEqual(total["baseline"], "10")
        self.assertEqual(total["period_start"], "2026-01-01")
        self.assertEqual(total["licence"], "Creative Commons Attribution 4.0")
        self.assertEqual(total["licence_url"], "https://creativecommons.org/licenses/by/4.0/")
        self.assertEqual(total["publisher"], "Maison des Trois-Cités")
        small = next(row for row in rows if row["group"] == "quartier=S")
        self.assertEqual((small["value"], small["suppressed"]), ("", "true"))
        self.assertNotIn("Paula", response.content.decode("utf-8-sig"))

    def test_json_holds_the_same_figures(self):
        response = self.client.get(reverse("public_pages:data_json", args=[self.page.uuid]))
        self.assertEqual(response.status_code, 200)
        document = json.loads(response.content)
        self.assertEqual(document["licence"]["id"], "cc-by-4.0")
        self.assertEqual(document["publisher"]["name"], "Maison des Trois-Cités")
        self.assertEqual(document["partnership"]["title"], "Réussir au collège")
        self.assertEqual(len(document["parties"]), 3)
        self.assertEqual(document["causes"][0]["goal"], 4)
        self.assertTrue(document["generated_at"].startswith("2026-08-15"))
        indicator = document["indicators"][0]
        self.assertEqual(indicator["baseline"]["value"], 10)
        self.assertEqual(indicator["targets"], [{"period_start": "2026-04-01", "value": 60}])
        self.assertEqual(
            [(v["period_start"], v["group"], v["value"]) for v in indicator["values"]],
            [("2026-01-01", {}, 42), ("2026-01-01", {"genre": "f"}, 20)],
        )
        survey = document["indicators"][1]
        small = next(v for v in survey["values"] if v["group"] == {"quartier": "S"})
        self.assertEqual((small["value"], small["suppressed"]), (None, True))
        text = response.content.decode()
        for personal in ("Paula", "paula@example.org", "Chiffre vérifié"):
            self.assertNotIn(personal, text)

    def test_files_of_an_unpublished_page_are_not_found(self):
        self.page.status = PublicPageStatus.WITHDRAWN
        self.page.save()
        for name in ("public_pages:data_csv", "public_pages:data_json"):
            response = self.client.get(reverse(name, args=[self.page.uuid]))
            self.assertEqual(response.status_code, 404)
