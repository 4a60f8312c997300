import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from alliances.indicators.models import Value, ValueSource, ValueStatus
from alliances.indicators.tests.test_values_setup import ValuesTestCase

HEADER = "Indicator;Indicator id;Period;Group;Value;Comment\r\n"


class ValuesImportTests(ValuesTestCase):
    def url(self):
        return reverse("indicators:values_import", args=[self.partnership.uuid])

    def upload(self, content: bytes, name="values.csv"):
        return self.client.post(self.url(), {"file": SimpleUploadedFile(name, content)})

    def csv(self, *lines: str, encoding="utf-8") -> bytes:
        return (HEADER + "".join(line + "\r\n" for line in lines)).encode(encoding)

    def test_template_has_a_row_per_indicator_and_group(self):
        self.login(self.company_editor)
        url = reverse("indicators:values_template", args=[self.partnership.uuid])
        response = self.client.get(url + "?period=2026-01-01")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:5], ("Indicator", "Indicator id", "Period", "Group", "Value"))
        self.assertEqual([row[3] for row in rows[1:]], [None, "Genre=f", "Genre=m"])
        self.assertEqual(rows[1][1], str(self.attendance.uuid))
        self.assertEqual(rows[1][2], "Q1 2026")
        self.assertTrue(sheet.column_dimensions["B"].hidden)
        response = self.client.get(url + "?period=2026-01-01&format=csv")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbfIndicator;"))

    def test_preview_saves_nothing_then_confirm_saves_drafts(self):
        self.value(self.attendance, Decimal(10), key="gender=f")
        self.login(self.company_editor)
        response = self.upload(
            self.csv(
                f"Élèves accompagnés;{self.attendance.uuid};Q1 2026;;12,5;Liste de présence",
                "Élèves accompagnés;;2026-01-01;Genre=f;10;",
                "Élèves accompagnés;;01/01/2026;gender=m;3;",
            )
        )
        self.assertEqual(response.status_code, 200)
        actions = [row.action for row in response.context["preview"].rows]
        self.assertEqual(actions, ["new", "unchanged", "new"])
        self.assertEqual(Value.objects.count(), 1)
        token = response.context["confirm_form"].initial["upload"]
        stored = Path(settings.MEDIA_ROOT) / "imports" / str(self.partnership.uuid)
        self.assertTrue(any(stored.rglob(str(token))))
        response = self.client.post(self.url(), {"upload": token})
        self.assertEqual(response.status_code, 302)
        values = {v.disaggregation_key: v for v in Value.objects.all()}
        self.assertEqual(values[""].value, Decimal("12.5"))
        self.assertEqual(values[""].comment, "Liste de présence")
        self.assertEqual(values[""].source, ValueSource.IMPORT)
        self.assertEqual(values["gender=m"].status, ValueStatus.DRAFT)
        self.assertFalse(any(stored.rglob(str(token))))

    def test_confirm_can_submit(self):
        self.login(self.company_editor)
        response = self.upload(self.csv(f";{self.attendance.uuid};Q1 2026;;4;"))
        token = response.context["confirm_form"].initial["upload"]
        self.client.post(self.url(), {"upload": token, "submit": "on"})
        self.assertEqual(Value.objects.get().status, ValueStatus.SUBMITTED)

    def test_someone_else_cannot_confirm_my_upload(self):
        self.login(self.company_editor)
        response = self.upload(self.csv(f";{self.attendance.uuid};Q1 2026;;4;"))
        token = response.context["confirm_form"].initial["upload"]
        self.login(self.company_admin)
        response = self.client.post(self.url(), {"upload": token})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Value.objects.exists())

    def test_errors_name_row_and_column(self):
        self.value(self.share, Decimal(10), status=ValueStatus.SUBMITTED)
        self.login(self.company_editor)
        response = self.upload(
            self.csv(
                "Inconnu;;Q1 2026;;1;",
                f";{self.attendance.uuid};Q3 2031;;1;",
                f";{self.attendance.uuid};Q1 2026;Âge=12;1;",
                f";{self.attendance.uuid};Q1 2026;;douze;",
                f";{self.share.uuid};Q1 2026;;1;",
            )
        )
        self.assertEqual(response.status_code, 400)
        errors = response.context["preview"].errors
        self.assertEqual(
            [(row, column) for row, column, _m in errors],
            [(2, "Indicator"), (3, "Period"), (4, "Group"), (5, "Value"), (6, "Indicator")],
        )
        self.assertContains(response, "Row 5, column “Value”", status_code=400)
        self.assertNotContains(response, "Confirm the import", status_code=400)
        self.assertEqual(Value.objects.count(), 1)

    def test_windows_1252_with_commas(self):
        self.login(self.company_editor)
        content = (
            "Indicator,Indicator id,Period,Group,Value,Comment\r\n"
            f'Élèves accompagnés,{self.attendance.uuid},Q1 2026,,"7,5",Année\r\n'
        ).encode("cp1252")
        response = self.upload(content)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["preview"].rows[0].figure, Decimal("7.5"))

    def test_utf8_with_bom(self):
        self.login(self.company_editor)
        content = b"\xef\xbb\xbf" + self.csv("Élèves accompagnés;;Q1 2026;;1 234,5;")
        response = self.upload(content)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["preview"].rows[0].figure, Decimal("1234.5"))

    def test_xlsx_round_trip(self):
        self.login(self.company_editor)
        url = reverse("indicators:values_template", args=[self.partnership.uuid])
        workbook = load_workbook(io.BytesIO(self.client.get(url + "?period=2026-01-01").content))
        workbook.active["E2"] = 9
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = self.upload(buffer.getvalue(), name="values.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [row.action for row in response.context["preview"].rows],
            ["new", "unchanged", "unchanged"],
        )

    def test_junk_files_get_a_clear_message(self):
        self.login(self.company_editor)
        for content, name, message in (
            (b"PK\x03\x04garbage", "values.xlsx", "cannot be read as an XLSX"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xx", "old.xls", "save the file as XLSX or CSV"),
            (b"\x00\x01\x02binary", "x.bin", "neither an XLSX"),
            (b"hello;world\r\n1;2\r\n", "x.csv", "The first row must hold the column titles"),
            (b"   ", "x.csv", "This file is empty"),
        ):
            response = self.upload(content, name)
            self.assertContains(response, message, status_code=400)
        self.assertEqual(self.client.post(self.url()).status_code, 400)

    def test_the_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
