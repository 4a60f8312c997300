import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.models import CallStatus, ProposalStatus
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer, make_call


@time_machine.travel(NOW, tick=False)
class OrganisationCallsTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:organisation_calls", args=[cls.org.uuid])
        make_call(cls.org, "Brouillon de printemps", status=CallStatus.DRAFT)
        make_call(cls.org, "Appel fermé", status=CallStatus.CLOSED)
        make_answer(cls.call, cls.company, cls.company_admin)
        make_answer(cls.call, cls.other_org, cls.outsider, status=ProposalStatus.SHORTLISTED)
        make_answer(cls.call, cls.commune, cls.commune_admin, status=ProposalStatus.WITHDRAWN)

    def test_the_public_sees_published_calls_without_counts(self):
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tuteurs pour l&#x27;aide aux devoirs")
        self.assertContains(response, "Appel fermé")
        self.assertNotContains(response, "Brouillon de printemps")
        self.assertNotContains(response, "received")
        self.assertNotContains(response, reverse("matching:call_create", args=[self.org.uuid]))

    def test_members_see_drafts_and_answers_by_status(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Brouillon de printemps")
        self.assertContains(response, "1 received")
        self.assertContains(response, "1 shortlisted")
        self.assertContains(response, "1 withdrawn")
        self.assertContains(response, "Not published yet")
        self.assertContains(response, 'aria-current="page">Calls<', html=False)
        self.assertNotContains(response, reverse("matching:call_create", args=[self.org.uuid]))
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("matching:call_create", args=[self.org.uuid]))

    def test_a_private_organisation_is_not_found(self):
        self.org.is_public = False
        self.org.save(update_fields=["is_public"])
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_query_count_does_not_grow_with_the_calls(self):
        self.login(self.editor)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(queries)

        few = count()
        for number in range(5):
            make_answer(make_call(self.org, f"Appel {number}"), self.company, self.company_admin)
        self.assertEqual(count(), few)
