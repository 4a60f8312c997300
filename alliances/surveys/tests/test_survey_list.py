import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.partnerships.models import Stage
from alliances.surveys.models import SurveyStatus
from alliances.surveys.tests.test_builder_helpers import AGE, SurveyTestCase, answer
from alliances.test import make_partnership


class SurveyListTests(SurveyTestCase):
    def list_url(self, partnership=None):
        return reverse("surveys:list", args=[(partnership or self.partnership).uuid])

    def test_viewer_reads_the_list_without_the_buttons(self):
        self.login(self.viewer)
        response = self.client.get(self.list_url())
        self.assertContains(response, "Vivre ensemble aux Couronneries")
        self.assertContains(response, "Draft")
        self.assertNotContains(response, "New survey")
        self.assertNotContains(response, "Import an XLSForm file")

    def test_editor_of_any_party_gets_the_buttons(self):
        for user in (self.editor, self.company_admin):
            self.login(user)
            response = self.client.get(self.list_url())
            self.assertContains(response, "New survey")
            self.assertContains(response, "Import an XLSForm file")

    def test_shows_responses_and_the_public_link_of_an_open_survey(self):
        self.set_items(AGE)
        self.survey.status = SurveyStatus.OPEN
        self.survey.save(update_fields=["status"])
        answer(self.survey, {"age": 30}, 1)
        answer(self.survey, {"age": 40}, 2)
        self.login(self.viewer)
        response = self.client.get(self.list_url())
        self.assertEqual(response.context["surveys"][0].response_count, 2)
        self.assertContains(response, f"/s/{self.survey.public_token}/")

    def test_empty_state_explains_what_surveys_are_for(self):
        other, _parties = make_partnership("Jardins", coordinator=self.org)
        self.login(self.editor)
        response = self.client.get(self.list_url(other))
        self.assertContains(response, "No survey yet")
        self.assertContains(response, "on their phone")
        self.assertContains(response, "feed the indicators")

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.list_url()).status_code, 404)

    def test_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.client.get(self.list_url())
        self.assertNotContains(response, "New survey")
        self.assertContains(response, "This partnership is closed")

    def test_query_count_does_not_grow_with_surveys(self):
        self.login(self.editor)
        with CaptureQueriesContext(connection) as first:
            self.client.get(self.list_url())
        for number in range(3):
            self.survey.pk = None
            self.survey.uuid = uuid.uuid4()
            self.survey.public_token = f"token-{number}"
            self.survey.save()
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(self.list_url())
        self.assertEqual(len(response.context["surveys"]), 4)
        self.assertEqual(len(second), len(first))
