"""Typing paper questionnaires into the survey, one after the other."""

import uuid
from datetime import date

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.surveys.models import Response, SurveyStatus
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


class PaperEntryTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership)

    def setUp(self):
        self.url = reverse("surveys:paper_entry", args=[self.partnership.uuid, self.survey.uuid])

    def post(self, data):
        data = {"submission_id": str(uuid.uuid4()), "collected_on": "2026-03-02", **data}
        return self.client.post(self.url, data)

    def test_who_may_enter_paper_questionnaires(self):
        for user, status in (
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
            (self.viewer, 403),
            (self.outsider, 404),
        ):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)
        self.login(self.viewer)
        self.assertEqual(self.post({"age": "50"}).status_code, 403)
        self.assertFalse(Response.objects.exists())

    def test_save_and_enter_the_next_one(self):
        self.login(self.editor)
        page = self.client.get(self.url)
        self.assertContains(page, "Date written on the questionnaire")
        self.assertContains(page, "Save and enter the next one")
        self.assertContains(page, 'name="trust[school]"')
        response = self.post({"age": "50", "belonging": "2"})
        self.assertRedirects(response, f"{self.url}?entered=1&collected_on=2026-03-02")
        stored = Response.objects.get()
        self.assertEqual(stored.channel, "paper")
        self.assertEqual(stored.entered_by, self.editor)
        self.assertEqual(stored.collected_on, date(2026, 3, 2))
        self.assertEqual(stored.answers, {"age": 50, "belonging": 2})
        self.assertTrue(AuditEvent.objects.filter(verb="survey.response_enter").exists())
        following = self.client.get(f"{self.url}?entered=1&collected_on=2026-03-02")
        self.assertContains(following, "1 questionnaire entered in this session.")
        self.assertContains(following, 'value="2026-03-02"')
        self.post({"age": "51", "entered": "1"})
        self.assertEqual(Response.objects.count(), 2)

    def test_a_double_post_stores_one_response(self):
        self.login(self.editor)
        data = {"submission_id": str(uuid.uuid4()), "age": "50"}
        self.post(data)
        self.post(data)
        self.assertEqual(Response.objects.count(), 1)

    def test_errors_keep_what_was_typed(self):
        self.login(self.editor)
        response = self.post({"age": "250", "comment": "Illisible"})
        self.assertContains(response, "Give an age between 0 and 120.", status_code=400)
        self.assertContains(response, 'value="250"', status_code=400)
        self.assertContains(response, "Illisible</textarea>", status_code=400)
        future = self.post({"age": "25", "collected_on": "2999-01-01"})
        self.assertContains(future, "The date cannot be in the future.", status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_a_closed_survey_still_takes_late_paper_questionnaires(self):
        self.survey.status = SurveyStatus.CLOSED
        self.survey.save(update_fields=["status"])
        self.login(self.editor)
        self.assertEqual(self.post({"age": "60"}).status_code, 302)
        self.assertEqual(Response.objects.count(), 1)

    def test_a_draft_survey_takes_none(self):
        self.survey.status = SurveyStatus.DRAFT
        self.survey.save(update_fields=["status"])
        self.login(self.editor)
        self.assertContains(self.client.get(self.url), "still a draft")
        self.post({"age": "60"})
        self.assertFalse(Response.objects.exists())
