import io

from django.urls import reverse
from openpyxl import load_workbook

from alliances.indicators.framework_import import plan_import, read_sheet
from alliances.indicators.models import Indicator
from alliances.indicators.services.framework import framework_import_save
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.test import make_partnership


class TemplateTests(FrameworkTestCase):
    def test_template_opens_with_headers_an_example_and_explanations(self):
        self.login(self.viewer)
        response = self.client.get(
            reverse("indicators:framework_template", args=[self.partnership.uuid])
        )
        workbook = load_workbook(io.BytesIO(response.content))
        sheet, help_sheet = workbook.worksheets
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:3], ["Objective", "Outcome", "Indicator"])
        self.assertIn("Target 2026", headers)
        self.assertIn("Target 2027", headers)
        self.assertEqual(sheet.max_row, 2)
        self.assertGreater(help_sheet.max_row, 10)

    def test_template_headers_follow_the_language(self):
        self.login(self.viewer)
        self.client.cookies["alliances_language"] = "fr"
        response = self.client.get(
            reverse("indicators:framework_template", args=[self.partnership.uuid])
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        self.assertEqual(sheet["A1"].value, "Objectif")
        self.assertIn("Cible 2026", [cell.value for cell in sheet[1]])

    def test_the_template_example_imports(self):
        self.login(self.viewer)
        response = self.client.get(
            reverse("indicators:framework_template", args=[self.partnership.uuid])
        )
        plan = plan_import(
            read_sheet(response.content, filename="t.xlsx"), partnership=self.partnership
        )
        self.assertTrue(plan.ok, [row.errors for row in plan.rows])


class ExportTests(FrameworkTestCase):
    def test_framework_round_trips(self):
        self.login(self.viewer)
        response = self.client.get(
            reverse("indicators:framework_export", args=[self.partnership.uuid])
        )
        copy, _parties = make_partnership(
            "Copie",
            coordinator=self.org,
            partners=[(self.company, ["funder"])],
            starts_on=self.partnership.starts_on,
            ends_on=self.partnership.ends_on,
        )
        plan = plan_import(read_sheet(response.content, filename="f.xlsx"), partnership=copy)
        self.assertTrue(plan.ok, [row.errors for row in plan.rows])
        framework_import_save(partnership=copy, actor=self.editor, rows=plan.rows)
        original = self.indicator
        imported = Indicator.objects.get(partnership=copy)
        for name in (
            "title",
            "type",
            "unit",
            "baseline_value",
            "baseline_date",
            "direction",
            "accumulation",
            "frequency",
            "sdg_indicators",
        ):
            self.assertEqual(getattr(imported, name), getattr(original, name), name)
        # Dimension names are made from labels on import; labels and categories travel.
        self.assertEqual(
            [(d["label"], d["categories"]) for d in imported.disaggregations],
            [(d["label"], d["categories"]) for d in original.disaggregations],
        )
        self.assertEqual(imported.responsible_party.organisation, self.company)
        self.assertEqual(
            list(imported.targets.values_list("period_start", "value")),
            list(original.targets.values_list("period_start", "value")),
        )
