from datetime import date

import time_machine
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import Proposal, ProposalStatus
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer


@time_machine.travel(NOW, tick=False)
class EditProposalTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin, "Le mardi.")
        cls.url = reverse("matching:proposal_edit", args=[cls.answer.uuid])
        cls.detail_url = reverse("matching:proposal_detail", args=[cls.answer.uuid])

    def test_the_sender_changes_its_answer_while_undecided(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Le mardi.")
        self.assertNotContains(response, 'name="title"')
        response = self.client.post(
            self.url, {"message": "Le mardi et le jeudi.", "resources_offered": ["volunteers"]}
        )
        self.assertRedirects(response, self.detail_url)
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.message, "Le mardi et le jeudi.")
        self.assertEqual(self.answer.resources_offered, ["volunteers"])
        event = AuditEvent.objects.get(verb="proposal.edited")
        self.assertEqual(event.data, {"fields": ["message", "resources_offered"]})

    def test_shortlisted_is_still_undecided(self):
        self.answer.status = ProposalStatus.SHORTLISTED
        self.answer.save(update_fields=["status"])
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_not_after_the_deadline(self):
        self.call.deadline = date(2026, 3, 1)
        self.call.save(update_fields=["deadline"])
        self.login(self.company_admin)
        response = self.client.get(self.url, follow=True)
        self.assertRedirects(response, self.detail_url)
        self.assertContains(
            response,
            "The answer can no longer be changed: The deadline for answers passed on "
            "March 1, 2026.",
        )
        self.assertNotContains(response, self.url)

    def test_not_once_decided(self):
        self.answer.status = ProposalStatus.DECLINED
        self.answer.save(update_fields=["status"])
        self.login(self.company_admin)
        response = self.client.post(self.url, {"message": "Autre"}, follow=True)
        self.assertContains(
            response, "This proposal is already declined: it can no longer be changed."
        )
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.message, "Le mardi.")

    def test_a_direct_proposal_keeps_a_title(self):
        proposal = Proposal.objects.create(
            from_organisation=self.company,
            to_organisation=self.org,
            title="Mécénat",
            message="Bonjour",
            created_by=self.company_admin,
        )
        url = reverse("matching:proposal_edit", args=[proposal.uuid])
        self.login(self.company_admin)
        response = self.client.post(url, {"title": " ", "message": "Bonjour"})
        self.assertContains(response, "Give your proposal a title.", status_code=400)
        response = self.client.post(url, {"title": "Mécénat de compétences", "message": "Bonjour"})
        self.assertEqual(response.status_code, 302)
        proposal.refresh_from_db()
        self.assertEqual(proposal.title, "Mécénat de compétences")

    def test_only_the_senders_editors_change_it(self):
        for user in (self.editor, self.viewer):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
