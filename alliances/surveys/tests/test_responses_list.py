"""The team's list of responses, its filters, one response and its deletion."""

import uuid
from datetime import date

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.models import Activity
from alliances.surveys.models import Response
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


def add_response(survey, answers, *, channel="web", collected_on=date(2026, 3, 2), **fields):
    return Response.objects.create(
        survey=survey,
        submission_id=uuid.uuid4(),
        content_hash=uuid.uuid4().hex,
        answers=answers,
        channel=channel,
        collected_on=collected_on,
        language="en",
        **fields,
    )


class ResponsesListTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership)
        cls.paper = add_response(
            cls.survey,
            {"age": 70, "neighbourhood": "trois_cites", "comment": "Trop de bruit"},
            channel="paper",
            collected_on=date(2026, 1, 15),
            entered_by=cls.editor,
        )
        for age in (20, 30, 40):
            add_response(cls.survey, {"age": age})

    def url(self, name, *args):
        return reverse(f"surveys:{name}", args=[self.partnership.uuid, self.survey.uuid, *args])

    def test_the_list_counts_and_filters_in_a_fixed_number_of_queries(self):
        self.login(self.editor)
        # session, user, partnership, memberships, parties, survey, count, page, notifications
        with self.assertNumQueries(9):
            response = self.client.get(self.url("responses"))
        self.assertContains(response, "4 responses")
        self.assertContains(response, "Paper questionnaire")
        self.assertContains(response, "Eddie Editor")
        response = self.client.get(self.url("responses"), {"channel": "paper"})
        self.assertContains(response, "1 response")
        response = self.client.get(self.url("responses"), {"end": "2026-02-01"})
        self.assertContains(response, "1 response")

    def test_one_response_shows_questions_answers_and_who_typed_it(self):
        self.login(self.editor)
        response = self.client.get(self.url("response", self.paper.uuid))
        self.assertContains(response, "Your age")
        self.assertContains(response, "Trois-Cités")  # the choice's label, not its code
        self.assertContains(response, "Trop de bruit")
        self.assertContains(response, "Eddie Editor")

    def test_a_viewer_reads_neither_the_list_nor_a_response(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url("responses")).status_code, 403)
        self.assertEqual(self.client.get(self.url("response", self.paper.uuid)).status_code, 403)

    def test_deleting_a_mistaken_entry_needs_a_reason_and_leaves_a_trace(self):
        self.login(self.editor)
        url = self.url("response_delete", self.paper.uuid)
        refused = self.client.post(url, {"reason": ""})
        self.assertEqual(refused.status_code, 400)
        self.assertTrue(Response.objects.filter(pk=self.paper.pk).exists())
        response = self.client.post(url, {"reason": "Entered twice"})
        self.assertRedirects(response, self.url("responses"))
        self.assertFalse(Response.objects.filter(pk=self.paper.pk).exists())
        event = AuditEvent.objects.get(verb="survey.response_delete")
        self.assertEqual(event.data["reason"], "Entered twice")
        self.assertEqual(event.actor, self.editor)
        self.assertTrue(Activity.objects.filter(verb="survey.response_deleted").exists())

    def test_a_viewer_cannot_delete(self):
        self.login(self.viewer)
        response = self.client.post(self.url("response_delete", self.paper.uuid), {"reason": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Response.objects.filter(pk=self.paper.pk).exists())
