from django.urls import reverse

from alliances.partnerships.models import Stage
from alliances.surveys.models import Survey
from alliances.surveys.tests.test_builder_helpers import AGE, SurveyTestCase, answer


class SurveyDeleteTests(SurveyTestCase):
    def test_editor_deletes_a_survey_without_responses(self):
        self.login(self.editor)
        response = self.client.post(self.url("delete"))
        self.assertRedirects(response, reverse("surveys:list", args=[self.partnership.uuid]))
        self.assertFalse(Survey.objects.filter(pk=self.survey.pk).exists())

    def test_a_survey_with_responses_is_kept(self):
        self.set_items(AGE)
        answer(self.survey, {"age": 30})
        self.login(self.editor)
        response = self.client.post(self.url("delete"), follow=True)
        self.assertContains(response, "it can be closed, but not deleted")
        self.assertTrue(Survey.objects.filter(pk=self.survey.pk).exists())

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url("delete")).status_code, 403)
        self.assertTrue(Survey.objects.filter(pk=self.survey.pk).exists())

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url("delete")).status_code, 405)

    def test_closed_partnership_keeps_it(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        self.client.post(self.url("delete"))
        self.assertTrue(Survey.objects.filter(pk=self.survey.pk).exists())
