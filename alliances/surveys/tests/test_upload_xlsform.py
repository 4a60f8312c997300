"""The XLSForm import refuses unsafe or lying files before keeping or reading them."""

import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.lib.tests.upload_files import HTML, xlsx_bomb, zip_with_names
from alliances.surveys.models import Survey
from alliances.surveys.xlsform import XLSFormError, import_xlsform
from alliances.test import PartnershipTestCase


class XLSFormUploadTests(PartnershipTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.login(self.editor)

    def upload(self, name: str, content: bytes):
        url = reverse("surveys:import", args=[self.partnership.uuid])
        return self.client.post(url, {"file": SimpleUploadedFile(name, content)})

    def assert_nothing_kept(self):
        self.assertFalse(Survey.objects.exists())
        self.assertEqual([p for p in Path(self.media).rglob("*") if p.is_file()], [])

    def test_a_zip_bomb_is_refused_before_it_is_kept_or_read(self):
        with mock.patch("openpyxl.load_workbook") as load:
            response = self.upload("enquete.xlsx", xlsx_bomb())
        self.assertContains(response, "refused for safety", status_code=400)
        load.assert_not_called()
        self.assert_nothing_kept()

    def test_unsafe_part_names_are_refused(self):
        response = self.upload("enquete.xlsx", zip_with_names("xl/workbook.xml", "/tmp/x"))
        self.assertContains(response, "unsafe names", status_code=400)
        self.assert_nothing_kept()

    def test_a_page_named_xlsx_is_refused(self):
        response = self.upload("enquete.xlsx", HTML)
        self.assertContains(response, "not a readable .xlsx workbook", status_code=400)
        self.assert_nothing_kept()

    def test_too_big_a_file_is_refused(self):
        with mock.patch("alliances.surveys.forms.builder.survey.MAX_IMPORT_BYTES", 10):
            response = self.upload("enquete.xlsx", xlsx_bomb())
        self.assertContains(response, "larger than 5 MB", status_code=400)
        self.assert_nothing_kept()

    def test_the_importer_refuses_a_bomb_on_its_own(self):
        with self.assertRaisesMessage(XLSFormError, "refused for safety"):
            import_xlsform(xlsx_bomb(), filename="enquete.xlsx", leave_out_unsupported=False)
