import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.partnerships.models import Activity, Stage
from alliances.surveys.models import Survey, SurveyOrigin, SurveyStatus
from alliances.test import PartnershipTestCase

FORMS = Path(__file__).parent / "xlsform"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        content = (FORMS / name).read_bytes()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class SurveyImportTests(PartnershipTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        settings = override_settings(MEDIA_ROOT=self.media)
        settings.enable()
        self.addCleanup(settings.disable)
        self.login(self.editor)
        self.import_url = reverse("surveys:import", args=[self.partnership.uuid])

    def kept_files(self):
        folder = Path(self.media) / "imports"
        return list(folder.iterdir()) if folder.exists() else []

    def test_page_explains_the_format(self):
        response = self.client.get(self.import_url)
        self.assertContains(response, "XLSForm is the spreadsheet format")
        self.assertContains(response, 'accept=".xlsx"')

    def test_a_clean_form_becomes_a_draft_survey(self):
        response = self.client.post(self.import_url, {"file": upload("field-list.xlsx")})
        survey = Survey.objects.get()
        self.assertRedirects(
            response, reverse("surveys:detail", args=[self.partnership.uuid, survey.uuid])
        )
        self.assertEqual(survey.origin, SurveyOrigin.XLSFORM)
        self.assertEqual(survey.source_filename, "field-list.xlsx")
        self.assertEqual(survey.status, SurveyStatus.DRAFT)
        self.assertEqual(survey.created_by, self.editor)
        self.assertTrue(survey.definition["items"])
        self.assertTrue(survey.consent_text)
        self.assertEqual(self.kept_files(), [])
        self.assertTrue(Activity.objects.filter(verb="survey.imported").exists())

    def test_problems_then_import_without_these_questions(self):
        response = self.client.post(self.import_url, {"file": upload("flat_xlsform_test.xlsx")})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Survey.objects.exists())
        problems = response.context["problems"]
        features = {problem["feature"] for problem in problems}
        self.assertTrue({"geopoint", "photo", "audio"} <= features)
        geopoint = next(problem for problem in problems if problem["feature"] == "geopoint")
        self.assertEqual((geopoint["sheet"], geopoint["row"]), ("survey", 34))
        self.assertContains(response, "Import without these questions", status_code=400)
        self.assertContains(response, '<th scope="col">Row</th>', status_code=400)
        self.assertEqual(len(self.kept_files()), 1)

        # The second attempt sends the signed reference only, not the file again.
        response = self.client.post(self.import_url, {"kept": response.context["kept"]})
        survey = Survey.objects.get()
        detail = reverse("surveys:detail", args=[self.partnership.uuid, survey.uuid])
        self.assertRedirects(response, detail, fetch_redirect_response=False)
        self.assertEqual(survey.source_filename, "flat_xlsform_test.xlsx")
        self.assertIn("geopoint_test", survey.definition.get("left_out", []))
        self.assertEqual(self.kept_files(), [])

        # The notes on what was left out are shown once.
        page = self.client.get(detail)
        self.assertContains(page, "Notes on the import")
        self.assertContains(page, "geopoint_test")
        self.assertNotContains(self.client.get(detail), "Notes on the import")

    def test_a_tampered_reference_asks_for_the_file_again(self):
        response = self.client.post(self.import_url, {"kept": "not-a-signed-value"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "please upload it again", status_code=400)
        self.assertFalse(Survey.objects.exists())

    def test_wrong_type_of_file(self):
        response = self.client.post(self.import_url, {"file": upload("form.csv", b"type,name")})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This is not an .xlsx file", status_code=400)
        response = self.client.post(self.import_url, {"file": upload("form.xlsx", b"type,name")})
        self.assertContains(response, "not a readable .xlsx workbook", status_code=400)
        self.assertEqual(self.kept_files(), [])

    def test_size_limit(self):
        with mock.patch("alliances.surveys.forms.builder.survey.MAX_IMPORT_BYTES", 1000):
            response = self.client.post(self.import_url, {"file": upload("field-list.xlsx")})
        self.assertContains(response, "larger than 5 MB", status_code=400)
        self.assertFalse(Survey.objects.exists())

    def test_viewer_is_refused_and_outsider_gets_404(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.import_url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.import_url).status_code, 404)

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.client.post(self.import_url, {"file": upload("field-list.xlsx")})
        self.assertFalse(Survey.objects.exists())
