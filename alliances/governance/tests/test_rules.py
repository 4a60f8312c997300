"""Which rule a decision is taken under, and what hand-counted votes give under each rule."""

from django.test import SimpleTestCase

from alliances.agreements.models import AgreementVersion, MeetingFrequency, VersionStatus
from alliances.governance.rules import (
    decision_outcome,
    decision_rule_for_partnership,
    quorum_required,
    rule_in_force_for_partnership,
    rule_source_label,
)
from alliances.partnerships.models import DecisionRule
from alliances.test import PartnershipTestCase

CONSENSUS, MAJORITY, UNANIMITY = (
    DecisionRule.CONSENSUS,
    DecisionRule.MAJORITY,
    DecisionRule.UNANIMITY,
)


class RuleSourceTests(PartnershipTestCase):
    def version(self, number, rule, status=VersionStatus.DRAFT):
        return AgreementVersion.objects.create(
            partnership=self.partnership,
            number=number,
            status=status,
            decision_rule=rule,
            meeting_frequency=MeetingFrequency.QUARTERLY,
            content={},
        )

    def test_without_an_agreement_in_force_the_partnership_settings_decide(self):
        self.partnership.decision_rule = MAJORITY
        self.version(1, UNANIMITY)  # a draft binds nobody
        self.assertEqual(
            decision_rule_for_partnership(self.partnership), (MAJORITY, "partnership settings")
        )

    def test_the_agreement_in_force_decides(self):
        self.partnership.decision_rule = MAJORITY
        self.version(1, CONSENSUS, status=VersionStatus.SUPERSEDED)
        self.version(2, UNANIMITY, status=VersionStatus.IN_FORCE)
        self.version(3, CONSENSUS)
        self.partnership.agreement_in_force = 2
        self.assertEqual(
            decision_rule_for_partnership(self.partnership), (UNANIMITY, "agreement version 2")
        )
        found = rule_in_force_for_partnership(self.partnership)
        self.assertEqual(found.source, "agreement:2")
        self.assertIn("every party", found.explanation)

    def test_stored_sources_read_in_plain_words(self):
        self.assertEqual(rule_source_label("settings"), "partnership settings")
        self.assertEqual(rule_source_label("agreement:4"), "agreement version 4")
        self.assertEqual(rule_source_label("convention du 3 mars"), "convention du 3 mars")


def outcome(rule, eligible, f=0, a=0, ab=0, quorum=50):
    return decision_outcome(
        rule=rule,
        quorum_percent=quorum,
        eligible=eligible,
        votes_for=f,
        votes_against=a,
        abstentions=ab,
    )


class OutcomeTests(SimpleTestCase):
    def assertStatus(self, result, status):  # noqa: N802
        self.assertEqual(result.status, status, result.explanation)

    def test_quorum_is_a_share_of_the_parties_rounded_up_and_at_least_one(self):
        self.assertEqual(quorum_required(quorum_percent=50, eligible=3), 2)
        self.assertEqual(quorum_required(quorum_percent=50, eligible=4), 2)
        self.assertEqual(quorum_required(quorum_percent=34, eligible=3), 2)
        self.assertEqual(quorum_required(quorum_percent=33, eligible=3), 1)
        self.assertEqual(quorum_required(quorum_percent=100, eligible=5), 5)
        self.assertEqual(quorum_required(quorum_percent=1, eligible=2), 1)
        self.assertEqual(quorum_required(quorum_percent=50, eligible=0), 1)

    def test_without_quorum_no_decision_is_taken(self):
        result = outcome(CONSENSUS, 3, f=1)
        self.assertStatus(result, "no_quorum")
        self.assertFalse(result.quorum_met)
        self.assertEqual(result.quorum_required, 2)
        self.assertEqual(result.explanation, "Only 1 of the 3 parties voted; the quorum needs 2.")
        self.assertStatus(outcome(MAJORITY, 3), "no_quorum")
        self.assertIn("No party voted", outcome(MAJORITY, 3).explanation)
        self.assertStatus(outcome(MAJORITY, 0), "no_quorum")
        # Exactly the threshold is enough: 2 of 4 at 50 %.
        self.assertStatus(outcome(MAJORITY, 4, f=2), "adopted")

    def test_consensus(self):
        self.assertStatus(outcome(CONSENSUS, 3, f=2), "adopted")
        self.assertStatus(outcome(CONSENSUS, 3, f=1, ab=2), "adopted")
        blocked = outcome(CONSENSUS, 3, f=2, a=1)
        self.assertStatus(blocked, "rejected")
        self.assertTrue(
            blocked.explanation.startswith(
                "1 party voted against, and under consensus a single vote against blocks"
            )
        )
        self.assertIn(
            "(3 of 3 parties voted: 2 for, 1 against, 0 abstaining.)", blocked.explanation
        )
        self.assertStatus(outcome(CONSENSUS, 3, ab=3), "rejected")

    def test_majority_counts_abstentions_as_present(self):
        self.assertStatus(outcome(MAJORITY, 3, f=2, a=1), "adopted")
        self.assertStatus(outcome(MAJORITY, 5, f=3, a=1, ab=1), "adopted")
        self.assertStatus(outcome(MAJORITY, 5, f=2, a=1, ab=2), "rejected")
        tie = outcome(MAJORITY, 4, f=2, a=2)
        self.assertStatus(tie, "rejected")
        self.assertIn("a tie rejects", tie.explanation)
        self.assertStatus(outcome(MAJORITY, 4, f=2, ab=2), "rejected")

    def test_unanimity_needs_every_party(self):
        self.assertStatus(outcome(UNANIMITY, 3, f=3), "adopted")
        missing = outcome(UNANIMITY, 3, f=2)
        self.assertStatus(missing, "rejected")
        self.assertIn("1 did not vote", missing.explanation)
        self.assertStatus(outcome(UNANIMITY, 3, f=2, ab=1), "rejected")
        self.assertStatus(outcome(UNANIMITY, 3, f=2, a=1), "rejected")

    def test_impossible_counts_are_refused(self):
        with self.assertRaises(ValueError):
            outcome(MAJORITY, 2, f=2, a=1)
        with self.assertRaises(ValueError):
            outcome(MAJORITY, 2, f=-1)
        with self.assertRaises(ValueError):
            outcome("lottery", 2, f=1)
