from django.urls import reverse

from alliances.matching.models import Proposal, ProposalStatus
from alliances.matching.tests.test_call_setup import CallTestCase, make_answer


class OrganisationProposalsTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:organisation_proposals", args=[cls.org.uuid])
        make_answer(cls.call, cls.company, cls.company_admin, status=ProposalStatus.SHORTLISTED)
        Proposal.objects.create(
            from_organisation=cls.org,
            to_organisation=cls.commune,
            title="Un jardin partagé",
            message="Bonjour",
            created_by=cls.editor,
        )

    def test_members_see_what_was_received_and_sent(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        received = content.index("Proposals received")
        sent = content.index("Proposals sent")
        self.assertLess(received, content.index("Solidaires Industries"), sent)
        self.assertLess(sent, content.index("Un jardin partagé"))
        self.assertContains(response, "Answer to “Tuteurs pour l&#x27;aide aux devoirs”")
        self.assertContains(response, "Shortlisted")
        self.assertContains(response, "Ville de Poitiers")

    def test_members_only(self):
        for user in (self.outsider, self.company_admin, self.staff):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_empty(self):
        self.login(self.commune_admin)
        url = reverse("matching:organisation_proposals", args=[self.company.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.company_admin)
        response = self.client.get(url)
        self.assertContains(response, "No proposal received yet.")
