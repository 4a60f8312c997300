import time_machine
from django.utils import timezone

from alliances.partnerships.models import Activity, Stage
from alliances.surveys.models import SurveyStatus
from alliances.surveys.tests.test_builder_helpers import AGE, SurveyTestCase


class SurveyOpenCloseTests(SurveyTestCase):
    def test_a_survey_without_questions_cannot_open(self):
        self.login(self.editor)
        response = self.client.post(self.url("open"), follow=True)
        self.assertContains(response, "Add at least one question before opening the survey.")
        self.assertEqual(self.refreshed().status, SurveyStatus.DRAFT)

    def test_an_invalid_definition_cannot_open(self):
        self.set_items({"name": "age", "type": "integer", "label": {}})
        self.login(self.editor)
        self.client.post(self.url("open"))
        self.assertEqual(self.refreshed().status, SurveyStatus.DRAFT)

    @time_machine.travel("2026-03-01 09:00 +00:00", tick=False)
    def test_open_close_and_reopen(self):
        self.set_items(AGE)
        self.login(self.company_admin)
        response = self.client.post(self.url("open"))
        self.assertRedirects(
            response, self.url("detail") + "#status", fetch_redirect_response=False
        )
        survey = self.refreshed()
        self.assertEqual(survey.status, SurveyStatus.OPEN)
        self.assertEqual(survey.opens_at, timezone.now())
        self.client.post(self.url("close"))
        survey = self.refreshed()
        self.assertEqual(survey.status, SurveyStatus.CLOSED)
        self.assertEqual(survey.closes_at, timezone.now())
        self.client.post(self.url("open"))
        survey = self.refreshed()
        self.assertEqual(survey.status, SurveyStatus.OPEN)
        self.assertIsNone(survey.closes_at)
        verbs = list(
            Activity.objects.filter(partnership=self.partnership)
            .order_by("id")
            .values_list("verb", flat=True)
        )
        self.assertEqual(verbs[-3:], ["survey.opened", "survey.closed", "survey.opened"])

    def test_closing_a_draft_is_refused_with_a_message(self):
        self.login(self.editor)
        response = self.client.post(self.url("close"), follow=True)
        self.assertContains(response, "This survey is not open.")

    def test_viewer_cannot_open(self):
        self.set_items(AGE)
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url("open")).status_code, 403)
        self.assertEqual(self.refreshed().status, SurveyStatus.DRAFT)

    def test_closed_partnership_cannot_open(self):
        self.set_items(AGE)
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        self.client.post(self.url("open"))
        self.assertEqual(self.refreshed().status, SurveyStatus.DRAFT)
