"""How a decision is taken: which rule applies, and what the votes give under it.

`decision_outcome` is a pure function (no database, no clock) so that the same arithmetic
closes a decision, previews its outcome on the page, and can be checked for any votes at all.

Semantics, as explained to the parties (docs/governance-decisions.md):
- each party taking part when the decision closes has one vote; a party that left does not
  count, nor does its vote;
- the quorum is met when the parties that voted (for, against or abstaining) are at least
  `quorum_percent` of those parties, and at least one voted;
- consensus: adopted when no party votes against and at least one votes for (abstaining does
  not block);
- majority: adopted when the votes for are more than half of the parties that voted
  (abstaining counts as present, so it weighs like a vote against; a tie rejects);
- unanimity: adopted only when every party votes for.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alliances.agreements.models import AgreementVersion, VersionStatus
from alliances.governance.models import DecisionStatus
from alliances.partnerships.models import DecisionRule, Partnership

RULE_EXPLANATIONS = {
    DecisionRule.CONSENSUS: gettext_lazy(
        "Consensus: the proposal is adopted when no party votes against and at least one "
        "votes for. Abstaining does not block it."
    ),
    DecisionRule.MAJORITY: gettext_lazy(
        "Majority: the proposal is adopted when more than half of the parties that voted vote "
        "for it. Abstaining counts as taking part, so it weighs like a vote against; a tie "
        "rejects the proposal."
    ),
    DecisionRule.UNANIMITY: gettext_lazy(
        "Unanimity: the proposal is adopted only when every party taking part votes for it. "
        "A vote against, an abstention or a missing vote rejects it."
    ),
}

# Where the rule of a decision came from, as stored on the decision (`Decision.rule_source`):
# a code, so that each reader sees it in their own language.
SOURCE_SETTINGS = "settings"
SOURCE_AGREEMENT = "agreement:"


def rule_explanation(rule: str) -> str:
    return str(RULE_EXPLANATIONS.get(rule, ""))


def rule_source_label(source: str) -> str:
    """The stored source in plain words; a source written as text is shown as it is."""
    if source == SOURCE_SETTINGS:
        return _("partnership settings")
    if source.startswith(SOURCE_AGREEMENT):
        number = source.removeprefix(SOURCE_AGREEMENT)
        return _("agreement version %(number)s") % {"number": number}
    return source


@dataclass(frozen=True)
class RuleInForce:
    rule: str
    source: str

    @property
    def label(self) -> str:
        return rule_source_label(self.source)

    @property
    def explanation(self) -> str:
        return rule_explanation(self.rule)

    @property
    def rule_label(self) -> str:
        return str(dict(DecisionRule.choices).get(self.rule, self.rule))

    @property
    def agreement_number(self) -> str:
        """The version number of the agreement the rule comes from, or ""."""
        return self.source.removeprefix(SOURCE_AGREEMENT) if self.from_agreement else ""

    @property
    def from_agreement(self) -> bool:
        return self.source.startswith(SOURCE_AGREEMENT)


def rule_in_force_for_partnership(partnership: Partnership) -> RuleInForce:
    """The rule of the agreement version in force, else the partnership's own setting."""
    version = (
        AgreementVersion.objects.filter(partnership=partnership, status=VersionStatus.IN_FORCE)
        .only("number", "decision_rule")
        .first()
    )
    if version is not None and version.decision_rule:
        return RuleInForce(version.decision_rule, f"{SOURCE_AGREEMENT}{version.number}")
    return RuleInForce(partnership.decision_rule, SOURCE_SETTINGS)


def decision_rule_for_partnership(partnership: Partnership) -> tuple[str, str]:
    """(rule, where it comes from in plain words), e.g. ("majority", "agreement version 2")."""
    found = rule_in_force_for_partnership(partnership)
    return found.rule, found.label


@dataclass(frozen=True)
class Outcome:
    status: str  # DecisionStatus: adopted, rejected or no_quorum
    quorum_required: int  # how many parties must vote for the quorum
    quorum_met: bool
    explanation: str
    eligible: int = 0
    voters: int = 0

    @property
    def is_adopted(self) -> bool:
        return self.status == DecisionStatus.ADOPTED

    @property
    def status_label(self) -> str:
        return str(dict(DecisionStatus.choices).get(self.status, self.status))


