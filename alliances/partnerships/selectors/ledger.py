"""Totals of the contributions ledger, read by the ledger pages, the value-exchange view and
the assessment's proportionality red flags."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from alliances.partnerships.models import TIMED_KINDS, Contribution, ContributionKind, Partnership

ZERO = Decimal("0")


@dataclass
class PartyTotals:
    party_id: int
    planned: Decimal = ZERO
    actual: Decimal = ZERO
    planned_by_kind: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    actual_by_kind: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    # Money other parties plan to give this party (contributions naming it as recipient).
    money_received_planned: Decimal = ZERO
    money_received_actual: Decimal = ZERO

    @property
    def work_planned(self) -> Decimal:
        """Time given (skills and volunteering), valued."""
        return sum((self.planned_by_kind[kind] for kind in TIMED_KINDS), ZERO)


@dataclass
class LedgerTotals:
    parties: dict[int, PartyTotals]
    planned: Decimal
    actual: Decimal

    def of(self, party_id: int) -> PartyTotals:
        return self.parties.get(party_id) or PartyTotals(party_id)


def ledger_totals_in_partnership(partnership: Partnership) -> LedgerTotals:
    parties: dict[int, PartyTotals] = {}
    rows = Contribution.objects.filter(partnership=partnership).values_list(
        "party_id", "recipient_id", "kind", "planned_amount", "actual_amount"
    )
    planned_total = actual_total = ZERO
    for party_id, recipient_id, kind, planned, actual in rows:
        totals = parties.setdefault(party_id, PartyTotals(party_id))
        actual = actual or ZERO
        totals.planned += planned
        totals.actual += actual
        totals.planned_by_kind[kind] += planned
        totals.actual_by_kind[kind] += actual
        planned_total += planned
        actual_total += actual
        if kind == ContributionKind.MONEY and recipient_id:
            received = parties.setdefault(recipient_id, PartyTotals(recipient_id))
            received.money_received_planned += planned
            received.money_received_actual += actual
    return LedgerTotals(parties=parties, planned=planned_total, actual=actual_total)
