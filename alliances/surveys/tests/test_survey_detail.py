from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.partnerships.models import Stage
from alliances.surveys.models import SurveyStatus
from alliances.surveys.tests.test_builder_helpers import (
    AGE,
    BELONGING,
    NEIGHBOURHOOD,
    SurveyTestCase,
)


class SurveyDetailTests(SurveyTestCase):
    def test_viewer_reads_the_questions_in_order_without_the_tools(self):
        self.set_items(
            NEIGHBOURHOOD,
            {**AGE, "required": True},
            {**BELONGING, "relevant": "${quartier} = 'couronneries'"},
        )
        self.login(self.viewer)
        response = self.client.get(self.url("detail"))
        self.assertEqual(response.status_code, 200)
        names = [row.item["name"] for row in response.context["outline"]]
        self.assertEqual(names, ["quartier", "age", "appartenance"])
        self.assertContains(response, "Your age")
        self.assertContains(response, "Whole number")
        self.assertContains(response, "Required")
        self.assertContains(response, "Shown only if “Your neighbourhood” is “Les Couronneries”")
        self.assertNotContains(response, "Add a question")
        self.assertNotContains(response, "Open the survey")

    def test_editor_sees_what_is_missing_before_opening(self):
        self.login(self.editor)
        response = self.client.get(self.url("detail"))
        self.assertContains(response, "Add at least one question before opening the survey.")
        self.assertContains(response, "Add a question")
        self.set_items(AGE)
        response = self.client.get(self.url("detail"))
        self.assertContains(response, "Open the survey")

    def test_open_survey_shows_its_public_link_and_qr_code(self):
        self.set_items(AGE)
        self.survey.status = SurveyStatus.OPEN
        self.survey.save(update_fields=["status"])
        self.login(self.viewer)
        response = self.client.get(self.url("detail"))
        self.assertContains(response, f"http://testserver/s/{self.survey.public_token}/")
        self.assertContains(response, self.url("qr"))
        self.assertContains(response, "QR code of the public link")

    def test_personal_data_notice(self):
        self.set_items(AGE)
        self.login(self.editor)
        self.assertNotContains(self.client.get(self.url("detail")), "collects personal data")
        self.set_items(AGE, {"name": "mail", "type": "email", "label": {"fr": "Courriel"}})
        self.assertContains(self.client.get(self.url("detail")), "collects personal data")

    def test_imported_groups_are_shown_read_only_but_deletable(self):
        self.set_items(
            {
                "type": "repeat",
                "name": "enfants",
                "label": {"fr": "Enfants"},
                "row": 3,
                "items": [{**AGE, "row": 4}],
            }
        )
        self.login(self.editor)
        response = self.client.get(self.url("detail"))
        rows = {row.item["name"]: row for row in response.context["outline"]}
        self.assertFalse(rows["enfants"].editable)
        self.assertTrue(rows["age"].editable)
        self.assertTrue(rows["age"].in_repeat)
        self.assertContains(response, "Imported: can be deleted, not edited")
        self.assertContains(response, self.url("question_delete", "enfants"))
        self.assertNotContains(response, f'href="{self.url("question_edit", "enfants")}"')

    def test_closed_partnership_shows_no_tools(self):
        self.set_items(AGE)
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.client.get(self.url("detail"))
        self.assertNotContains(response, "Open the survey")
        self.assertNotContains(response, f'href="{self.url("question_edit", "age")}"')

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("detail")).status_code, 404)

    def test_query_count_does_not_grow_with_questions(self):
        self.login(self.editor)
        self.set_items(AGE)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url("detail"))
        self.set_items(AGE, NEIGHBOURHOOD, BELONGING)
        with CaptureQueriesContext(connection) as more:
            self.client.get(self.url("detail"))
        self.assertEqual(len(more), len(few))
