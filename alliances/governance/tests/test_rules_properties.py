"""Properties of `decision_outcome` that must hold for any votes whatsoever."""

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.governance.rules import decision_outcome
from alliances.partnerships.models import DecisionRule


@st.composite
def ballots(draw):
    """A number of parties and how they voted (some may not have)."""
    eligible = draw(st.integers(min_value=0, max_value=30))
    votes_for = draw(st.integers(min_value=0, max_value=eligible))
    against = draw(st.integers(min_value=0, max_value=eligible - votes_for))
    abstain = draw(st.integers(min_value=0, max_value=eligible - votes_for - against))
    return {
        "eligible": eligible,
        "votes_for": votes_for,
        "votes_against": against,
        "abstentions": abstain,
    }


RULES = st.sampled_from(DecisionRule.values)
QUORUMS = st.integers(min_value=1, max_value=100)


def voters(counts: dict) -> int:
    return counts["votes_for"] + counts["votes_against"] + counts["abstentions"]


class OutcomePropertyTests(SimpleTestCase):
    @settings(max_examples=150, deadline=None)
    @given(ballots(), RULES, QUORUMS)
    def test_quorum_is_met_exactly_from_the_threshold(self, counts, rule, quorum):
        result = decision_outcome(rule=rule, quorum_percent=quorum, **counts)
        met = voters(counts) >= 1 and voters(counts) * 100 >= quorum * counts["eligible"]
        self.assertEqual(result.quorum_met, met)
        self.assertEqual(result.quorum_met, voters(counts) >= result.quorum_required)
        if not met:
            self.assertEqual(result.status, "no_quorum")
        else:
            self.assertIn(result.status, {"adopted", "rejected"})
        self.assertTrue(result.explanation)

    @settings(max_examples=150, deadline=None)
    @given(ballots(), st.sampled_from([DecisionRule.MAJORITY, DecisionRule.CONSENSUS]), QUORUMS)
    def test_one_more_vote_for_never_turns_adopted_into_rejected(self, counts, rule, quorum):
        if voters(counts) == counts["eligible"]:
            counts = {**counts, "eligible": counts["eligible"] + 1}
        before = decision_outcome(rule=rule, quorum_percent=quorum, **counts)
        after = decision_outcome(
            rule=rule, quorum_percent=quorum, **{**counts, "votes_for": counts["votes_for"] + 1}
        )
        if before.status == "adopted":
            self.assertEqual(after.status, "adopted")

    @settings(max_examples=150, deadline=None)
    @given(ballots(), QUORUMS)
    def test_unanimity_is_every_party_for(self, counts, quorum):
        result = decision_outcome(rule=DecisionRule.UNANIMITY, quorum_percent=quorum, **counts)
        everyone_for = counts["eligible"] > 0 and counts["votes_for"] == counts["eligible"]
        self.assertEqual(result.status == "adopted", everyone_for)

    @settings(max_examples=150, deadline=None)
    @given(ballots(), QUORUMS)
    def test_consensus_is_blocked_by_any_vote_against(self, counts, quorum):
        result = decision_outcome(rule=DecisionRule.CONSENSUS, quorum_percent=quorum, **counts)
        if counts["votes_against"]:
            self.assertNotEqual(result.status, "adopted")

    @settings(max_examples=150, deadline=None)
    @given(ballots(), QUORUMS)
    def test_majority_adopts_only_with_more_than_half_of_the_voters(self, counts, quorum):
        result = decision_outcome(rule=DecisionRule.MAJORITY, quorum_percent=quorum, **counts)
        if result.status == "adopted":
            self.assertGreater(counts["votes_for"] * 2, voters(counts))

    @settings(max_examples=100, deadline=None)
    @given(ballots(), RULES, QUORUMS)
    def test_an_adopted_decision_never_has_more_against_than_for(self, counts, rule, quorum):
        result = decision_outcome(rule=rule, quorum_percent=quorum, **counts)
        if result.status == "adopted":
            self.assertGreater(counts["votes_for"], counts["votes_against"])
