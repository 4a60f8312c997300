import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from alliances.indicators.models import Indicator, Objective, Outcome
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.partnerships.models import Activity

HEADER_FR = (
    "Objectif;Résultat;Indicateur;Type;Unité;Valeur de référence;Date de référence;Sens;"
    "Cumul;Fréquence;Ventilations;Partie responsable;Indicateurs ODD;Cible T1 2026;Cible T2 2026"
)
ROW_FR = (
    "Emploi;Des jeunes trouvent un emploi;Jeunes en emploi;quantité;jeunes;12,5;31/12/2025;"
    "hausse;cumulé;trimestrielle;Quartier: Couronneries, Trois-Cités | Genre: femmes, hommes;"
    "Solidaires Industries;8.5.2, 8.6.1;10;20"
)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Ceci n'est pas le cadre"])
    sheet = workbook.create_sheet("Cadre")
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


class FrameworkImportTests(FrameworkTestCase):
    def setUp(self):
        self.url = reverse("indicators:framework_import", args=[self.partnership.uuid])
        self.confirm_url = reverse(
            "indicators:framework_import_confirm", args=[self.partnership.uuid]
        )
        self.login(self.editor)

    def upload(self, content: bytes, name="cadre.csv"):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content)})

    def confirm(self, response):
        return self.client.post(self.confirm_url, {"token": response.context["token"]})

    def test_french_csv_preview_saves_nothing_then_confirm_saves_all(self):
        response = self.upload(f"{HEADER_FR}\n{ROW_FR}\n".encode())
        self.assertContains(response, "Nothing has been saved yet.")
        self.assertFalse(Indicator.objects.filter(title="Jeunes en emploi").exists())
        response = self.confirm(response)
        self.assertEqual(response.status_code, 302)
        indicator = Indicator.objects.get(title="Jeunes en emploi")
        self.assertEqual(indicator.outcome.objective.title, "Emploi")
        self.assertEqual(indicator.frequency, "quarterly")
        self.assertEqual(indicator.accumulation, "cumulative")
        self.assertEqual(indicator.baseline_value, Decimal("12.5"))
        self.assertEqual(indicator.baseline_date, date(2025, 12, 31))
        self.assertEqual(indicator.responsible_party, self.company_party)
        self.assertEqual(indicator.sdg_indicators, ["8.5.2", "8.6.1"])
        self.assertEqual([d["label"] for d in indicator.disaggregations], ["Quartier", "Genre"])
        targets = {t.period_start: t.value for t in indicator.targets.all()}
        self.assertEqual(targets, {date(2026, 1, 1): 10, date(2026, 4, 1): 20})
        self.assertTrue(Activity.objects.filter(verb="framework.imported").exists())

    def test_csv_with_bom_and_commas(self):
        content = (
            "\ufeffObjective,Outcome,Indicator,Frequency,Target 2026\n"
            "Emploi,Insertion,Jeunes en emploi,yearly,30\n"
        ).encode()
        self.confirm(self.upload(content))
        self.assertEqual(Indicator.objects.get(title="Jeunes en emploi").targets.get().value, 30)

    def test_windows_1252_csv(self):
        content = f"{HEADER_FR}\n{ROW_FR}\n".encode("cp1252")
        response = self.upload(content)
        self.assertContains(response, "Des jeunes trouvent un emploi")
        self.confirm(response)
        self.assertTrue(Outcome.objects.filter(title="Des jeunes trouvent un emploi").exists())

    def test_xlsx_sheet_is_found_among_others(self):
        content = xlsx(
            [
                ["Objective", "Outcome", "Indicator", "Type", "Frequency", "Target 2026-H1"],
                ["Santé", "Accès aux soins", "Personnes couvertes", "quantity", "half-yearly", 40],
                [None, None, "Personnes orientées", "quantity", "half-yearly", 12.5],
            ]
        )
        response = self.upload(content, "cadre.xlsx")
        self.assertEqual(response.status_code, 200)
        self.confirm(response)
        second = Indicator.objects.get(title="Personnes orientées")
        self.assertEqual(second.outcome.title, "Accès aux soins")
        self.assertEqual(second.targets.get().value, Decimal("12.5"))

    def test_row_errors_are_listed_and_nothing_can_be_saved(self):
        content = (
            "Objective;Outcome;Indicator;Type;Frequency;Responsible party;SDG indicators;"
            "Target 2026\n"
            "Emploi;Insertion;Taux d'emploi;percentage;yearly;;;140\n"
            "Emploi;Insertion;Jeunes;nimporte;yearly;Inconnue;99.1.1;\n"
            "Emploi;;Sans résultat;quantity;yearly;;;\n"
        ).encode()
        response = self.upload(content)
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Row 2, Target 2026: A percentage is between 0 and 100.", status_code=400
        )
        self.assertContains(response, "Row 3, Type: “nimporte” is not understood.", status_code=400)
        self.assertContains(response, "No active party is called “Inconnue”", status_code=400)
        self.assertNotContains(response, "Import it", status_code=400)
        response = self.confirm(response)
        self.assertFalse(Objective.objects.filter(title="Emploi").exists())

    def test_target_of_another_frequency_is_an_error(self):
        content = b"Objective;Outcome;Indicator;Frequency;Target 2026-Q1\nA;B;C;yearly;5\n"
        response = self.upload(content)
        self.assertContains(response, "Row 2, Target 2026-Q1", status_code=400)

    def test_junk_and_empty_files_get_a_clear_message(self):
        cases = [
            (b"", "cadre.csv", "The submitted file is empty."),
            (b"\x89PNG\r\n\x1a\n\x00\x00binary", "photo.png", "not a spreadsheet"),
            (b"PK\x03\x04garbage", "cadre.xlsx", "damaged"),
            (b"\xd0\xcf\x11\xe0old", "cadre.xls", "old Excel file"),
            (b"Nom;Adresse\nA;B\n", "cadre.csv", "expected columns"),
            (xlsx([["Nom", "Adresse"], ["A", "B"]]), "cadre.xlsx", "expected columns"),
            (b"Objective;Outcome;Indicator\n", "cadre.csv", "no rows"),
        ]
        for content, name, message in cases:
            with self.subTest(name=name, message=message):
                response = self.upload(content, name)
                self.assertContains(response, message, status_code=400)

    def test_existing_indicator_is_left_as_it_is(self):
        content = (
            "Objective;Outcome;Indicator\n"
            "Lien social;Les habitants se sentent en sécurité;Sentiment de sécurité\n"
        ).encode()
        response = self.upload(content)
        self.assertContains(response, "Already in the framework")
        self.confirm(response)
        self.assertEqual(Indicator.objects.filter(title="Sentiment de sécurité").count(), 1)

    def test_expired_preview_asks_to_upload_again(self):
        response = self.client.post(
            self.confirm_url, {"token": "6f1c1d2e-8a43-4d8e-9a4c-0c6f3b1f2a10"}, follow=True
        )
        self.assertContains(response, "This preview has expired")

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.upload(f"{HEADER_FR}\n{ROW_FR}\n".encode()).status_code, 403)
