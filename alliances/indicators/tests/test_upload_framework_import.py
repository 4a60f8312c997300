"""The framework import refuses unsafe or lying files before reading them, keeping nothing."""

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliances.indicators.framework_import.reading import read_sheet
from alliances.indicators.models import Indicator
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.indicators.views.framework.common import IMPORT_SESSION_KEY
from alliances.lib.tests.upload_files import HTML, xlsx_bomb, zip_with_names


class FrameworkImportUploadTests(FrameworkTestCase):
    def setUp(self):
        self.login(self.editor)
        self.indicators = Indicator.objects.count()

    def upload(self, name: str, content: bytes):
        url = reverse("indicators:framework_import", args=[self.partnership.uuid])
        return self.client.post(url, {"file": SimpleUploadedFile(name, content)})

    def assert_nothing_kept(self):
        key = IMPORT_SESSION_KEY % self.partnership.uuid
        self.assertNotIn(key, self.client.session)
        self.assertEqual(Indicator.objects.count(), self.indicators)

    def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(self):
        with mock.patch("openpyxl.load_workbook") as load:
            response = self.upload("cadre.xlsx", xlsx_bomb())
        self.assertContains(response, "refused for safety", status_code=400)
        load.assert_not_called()
        self.assert_nothing_kept()

    def test_unsafe_part_names_are_refused(self):
        archive = zip_with_names("xl/workbook.xml", "../../etc/cron.d/x")
        response = self.upload("cadre.xlsx", archive)
        self.assertContains(response, "unsafe names", status_code=400)
        self.assert_nothing_kept()

    def test_a_page_named_xlsx_is_refused(self):
        response = self.upload("cadre.xlsx", HTML.replace(b">", b">\n"))
        self.assertContains(response, "The first row does not have the expected", status_code=400)
        self.assert_nothing_kept()

    def test_too_big_a_file_is_refused(self):
        with mock.patch("alliances.indicators.framework_import.MAX_BYTES", 10):
            response = self.upload("cadre.csv", b"Indicator\nPeople trained\n")
        self.assertContains(response, "The file is too large", status_code=400)
        self.assert_nothing_kept()

    def test_the_reader_refuses_a_bomb_on_its_own(self):
        from alliances.indicators.framework_import import ImportFileError

        with self.assertRaisesMessage(ImportFileError, "refused for safety"):
            read_sheet(xlsx_bomb(), filename="cadre.xlsx")
