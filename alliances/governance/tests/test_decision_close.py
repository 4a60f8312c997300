"""Closing a vote: the outcome computed by the rule with quorum, the tally and rationale kept."""

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from alliances.governance.models import CommitteeMember, Decision, DecisionStatus, VoteChoice
from alliances.governance.services import decisions as services
from alliances.governance.tests.test_decision_base import DecisionTestCase
from alliances.partnerships.models import Activity, DecisionRule, Notification, PartyStatus

FOR, AGAINST, ABSTAIN = VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN


class DecisionCloseServiceTests(DecisionTestCase):
    @time_machine.travel("2027-03-12 16:00 +01:00", tick=False)
    def test_adopted_with_its_tally(self):
        decision = self.propose()
        self.vote(self.admin, self.lead_party, FOR, decision, "Bonne idée")
        self.vote(self.company_admin, self.company_party, ABSTAIN, decision)
        closed = self.close(decision, rationale="Accord en séance.")
        self.assertEqual(closed.status, DecisionStatus.ADOPTED)
        self.assertEqual(closed.rationale, "Accord en séance.")
        self.assertEqual(closed.closed_by, self.admin)
        self.assertEqual(closed.closed_at.isoformat(), "2027-03-12T15:00:00+00:00")
        self.assertEqual(
            closed.tally,
            {
                "eligible": 3,
                "for": 1,
                "against": 0,
                "abstain": 1,
                "quorum_required": 2,
                "voters": [
                    {
                        "party": str(self.lead_party),
                        "party_uuid": str(self.lead_party.uuid),
                        "choice": "for",
                        "comment": "Bonne idée",
                        "by": "Alice Admin",
                    },
                    {
                        "party": str(self.company_party),
                        "party_uuid": str(self.company_party.uuid),
                        "choice": "abstain",
                        "comment": "",
                        "by": "Paula Partner",
                    },
                ],
                "absent": [str(self.commune_party)],
            },
        )
        line = Activity.objects.get(verb="decision.closed")
        self.assertEqual(line.data["outcome"], "adopted")
        self.assertEqual(line.data["reference"], "D-001")
        notified = Notification.objects.filter(verb="decision.closed")
        self.assertEqual(
            set(notified.values_list("user__email", flat=True)),
            {self.company_admin.email, self.commune_admin.email},
        )

    def test_each_rule(self):
        cases = [
            (DecisionRule.CONSENSUS, (FOR, AGAINST, FOR), DecisionStatus.REJECTED),
            (DecisionRule.MAJORITY, (FOR, AGAINST, FOR), DecisionStatus.ADOPTED),
            (DecisionRule.MAJORITY, (FOR, ABSTAIN, AGAINST), DecisionStatus.REJECTED),
            (DecisionRule.UNANIMITY, (FOR, FOR, ABSTAIN), DecisionStatus.REJECTED),
            (DecisionRule.UNANIMITY, (FOR, FOR, FOR), DecisionStatus.ADOPTED),
            (DecisionRule.CONSENSUS, (FOR, None, None), DecisionStatus.NO_QUORUM),
        ]
        voters = [
            (self.admin, self.lead_party),
            (self.company_admin, self.company_party),
            (self.commune_admin, self.commune_party),
        ]
        for rule, choices, expected in cases:
            with self.subTest(rule=rule, choices=choices):
                self.partnership.decision_rule = rule
                self.partnership.save(update_fields=["decision_rule"])
                decision = self.propose()
                for (user, party), choice in zip(voters, choices, strict=True):
                    if choice:
                        self.vote(user, party, choice, decision)
                self.assertEqual(self.close(decision).status, expected)

    def test_the_rule_announced_at_the_proposal_holds(self):
        decision = self.propose()  # consensus
        self.partnership.decision_rule = DecisionRule.MAJORITY
        self.partnership.save(update_fields=["decision_rule"])
        self.vote(self.admin, self.lead_party, FOR, decision)
        self.vote(self.company_admin, self.company_party, FOR, decision)
        self.vote(self.commune_admin, self.commune_party, AGAINST, decision)
        self.assertEqual(self.close(decision).status, DecisionStatus.REJECTED)

    def test_a_party_that_left_does_not_count(self):
        decision = self.propose()
        self.vote(self.admin, self.lead_party, FOR, decision)
        self.vote(self.commune_admin, self.commune_party, AGAINST, decision)
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        closed = self.close(decision)
        self.assertEqual(closed.status, DecisionStatus.ADOPTED)
        self.assertEqual((closed.tally["eligible"], closed.tally["against"]), (2, 0))

    def test_the_chair_closes_even_outside_the_coordinator(self):
        CommitteeMember.objects.filter(is_chair=True).update(is_chair=False)
        CommitteeMember.objects.filter(user=self.company_admin).update(is_chair=True)
        decision = self.propose()
        self.vote(self.company_admin, self.company_party, FOR, decision)
        self.vote(self.admin, self.lead_party, FOR, decision)
        closed = self.close(decision, user=self.company_admin)
        self.assertEqual(closed.status, DecisionStatus.ADOPTED)
        # The lead's administrator no longer chairs, but closes for the coordinator.
        self.assertEqual(self.close(self.propose(), user=self.admin).status, "no_quorum")

    def test_who_may_not_close(self):
        decision = self.propose()
        for user in (self.company_admin, self.commune_admin, self.viewer):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                self.close(decision, user=user)
        self.assertEqual(self.close(decision, user=self.editor).closed_by, self.editor)

    def test_a_rationale_is_required_and_closing_happens_once(self):
        decision = self.propose()
        with self.assertRaisesMessage(ValidationError, "Say in a few words why"):
            self.close(decision, rationale="  ")
        self.close(decision)
        with self.assertRaisesMessage(ValidationError, "Decision D-001 is closed (Not taken"):
            self.close(decision, rationale="Encore")
        self.assertEqual(Decision.objects.get().rationale, "Voté en comité.")


