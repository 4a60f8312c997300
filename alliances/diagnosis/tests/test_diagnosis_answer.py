from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.diagnosis.models import Diagnosis
from alliances.diagnosis.services.diagnoses import clean_answers, diagnosis_save
from alliances.diagnosis.tests.test_diagnosis_setup import DiagnosisTestCase, form_data
from alliances.organisations.access import access_organisation_by_uuid


class DiagnosisAnswerTests(DiagnosisTestCase):
    def setUp(self):
        super().setUp()
        self.draft = Diagnosis.objects.create(organisation=self.org, created_by=self.editor)
        self.url = reverse("diagnosis:edit", args=[self.org.uuid, self.draft.uuid])

    def test_the_questionnaire_shows_four_parts_and_every_question(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        for part in ("Leadership and strategy", "Systems and processes", "People and skills"):
            self.assertContains(response, part)
        self.assertContains(response, 'name="leadership__written_strategy"', count=4)
        self.assertContains(response, "0 of 19 questions answered")

    def test_saving_part_of_the_answers_keeps_them_for_later(self):
        self.login(self.editor)
        answers = {
            "leadership.written_strategy": {"level": "starting", "comment": "  Draft in June "},
            "culture.learning": {"level": "exemplary", "comment": ""},
        }
        response = self.client.post(self.url, form_data(answers, notes="Board meeting"))
        self.assertRedirects(response, self.url)
        self.draft.refresh_from_db()
        self.assertEqual(
            self.draft.answers,
            {
                "leadership.written_strategy": {"level": "starting", "comment": "Draft in June"},
                "culture.learning": {"level": "exemplary", "comment": ""},
            },
        )
        self.assertEqual(self.draft.notes, "Board meeting")
        response = self.client.get(self.url)
        self.assertContains(response, "2 of 19 questions answered")
        self.assertContains(response, "Draft in June")

    def test_an_unknown_level_is_refused_and_nothing_is_saved(self):
        self.login(self.editor)
        data = form_data({"people.training": {"level": "superb", "comment": ""}})
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.answers, {})

    def test_the_service_refuses_unknown_questions_and_long_comments(self):
        with self.assertRaisesMessage(ValidationError, "Unknown question"):
            clean_answers({"leadership.nothing": {"level": "starting"}})
        with self.assertRaisesMessage(ValidationError, "under 1000 characters"):
            clean_answers({"people.training": {"level": "starting", "comment": "x" * 1001}})

    def test_a_viewer_may_not_answer(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        access = access_organisation_by_uuid(self.viewer, self.org.uuid)
        with self.assertRaises(PermissionDenied):
            diagnosis_save(
                access=access, actor=self.viewer, diagnosis=self.draft, answers={}, notes=""
            )
