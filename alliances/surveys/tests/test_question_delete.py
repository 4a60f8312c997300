from alliances.indicators.models import Indicator, Objective, Outcome
from alliances.surveys.models import Method, SurveyIndicator, SurveyStatus
from alliances.surveys.tests.test_builder_helpers import (
    AGE,
    BELONGING,
    NEIGHBOURHOOD,
    SurveyTestCase,
    answer,
)


class QuestionDeleteTests(SurveyTestCase):
    def setUp(self):
        self.login(self.editor)

    def delete(self, name, follow=False, **data):
        return self.client.post(self.url("question_delete", name), data, follow=follow)

    def names(self):
        return [item["name"] for item in self.refreshed().definition["items"]]

    def test_delete_an_unanswered_question(self):
        self.set_items(AGE, NEIGHBOURHOOD)
        response = self.delete("age")
        self.assertRedirects(response, self.url("detail") + "#questions")
        self.assertEqual(self.names(), ["quartier"])

    def test_an_answered_question_asks_for_a_confirmation(self):
        self.set_items(AGE, NEIGHBOURHOOD)
        answer(self.survey, {"age": 30})
        response = self.delete("age")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1 response has an answer to it")
        self.assertEqual(self.names(), ["age", "quartier"])
        self.delete("age", confirm="yes")
        self.assertEqual(self.names(), ["quartier"])
        self.assertEqual(self.survey.responses.get().answers, {"age": 30})
        self.assertEqual(self.refreshed().version, 2)

    def test_a_question_used_in_a_condition_is_kept(self):
        self.set_items(AGE, {**BELONGING, "relevant": "${age} >= 18"})
        response = self.delete("age", confirm="yes")
        self.assertRedirects(response, self.url("detail") + "#q-age", fetch_redirect_response=False)
        self.assertEqual(self.names(), ["age", "appartenance"])

    def test_a_question_feeding_an_indicator_is_kept(self):
        self.set_items(AGE, BELONGING)
        objective = Objective.objects.create(partnership=self.partnership, title="Lien")
        outcome = Outcome.objects.create(
            partnership=self.partnership, objective=objective, title="Lien social"
        )
        indicator = Indicator.objects.create(
            partnership=self.partnership, outcome=outcome, title="Sentiment d'appartenance"
        )
        SurveyIndicator.objects.create(
            indicator=indicator, survey=self.survey, question="appartenance", method=Method.MEAN
        )
        response = self.delete("appartenance", follow=True)
        self.assertContains(response, "is computed from this question")
        self.assertEqual(self.names(), ["age", "appartenance"])

    def test_an_open_survey_keeps_its_last_question(self):
        self.set_items(AGE)
        self.survey.status = SurveyStatus.OPEN
        self.survey.save(update_fields=["status"])
        response = self.delete("age", follow=True)
        self.assertContains(response, "An open survey needs at least one question")
        self.assertEqual(self.names(), ["age"])

    def test_deleting_a_section_keeps_its_questions(self):
        section = {"type": "group", "name": "p2", "appearance": "field-list", "items": [AGE]}
        self.set_items(NEIGHBOURHOOD, section)
        self.delete("p2")
        self.assertEqual(self.names(), ["quartier", "age"])

    def test_deleting_a_repeat_removes_its_questions(self):
        self.set_items(
            NEIGHBOURHOOD, {"type": "repeat", "name": "enfants", "row": 3, "items": [AGE]}
        )
        self.delete("enfants")
        self.assertEqual(self.names(), ["quartier"])

    def test_viewer_is_refused(self):
        self.set_items(AGE)
        self.login(self.viewer)
        self.assertEqual(self.delete("age").status_code, 403)
        self.assertEqual(self.names(), ["age"])
