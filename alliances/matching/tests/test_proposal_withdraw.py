import time_machine
from django.core import mail
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import ProposalStatus
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer
from alliances.partnerships.models import Notification


@time_machine.travel(NOW, tick=False)
class WithdrawTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin)
        cls.url = reverse("matching:proposal_withdraw", args=[cls.answer.uuid])
        cls.detail_url = reverse("matching:proposal_detail", args=[cls.answer.uuid])

    def test_the_sender_withdraws_and_the_receiver_is_told(self):
        self.login(self.company_admin)
        self.assertContains(self.client.get(self.detail_url), self.url)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, self.detail_url)
        self.assertContains(
            response, "Your proposal is withdrawn. Maison des Trois-Cités has been told."
        )
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, ProposalStatus.WITHDRAWN)
        self.assertEqual(self.answer.decided_by, self.company_admin)
        notified = {n.user for n in Notification.objects.filter(verb="proposal.withdrawn")}
        self.assertEqual(notified, {self.admin, self.editor})
        self.assertEqual(
            mail.outbox[0].subject,
            "Solidaires Industries withdrew its proposal: Tuteurs pour l'aide aux devoirs",
        )
        self.assertTrue(AuditEvent.objects.filter(verb="proposal.withdrawn").exists())
        # Its organisation may answer again.
        response = self.client.get(reverse("matching:call_detail", args=[self.call.uuid]))
        self.assertContains(response, reverse("matching:call_answer", args=[self.call.uuid]))

    def test_a_decided_proposal_is_not_withdrawn(self):
        self.answer.status = ProposalStatus.ACCEPTED
        self.answer.save(update_fields=["status"])
        self.login(self.company_admin)
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "This proposal is already accepted.")
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, ProposalStatus.ACCEPTED)

    def test_only_the_senders_editors_withdraw(self):
        for user in (self.editor, self.admin, self.viewer):
            self.login(user)
            self.assertEqual(self.client.post(self.url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, ProposalStatus.SUBMITTED)
