"""The reporting schedule, the export and who may unlock."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from alliances.core.permissions import Action, role_allows
from alliances.indicators.models import Indicator, IndicatorSource, PeriodLock, Value
from alliances.indicators.periods import period_end, period_label
from alliances.indicators.selectors.values.indicators import (
    OPEN_STATUSES,
    active_parties_in_partnership,
    entering_party,
    indicator_periods,
    indicators_in_partnership,
    period_deadline,
    period_status,
)
from alliances.partnerships.models import Partnership, Party

# The reporting schedule


@dataclass(frozen=True)
class ScheduleItem:
    indicator: Indicator
    period_start: date
    deadline: date
    status: str
    party: Party | None
    today: date

    @property
    def label(self) -> str:
        return period_label(self.period_start, self.indicator.frequency)

    @property
    def overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.today > self.deadline


def reporting_schedule_in_partnership(*, partnership: Partnership, today: date) -> list:
    """Every period of the manually entered indicators that has ended (so is due), with its
    deadline and where it stands, oldest first."""
    indicators = list(
        indicators_in_partnership(partnership=partnership).filter(source=IndicatorSource.MANUAL)
    )
    parties = active_parties_in_partnership(partnership=partnership)
    due = [
        (indicator, start)
        for indicator in indicators
        for start in indicator_periods(indicator, partnership=partnership, today=today)
        if period_end(start, indicator.frequency) < today
    ]
    if not due:
        return []
    statuses = defaultdict(list)
    for indicator_id, start, status in Value.objects.filter(
        partnership=partnership, indicator__in=indicators
    ).values_list("indicator_id", "period_start", "status"):
        statuses[(indicator_id, start)].append(Value(status=status))
    locks = set(
        PeriodLock.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", "period_start"
        )
    )
    items = [
        ScheduleItem(
            indicator=indicator,
            period_start=start,
            deadline=period_deadline(indicator, start),
            status=period_status(
                statuses.get((indicator.pk, start), []), locked=(indicator.pk, start) in locks
            ),
            party=entering_party(indicator, parties),
            today=today,
        )
        for indicator, start in due
    ]
    return sorted(items, key=lambda item: (item.deadline, item.indicator.title))


# Export


def values_for_export_in_partnership(*, partnership: Partnership):
    return (
        Value.objects.filter(partnership=partnership)
        .select_related("indicator", "party__organisation")
        .order_by("indicator__position", "indicator_id", "period_start", "disaggregation_key")
    )


def may_unlock(access) -> bool:
    """Unlocking an approved period is an act on the coordinator's behalf: its administrators
    alone may do it."""
    return any(
        seat.party.is_coordinator and role_allows(seat.role, Action.APPROVE_ON_BEHALF)
        for seat in access.seats
    )
