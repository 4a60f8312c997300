"""A decision's page: the proposal, its rule in plain words, each party's vote, and the forms
each reader may use."""

from alliances.agreements.models import AgreementVersion, MeetingFrequency, VersionStatus
from alliances.governance.models import VoteChoice
from alliances.governance.tests.test_decision_base import DecisionTestCase
from alliances.partnerships.models import DecisionRule, PartyStatus, Stage
from alliances.test import make_organisation, make_partnership


class DecisionDetailTests(DecisionTestCase):
    def setUp(self):
        AgreementVersion.objects.create(
            partnership=self.partnership,
            number=2,
            status=VersionStatus.IN_FORCE,
            decision_rule=DecisionRule.MAJORITY,
            meeting_frequency=MeetingFrequency.QUARTERLY,
            content={},
        )
        self.committee_meeting = self.meeting()
        self.decision = self.propose(meeting=self.committee_meeting)
        self.detail_url = self.url("decision_detail", self.decision)

    def test_permissions(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.company_admin, 200),
            (self.commune_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.detail_url).status_code, status)
        other, _parties = make_partnership("Autre", coordinator=make_organisation("Autre"))
        self.login(self.admin)
        url = f"/partnerships/{other.uuid}/governance/decisions/{self.decision.uuid}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        wrong = self.url("decisions") + "00000000-0000-0000-0000-000000000000/"
        self.assertEqual(self.client.get(wrong).status_code, 404)

    def test_the_rule_quorum_and_votes_in_plain_words(self):
        self.vote(self.company_admin, self.company_party, VoteChoice.FOR, self.decision, "Oui")
        self.login(self.viewer)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "Majority: the proposal is adopted when more than half")
        self.assertContains(response, "(from the agreement version 2, when it was proposed)")
        self.assertContains(response, "50 % of the parties: at least 2 of the 3 parties must vote.")
        self.assertContains(response, "Comité de pilotage")
        page = response.context["page"]
        votes = {vote.party_name: vote for vote in page.votes}
        self.assertEqual(votes[str(self.company_party)].choice_label, "For")
        self.assertEqual(votes[str(self.company_party)].comment, "Oui")
        self.assertFalse(votes[str(self.lead_party)].has_voted)
        self.assertContains(response, "not voted yet", count=2)
        # The preview: one vote of three, quorum 2.
        self.assertContains(response, "If the vote were closed now")
        self.assertEqual(page.outcome.status, "no_quorum")
        self.assertContains(response, "1 of 3 parties has voted; the quorum needs 2.")
        # A viewer holds no seat and does not close.
        self.assertNotContains(response, "Your vote for")
        self.assertNotContains(response, "Close the vote and record the decision")
        self.assertNotContains(response, "Withdraw the proposal")

    def test_the_forms_each_reader_gets(self):
        self.login(self.admin)  # chair, lead representative, proposer
        response = self.client.get(self.detail_url)
        self.assertContains(response, f"Your vote for {self.lead_party}")
        self.assertContains(response, "Close the vote and record the decision")
        self.assertContains(response, "Withdraw the proposal")
        self.assertContains(response, "Edit the proposal")
        self.login(self.company_admin)
        response = self.client.get(self.detail_url)
        self.assertContains(response, f"Your vote for {self.company_party}")
        self.assertNotContains(response, "Close the vote and record the decision")
        self.assertNotContains(response, "Edit the proposal")

    def test_votes_of_a_party_that_left_are_shown_apart(self):
        self.vote(self.commune_admin, self.commune_party, VoteChoice.AGAINST, self.decision)
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        self.login(self.viewer)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "Votes of parties that have left the partnership since")
        self.assertEqual(response.context["page"].eligible, 2)

    def test_a_closed_decision_shows_its_tally_and_can_be_corrected(self):
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, self.decision)
        self.vote(self.company_admin, self.company_party, VoteChoice.AGAINST, self.decision)
        self.vote(self.commune_admin, self.commune_party, VoteChoice.FOR, self.decision)
        self.close(self.decision, rationale="Deux voix sur trois.")
        self.login(self.company_admin)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "Outcome: Adopted")
        self.assertContains(response, "2 votes for out of 3 parties that voted: more than half.")
        self.assertContains(response, "Deux voix sur trois.")
        self.assertNotContains(response, "Your vote for")
        self.assertContains(response, "Correct this decision")
        self.assertContains(response, f"new?supersedes={self.decision.uuid}")
        self.login(self.viewer)
        self.assertNotContains(self.client.get(self.detail_url), "Correct this decision")

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.admin)
        response = self.client.get(self.detail_url)
        self.assertNotContains(response, "Your vote for")
        self.assertNotContains(response, "Close the vote and record the decision")
        response = self.client.post(
            self.url("decision_vote", self.decision),
            {"party": self.lead_party.uuid, "choice": "for"},
            follow=True,
        )
        self.assertContains(response, "This partnership is closed")
