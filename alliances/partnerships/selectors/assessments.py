"""Reads of the opportunity assessment.

Each party's answers are confidential until every active party has submitted its own: before
that, the only thing about other parties that leaves this module is whether and when they
submitted (`assessment_progress_in_partnership`). The comparison and the fit score come from
`assessment_comparison_in_partnership`, which returns nothing until the last party submits.
"""

from dataclasses import dataclass
from datetime import datetime

from alliances.partnerships.models import (
    Assessment,
    AssessmentStatus,
    ContributionKind,
    Partnership,
    Party,
    PartyStatus,
)
from alliances.partnerships.scoring import FitResult, PartyAnswers, PartyLedger, assessment_score
from alliances.partnerships.selectors.ledger import PartyTotals, ledger_totals_in_partnership


@dataclass(frozen=True)
class PartyProgress:
    party: Party
    submitted_at: datetime | None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class AssessmentProgress:
    """Who has submitted, and when: names and dates only, never answers."""

    parties: tuple[PartyProgress, ...]

    @property
    def complete(self) -> bool:
        return bool(self.parties) and all(item.submitted for item in self.parties)

    @property
    def missing(self) -> list[Party]:
        return [item.party for item in self.parties if not item.submitted]

    @property
    def submitted_count(self) -> int:
        return sum(item.submitted for item in self.parties)


@dataclass(frozen=True)
class AssessmentComparison:
    partnership: Partnership
    parties: tuple[Party, ...]
    assessments: dict[int, Assessment]  # by party id
    result: FitResult

    def assessment_of(self, party: Party) -> Assessment:
        return self.assessments[party.pk]


def _active_parties(partnership: Partnership) -> list[Party]:
    return list(
        partnership.parties.filter(status=PartyStatus.ACTIVE).select_related("organisation")
    )


def assessment_of_party(*, party: Party) -> Assessment | None:
    """The party's own answers, draft or submitted; shown only to the party's members."""
    return Assessment.objects.filter(party=party).select_related("submitted_by").first()


def _submitted_in_partnership(partnership: Partnership, parties: list[Party]):
    return Assessment.objects.filter(
        partnership=partnership, party__in=parties, status=AssessmentStatus.SUBMITTED
    )


def assessment_progress_in_partnership(*, partnership: Partnership) -> AssessmentProgress:
    parties = _active_parties(partnership)
    dates = dict(
        _submitted_in_partnership(partnership, parties).values_list("party_id", "submitted_at")
    )
    return AssessmentProgress(tuple(PartyProgress(party, dates.get(party.pk)) for party in parties))


def party_answers(party: Party, assessment: Assessment) -> PartyAnswers:
    organisation = party.organisation
    return PartyAnswers(
        party=str(party.uuid),
        name=str(party),
        sector=organisation.sector if organisation else "",
        lacks=assessment.lacks,
        lacks_resources=frozenset(assessment.lacks_resources or ()),
        our_bandwidth=assessment.our_bandwidth,
        their_bandwidth=assessment.their_bandwidth,
        admin_load=assessment.admin_load,
        expected_benefit=assessment.expected_benefit,
        non_negotiables=assessment.non_negotiables,
        shared_values=assessment.shared_values,
        gives=frozenset(assessment.gives or ()),
        gets=frozenset(assessment.gets or ()),
        audience=assessment.audience,
        influencers=assessment.influencers,
        expected_action=assessment.expected_action,
        success_measure=assessment.success_measure,
        holds_money=assessment.holds_money,
        asks_in_return=assessment.asks_in_return,
        guard_rails=assessment.guard_rails,
        decision_rights=assessment.decision_rights,
    )


def party_ledger(party: Party, totals: PartyTotals) -> PartyLedger:
    money = totals.planned_by_kind[ContributionKind.MONEY]
    work = totals.work_planned
    return PartyLedger(
        party=str(party.uuid),
        money_given=money,
        work_given=work,
        in_kind_given=totals.planned - money - work,
        money_received=totals.money_received_planned,
    )


def assessment_comparison_in_partnership(
    *, partnership: Partnership
) -> AssessmentComparison | None:
    """Every active party's submitted answers and the fit score; None until all submitted."""
    parties = _active_parties(partnership)
    assessments = {
        assessment.party_id: assessment
        for assessment in _submitted_in_partnership(partnership, parties)
    }
    if not parties or any(party.pk not in assessments for party in parties):
        return None
    totals = ledger_totals_in_partnership(partnership)
    result = assessment_score(
        [party_answers(party, assessments[party.pk]) for party in parties],
        [party_ledger(party, totals.of(party.pk)) for party in parties],
        currency=partnership.currency,
    )
    return AssessmentComparison(partnership, tuple(parties), assessments, result)


def assessment_fit_in_partnership(*, partnership: Partnership) -> FitResult | None:
    """Scores and red flags for a short summary (the overview page); None until every active
    party has submitted."""
    comparison = assessment_comparison_in_partnership(partnership=partnership)
    return comparison.result if comparison else None
