import time_machine
from django.core import mail
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import ProposalStatus
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer
from alliances.partnerships.models import Notification


@time_machine.travel(NOW, tick=False)
class ShortlistDeclineTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin)
        cls.other = make_answer(cls.call, cls.other_org, cls.outsider)
        cls.shortlist_url = reverse("matching:proposal_shortlist", args=[cls.answer.uuid])
        cls.decline_url = reverse("matching:proposal_decline", args=[cls.answer.uuid])
        cls.detail_url = reverse("matching:proposal_detail", args=[cls.answer.uuid])

    def status(self, proposal) -> str:
        proposal.refresh_from_db()
        return proposal.status

    def test_shortlist_from_the_comparison_and_the_sender_is_told(self):
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.shortlist_url, {"back": "answers"})
        compare = reverse("matching:call_answers", args=[self.call.uuid])
        self.assertRedirects(response, f"{compare}#answer-{self.answer.uuid}")
        self.assertEqual(self.status(self.answer), ProposalStatus.SHORTLISTED)
        self.assertEqual(self.status(self.other), ProposalStatus.SUBMITTED)
        notification = Notification.objects.get(verb="proposal.shortlisted")
        self.assertEqual(notification.user, self.company_admin)
        self.assertEqual(notification.url, self.detail_url)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(
            mail.outbox[0].subject,
            "Maison des Trois-Cités shortlisted your proposal: Tuteurs pour l'aide aux devoirs",
        )
        self.assertTrue(AuditEvent.objects.filter(verb="proposal.shortlisted").exists())

    def test_shortlisting_twice_is_said(self):
        self.answer.status = ProposalStatus.SHORTLISTED
        self.answer.save(update_fields=["status"])
        self.login(self.editor)
        response = self.client.post(self.shortlist_url, follow=True)
        self.assertContains(
            response,
            "Only a proposal just received can be shortlisted; this one is shortlisted.",
        )

    def test_decline_with_a_note(self):
        self.answer.status = ProposalStatus.SHORTLISTED
        self.answer.save(update_fields=["status"])
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.decline_url, {"note": "Nous avons choisi un partenaire plus proche."}
            )
        self.assertRedirects(response, self.detail_url)
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, ProposalStatus.DECLINED)
        self.assertEqual(self.answer.decided_by, self.admin)
        self.assertIsNotNone(self.answer.decided_at)
        self.assertEqual(self.answer.decision_note, "Nous avons choisi un partenaire plus proche.")
        self.assertEqual(self.status(self.other), ProposalStatus.SUBMITTED)
        self.assertEqual(
            Notification.objects.get(verb="proposal.declined").user, self.company_admin
        )
        self.assertIn("Nous avons choisi un partenaire plus proche.", mail.outbox[0].body)
        # The sender reads the word on its proposal.
        self.login(self.company_admin)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "A word from Maison des Trois-Cités")
        self.assertContains(response, "Nous avons choisi un partenaire plus proche.")

    def test_decline_without_a_note(self):
        self.login(self.editor)
        response = self.client.post(self.decline_url, {})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.status(self.answer), ProposalStatus.DECLINED)

    def test_a_decided_proposal_stays_decided(self):
        self.answer.status = ProposalStatus.DECLINED
        self.answer.save(update_fields=["status"])
        self.login(self.editor)
        response = self.client.post(self.decline_url, {}, follow=True)
        self.assertContains(response, "This proposal is already declined.")
        response = self.client.post(self.shortlist_url, follow=True)
        self.assertContains(
            response, "Only a proposal just received can be shortlisted; this one is declined."
        )

    def test_a_withdrawn_proposal_is_not_decided(self):
        self.answer.status = ProposalStatus.WITHDRAWN
        self.answer.save(update_fields=["status"])
        self.login(self.editor)
        response = self.client.post(self.decline_url, {}, follow=True)
        self.assertContains(response, "This proposal has been withdrawn by its sender.")

    def test_a_note_too_long_is_refused(self):
        self.login(self.editor)
        response = self.client.post(self.decline_url, {"note": "x" * 2001})
        self.assertContains(
            response,
            "Ensure this value has at most 2000 characters (it has 2001).",
            status_code=400,
        )
        self.assertEqual(self.status(self.answer), ProposalStatus.SUBMITTED)

    def test_only_the_receivers_editors_decide(self):
        for user in (self.viewer, self.company_admin):
            self.login(user)
            self.assertEqual(self.client.post(self.shortlist_url).status_code, 403)
            self.assertEqual(self.client.post(self.decline_url).status_code, 403)
        for user in (self.commune_admin, self.staff):
            self.login(user)
            self.assertEqual(self.client.post(self.decline_url).status_code, 404)
        self.assertEqual(self.status(self.answer), ProposalStatus.SUBMITTED)