def quorum_required(*, quorum_percent: int, eligible: int) -> int:
    """The fewest voters that meet the quorum: quorum_percent of eligible, rounded up, and
    never fewer than one."""
    return max(1, -(-quorum_percent * eligible // 100))


def decision_outcome(
    *,
    rule: str,
    quorum_percent: int,
    eligible: int,
    votes_for: int,
    votes_against: int,
    abstentions: int,
) -> Outcome:
    """What the votes give under the rule (see the module's docstring)."""
    counts = (eligible, votes_for, votes_against, abstentions)
    if min(counts) < 0:
        raise ValueError("Counts cannot be negative.")
    voters = votes_for + votes_against + abstentions
    if voters > eligible:
        raise ValueError("More votes than parties that may vote.")
    if rule not in DecisionRule.values:
        raise ValueError(f"Unknown decision rule: {rule}")
    required = quorum_required(quorum_percent=quorum_percent, eligible=eligible)
    quorum_met = voters >= 1 and voters * 100 >= quorum_percent * eligible

    def outcome(status: str, explanation: str) -> Outcome:
        return Outcome(
            status=status,
            quorum_required=required,
            quorum_met=quorum_met,
            explanation=explanation,
            eligible=eligible,
            voters=voters,
        )

    if not quorum_met:
        return outcome(
            DecisionStatus.NO_QUORUM,
            _no_quorum_text(voters=voters, eligible=eligible, required=required),
        )
    counts_text = _counts_text(votes_for, votes_against, abstentions, voters, eligible)
    if rule == DecisionRule.CONSENSUS:
        status, reason = _consensus(votes_for, votes_against)
    elif rule == DecisionRule.MAJORITY:
        status, reason = _majority(votes_for, voters)
    else:
        status, reason = _unanimity(votes_for, votes_against, abstentions, eligible - voters)
    return outcome(status, f"{reason} {counts_text}")


def _no_quorum_text(*, voters: int, eligible: int, required: int) -> str:
    if eligible == 0:
        return _("No party takes part in the partnership, so nobody could vote.")
    if voters == 0:
        return ngettext(
            "No party voted; the quorum needs %(required)s party to vote.",
            "No party voted; the quorum needs %(required)s parties to vote.",
            required,
        ) % {"required": required}
    return ngettext(
        "Only %(voters)s of the %(eligible)s parties voted; the quorum needs %(required)s.",
        "Only %(voters)s of the %(eligible)s parties voted; the quorum needs %(required)s.",
        voters,
    ) % {"voters": voters, "eligible": eligible, "required": required}


def _counts_text(votes_for, votes_against, abstentions, voters, eligible) -> str:
    return _(
        "(%(voters)s of %(eligible)s parties voted: %(for)s for, %(against)s against, "
        "%(abstain)s abstaining.)"
    ) % {
        "voters": voters,
        "eligible": eligible,
        "for": votes_for,
        "against": votes_against,
        "abstain": abstentions,
    }


def _consensus(votes_for: int, votes_against: int) -> tuple[str, str]:
    if votes_against:
        return DecisionStatus.REJECTED, ngettext(
            "%(count)s party voted against, and under consensus a single vote against blocks "
            "the proposal.",
            "%(count)s parties voted against, and under consensus a single vote against blocks "
            "the proposal.",
            votes_against,
        ) % {"count": votes_against}
    if not votes_for:
        return DecisionStatus.REJECTED, _(
            "Every party that voted abstained, and consensus needs at least one vote for."
        )
    return DecisionStatus.ADOPTED, _("No party voted against and at least one voted for.")


def _majority(votes_for: int, voters: int) -> tuple[str, str]:
    values = {"for": votes_for, "voters": voters}
    if votes_for * 2 > voters:
        return DecisionStatus.ADOPTED, _(
            "%(for)s votes for out of %(voters)s parties that voted: more than half."
        ) % values
    if votes_for * 2 == voters:
        return DecisionStatus.REJECTED, _(
            "%(for)s votes for out of %(voters)s parties that voted: exactly half, and a tie "
            "rejects the proposal."
        ) % values
    return DecisionStatus.REJECTED, _(
        "%(for)s votes for out of %(voters)s parties that voted: not more than half "
        "(abstentions count as taking part)."
    ) % values


def _unanimity(votes_for, votes_against, abstentions, missing) -> tuple[str, str]:
    if not (votes_against or abstentions or missing):
        return DecisionStatus.ADOPTED, _("Every party voted for.")
    reasons = []
    if votes_against:
        reasons.append(
            ngettext("%(count)s voted against", "%(count)s voted against", votes_against)
            % {"count": votes_against}
        )
    if abstentions:
        reasons.append(
            ngettext("%(count)s abstained", "%(count)s abstained", abstentions)
            % {"count": abstentions}
        )
    if missing:
        reasons.append(
            ngettext("%(count)s did not vote", "%(count)s did not vote", missing)
            % {"count": missing}
        )
    return DecisionStatus.REJECTED, _(
        "Unanimity needs every party to vote for, and %(reasons)s."
    ) % {"reasons": ", ".join(reasons)}
