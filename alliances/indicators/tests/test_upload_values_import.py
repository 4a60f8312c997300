"""The values import refuses unsafe or lying files before reading them, keeping nothing."""

import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.indicators.models import Value
from alliances.indicators.tests.test_values_setup import ValuesTestCase
from alliances.lib.tests.upload_files import xlsx_bomb


class ValuesImportUploadTests(ValuesTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.login(self.company_editor)

    def upload(self, name: str, content: bytes):
        url = reverse("indicators:values_import", args=[self.partnership.uuid])
        return self.client.post(url, {"file": SimpleUploadedFile(name, content)})

    def assert_nothing_kept(self):
        self.assertFalse(Value.objects.exists())
        self.assertEqual([p for p in Path(self.media).rglob("*") if p.is_file()], [])

    def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(self):
        with mock.patch("alliances.indicators.values_import.reading.load_workbook") as load:
            response = self.upload("valeurs.xlsx", xlsx_bomb())
        self.assertContains(response, "refused for safety", status_code=400)
        load.assert_not_called()
        self.assert_nothing_kept()

    def test_a_legacy_workbook_named_csv_is_refused(self):
        response = self.upload("valeurs.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
        self.assertContains(response, "save the file as XLSX or CSV", status_code=400)
        self.assert_nothing_kept()

    def test_text_named_xlsx_is_refused(self):
        response = self.upload("valeurs.xlsx", b"Indicator;Value\nx;3\n")
        self.assertContains(response, "cannot be read as an XLSX", status_code=400)
        self.assert_nothing_kept()

    def test_too_big_a_file_is_refused(self):
        with mock.patch("alliances.indicators.forms.values.IMPORT_MAX_BYTES", 10):
            response = self.upload("valeurs.csv", b"Indicator;Value\nx;3\n")
        self.assertContains(response, "This file is too large", status_code=400)
        self.assert_nothing_kept()
