from datetime import date

import time_machine
from django.urls import NoReverseMatch, reverse

from alliances.matching.models import CallStatus
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer, make_call


def url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@time_machine.travel(NOW, tick=False)
class CallDetailTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:call_detail", args=[cls.call.uuid])
        cls.answer_url = reverse("matching:call_answer", args=[cls.call.uuid])
        cls.compare_url = reverse("matching:call_answers", args=[cls.call.uuid])
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin)

    def test_anyone_reads_an_open_call(self):
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tuteurs pour l&#x27;aide aux devoirs")
        self.assertContains(response, "Published by Maison des Trois-Cités")
        self.assertContains(response, "29 days left")
        self.assertContains(response, "Volunteers, Premises")
        self.assertContains(response, "Poitiers (Commune)")
        self.assertContains(response, "SDG 4: ")
        self.assertContains(response, "Proximité: <strong>weight 60</strong>", html=False)
        self.assertContains(response, "Log in to answer on behalf of your organisation")
        self.assertNotContains(response, self.compare_url)
        self.assertNotContains(response, "answer received")

    def test_another_organisations_editor_may_answer(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, self.answer_url)
        self.assertNotContains(response, self.compare_url)

    def test_an_organisation_that_answered_finds_its_answer(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "The answer of Solidaires Industries")
        self.assertContains(response, reverse("matching:proposal_detail", args=[self.answer.uuid]))
        self.assertNotContains(response, self.answer_url)

    def test_the_publishers_editor_manages_the_call(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "1 answer received.")
        self.assertContains(response, self.compare_url)
        self.assertContains(response, reverse("matching:call_edit", args=[self.call.uuid]))
        self.assertContains(response, reverse("matching:call_close", args=[self.call.uuid]))
        self.assertNotContains(response, reverse("matching:call_publish", args=[self.call.uuid]))
        self.assertNotContains(response, self.answer_url)
        self.assertContains(response, "your organisation published this call")
        suggestions = url_or_none("matching:call_suggestions", call_uuid=self.call.uuid)
        if suggestions:
            self.assertContains(response, suggestions)
        consortium = url_or_none("matching:consortium", organisation_uuid=self.org.uuid)
        if consortium:
            self.assertContains(response, f"{consortium}?call={self.call.uuid}")

    def test_the_publishers_viewer_reads_and_compares(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, self.compare_url)
        self.assertNotContains(response, reverse("matching:call_edit", args=[self.call.uuid]))
        self.assertNotContains(response, reverse("matching:call_close", args=[self.call.uuid]))

    def test_a_draft_is_for_the_publishers_members_only(self):
        draft = make_call(self.org, "Brouillon", status=CallStatus.DRAFT)
        url = reverse("matching:call_detail", args=[draft.uuid])
        for user in (None, self.outsider, self.company_admin, self.staff):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.viewer)
        response = self.client.get(url)
        self.assertContains(response, "Draft: only your organisation sees it")
        self.login(self.editor)
        response = self.client.get(url)
        self.assertContains(response, reverse("matching:call_publish", args=[draft.uuid]))

    def test_a_private_organisations_call_is_not_public(self):
        self.org.is_public = False
        self.org.save(update_fields=["is_public"])
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_a_closed_call_says_it_takes_no_more_answers(self):
        self.call.status = CallStatus.CLOSED
        self.call.save(update_fields=["status"])
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, "This call is closed: it no longer takes answers.")
        self.assertNotContains(response, self.answer_url)

    def test_a_passed_deadline_is_said(self):
        self.call.deadline = date(2026, 3, 1)
        self.call.save(update_fields=["deadline"])
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, "The deadline for answers passed on March 1, 2026.")
        self.assertContains(response, "Deadline passed")

    def test_unknown_call_404(self):
        self.login(self.editor)
        url = reverse("matching:call_detail", args=["00000000-0000-0000-0000-000000000000"])
        self.assertEqual(self.client.get(url).status_code, 404)
