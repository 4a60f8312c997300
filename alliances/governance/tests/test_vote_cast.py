"""Voting: a party's people on the committee vote for it, once; voting again replaces it."""

from django.core.exceptions import PermissionDenied, ValidationError

from alliances.core.permissions import Role
from alliances.governance.models import Vote, VoteChoice
from alliances.governance.services import decisions as services
from alliances.governance.tests.test_decision_base import DecisionTestCase
from alliances.partnerships.models import Activity, PartyStatus, Stage
from alliances.test import add_member, make_user


class VoteCastServiceTests(DecisionTestCase):
    def setUp(self):
        self.decision = self.propose()

    def test_one_vote_per_party_and_a_new_vote_replaces_it(self):
        self.vote(self.company_admin, self.company_party, VoteChoice.AGAINST, self.decision)
        # Another of the company's people on the committee stands in for its representative.
        colleague = make_user("colin@example.org", full_name="Colin Collègue")
        add_member(colleague, self.company, Role.VIEWER)
        self.seat(colleague, self.company_party, is_representative=False)
        self.vote(colleague, self.company_party, VoteChoice.FOR, self.decision, "Convaincu")
        vote = Vote.objects.get(decision=self.decision)
        self.assertEqual((vote.party, vote.choice), (self.company_party, VoteChoice.FOR))
        self.assertEqual((vote.cast_by, vote.comment), (colleague, "Convaincu"))
        lines = Activity.objects.filter(verb="decision.voted").order_by("id")
        self.assertEqual([line.data["choice"] for line in lines], ["against", "for"])
        self.assertEqual(lines[0].data["reference"], "D-001")
        self.assertEqual(lines[0].party, self.company_party)

    def test_only_for_a_party_of_ones_committee_seat(self):
        # The lead's editor may vote by role, but holds no seat on the committee.
        with self.assertRaises(PermissionDenied):
            self.vote(self.editor, self.lead_party, VoteChoice.FOR, self.decision)
        # A seat for the company gives no vote for the lead.
        with self.assertRaises(PermissionDenied):
            self.vote(self.company_admin, self.lead_party, VoteChoice.FOR, self.decision)
        self.assertFalse(Vote.objects.exists())

    def test_a_closed_decision_takes_no_vote(self):
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, self.decision)
        self.vote(self.company_admin, self.company_party, VoteChoice.FOR, self.decision)
        self.close(self.decision)
        with self.assertRaisesMessage(
            ValidationError, "Decision D-001 is closed (Adopted): it can no longer change."
        ):
            self.vote(self.commune_admin, self.commune_party, VoteChoice.AGAINST, self.decision)
        with self.assertRaisesMessage(ValidationError, "it can no longer change"):
            self.vote(self.admin, self.lead_party, VoteChoice.AGAINST, self.decision)
        self.assertEqual(Vote.objects.get(party=self.lead_party).choice, VoteChoice.FOR)

    def test_a_party_that_left_no_longer_votes(self):
        # The page was loaded before the party left; the vote arrives after.
        access = self.access(self.company_admin)
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save(update_fields=["status"])
        with self.assertRaisesMessage(ValidationError, "does not take part in the partnership"):
            services.vote_cast(
                access=access,
                actor=self.company_admin,
                decision=self.decision,
                party=self.company_party,
                choice=VoteChoice.FOR,
            )

    def test_not_once_the_partnership_is_closed(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            self.vote(self.admin, self.lead_party, VoteChoice.FOR, self.decision)


class VotePageTests(DecisionTestCase):
    def setUp(self):
        self.decision = self.propose()
        self.vote_url = self.url("decision_vote", self.decision)
        self.detail_url = self.url("decision_detail", self.decision)

    def post(self, party, choice="for", comment=""):
        return self.client.post(
            self.vote_url, {"party": party.uuid, "choice": choice, "comment": comment}
        )

    def test_permissions(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 403),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.post(self.lead_party).status_code, status)
        self.assertFalse(Vote.objects.exists())

    def test_the_representative_sees_the_form_and_votes(self):
        self.login(self.company_admin)
        response = self.client.get(self.detail_url)
        self.assertContains(response, f"Your vote for {self.company_party}")
        self.assertNotContains(response, f"Your vote for {self.lead_party}")
        response = self.post(self.company_party, "abstain", "Pas concernés")
        self.assertRedirects(response, f"{self.detail_url}#votes")
        vote = Vote.objects.get()
        self.assertEqual((vote.choice, vote.comment), ("abstain", "Pas concernés"))
        response = self.client.get(self.detail_url)
        self.assertContains(response, "Recorded: Abstain. You may change it until the vote closes.")
        self.assertContains(response, "Pas concernés")

    def test_a_vote_for_someone_elses_party_is_refused_on_the_form(self):
        self.login(self.company_admin)
        response = self.post(self.lead_party)
        self.assertContains(
            response, "You cannot vote for this party on this decision.", status_code=400
        )
        self.assertFalse(Vote.objects.exists())

    def test_missing_choice_keeps_the_comment(self):
        self.login(self.company_admin)
        response = self.client.post(
            self.vote_url, {"party": self.company_party.uuid, "comment": "Mon avis détaillé"}
        )
        self.assertContains(response, "Choose for, against or abstain.", status_code=400)
        self.assertContains(response, "Mon avis détaillé", status_code=400)

    def test_voting_on_a_closed_decision_says_so(self):
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, self.decision)
        self.vote(self.commune_admin, self.commune_party, VoteChoice.FOR, self.decision)
        self.close(self.decision)
        self.login(self.company_admin)
        response = self.post(self.company_party)
        self.assertRedirects(response, self.detail_url, fetch_redirect_response=False)
        response = self.client.get(self.detail_url)
        self.assertContains(response, "Decision D-001 is closed (Adopted)")
        self.assertNotContains(response, "Your vote for")
