"""Withdrawing a proposal: by its proposer or the coordinator, with a reason; kept in the log."""

from django.core.exceptions import PermissionDenied, ValidationError

from alliances.governance.models import Decision, DecisionStatus, VoteChoice
from alliances.governance.services import decisions as services
from alliances.governance.tests.test_decision_base import DecisionTestCase
from alliances.partnerships.models import Activity


class DecisionWithdrawServiceTests(DecisionTestCase):
    def withdraw(self, decision, user=None, reason="Le budget n'est pas prêt."):
        user = user or self.admin
        with self.captureOnCommitCallbacks(execute=True):
            return services.decision_withdraw(
                access=self.access(user), actor=user, decision=decision, reason=reason
            )

    def test_withdrawn_with_its_reason(self):
        decision = self.propose(user=self.company_admin)
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, decision)
        withdrawn = self.withdraw(decision, user=self.company_admin)
        self.assertEqual(withdrawn.status, DecisionStatus.WITHDRAWN)
        self.assertEqual(withdrawn.rationale, "Le budget n'est pas prêt.")
        self.assertEqual(withdrawn.closed_by, self.company_admin)
        self.assertEqual(Activity.objects.get(verb="decision.closed").data["outcome"], "withdrawn")
        with self.assertRaisesMessage(ValidationError, "Decision D-001 is closed (Withdrawn)"):
            self.vote(self.admin, self.lead_party, VoteChoice.AGAINST, decision)

    def test_who_may_withdraw(self):
        decision = self.propose()
        for user in (self.company_admin, self.viewer):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                self.withdraw(decision, user=user)
        with self.assertRaisesMessage(ValidationError, "why the proposal is withdrawn"):
            self.withdraw(decision, reason=" ")
        self.assertEqual(self.withdraw(decision, user=self.editor).closed_by, self.editor)

    def test_a_closed_decision_cannot_be_withdrawn(self):
        decision = self.propose()
        self.close(decision)
        with self.assertRaisesMessage(ValidationError, "it can no longer change"):
            self.withdraw(decision)
        self.assertEqual(Decision.objects.get().status, DecisionStatus.NO_QUORUM)


class DecisionWithdrawPageTests(DecisionTestCase):
    def setUp(self):
        self.decision = self.propose()
        self.withdraw_url = self.url("decision_withdraw", self.decision)
        self.detail_url = self.url("decision_detail", self.decision)

    def test_permissions(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
            (self.editor, 400),
            (self.admin, 400),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.withdraw_url).status_code, status)
        self.assertTrue(Decision.objects.get().is_open)

    def test_withdraw_from_the_page(self):
        self.login(self.admin)
        self.assertContains(self.client.get(self.detail_url), "Withdraw the proposal")
        response = self.client.post(self.withdraw_url, {"reason": "Doublon de D-002"}, follow=True)
        self.assertContains(response, "Decision D-001 has been withdrawn.")
        self.assertContains(response, "Doublon de D-002")
        self.assertNotContains(response, "Withdraw the proposal")
        self.assertNotContains(response, "Correct this decision")