class DecisionClosePageTests(DecisionTestCase):
    def setUp(self):
        self.decision = self.propose()
        self.close_url = self.url("decision_close", self.decision)
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
                self.assertEqual(self.client.post(self.close_url).status_code, status)
        self.assertTrue(Decision.objects.get().is_open)

    def test_the_preview_then_the_outcome(self):
        self.vote(self.admin, self.lead_party, FOR, self.decision)
        self.login(self.editor)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "If the vote were closed now")
        self.assertContains(response, "Only 1 of the 3 parties voted; the quorum needs 2.")
        self.assertContains(response, "Close the vote and record the decision")
        self.vote(self.company_admin, self.company_party, AGAINST, self.decision)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "1 party voted against, and under consensus")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.close_url, {"rationale": "La mairie s'y oppose."})
        self.assertRedirects(response, self.detail_url, fetch_redirect_response=False)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "Decision D-001 is closed: Rejected.")
        self.assertContains(response, "Outcome: Rejected")
        self.assertContains(response, "La mairie s&#x27;y oppose.")
        self.assertContains(response, '<span class="muted">did not vote</span>', count=1)
        self.assertNotContains(response, "Close the vote and record the decision")
        self.assertContains(response, "Correct this decision")

    def test_a_missing_rationale_returns_the_page(self):
        self.login(self.admin)
        response = self.client.post(self.close_url, {"rationale": ""})
        self.assertContains(
            response, "Say in a few words why the decision is taken (or not).", status_code=400
        )
        self.assertTrue(Decision.objects.get().is_open)

    def test_closing_twice_says_it_is_closed(self):
        self.login(self.admin)
        self.client.post(self.close_url, {"rationale": "Premier"})
        response = self.client.post(self.close_url, {"rationale": "Second"}, follow=True)
        self.assertContains(response, "it can no longer change")
        self.assertEqual(Decision.objects.get().rationale, "Premier")

    def test_services_refuse_the_close_of_a_decision_of_another_partnership(self):
        from alliances.test import make_organisation, make_partnership

        other, _parties = make_partnership("Autre", coordinator=make_organisation("Autre"))
        foreign = Decision.objects.create(partnership=other, number=1, title="x", rule="majority")
        with self.assertRaises(PermissionDenied):
            services.decision_close(
                access=self.access(self.admin), actor=self.admin, decision=foreign, rationale="x"
            )
