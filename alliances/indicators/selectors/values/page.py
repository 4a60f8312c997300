"""The values page, and one indicator and period."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from alliances.core.permissions import Action
from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    PeriodLock,
    Value,
    ValueEvent,
    ValueStatus,
)
from alliances.indicators.periods import period_end, period_label, period_start
from alliances.indicators.selectors.values.indicators import (
    FREQUENCY_ORDER,
    OPEN_STATUSES,
    Group,
    PeriodStatus,
    active_parties_in_partnership,
    entering_party,
    indicator_groups,
    indicator_periods,
    indicators_in_partnership,
    may_enter,
    period_deadline,
    period_status,
    status_label,
)
from alliances.partnerships.models import Partnership, Party

# The values page


@dataclass
class IndicatorRow:
    indicator: Indicator
    period_start: date | None
    values: list = field(default_factory=list)
    locked: bool = False
    party: Party | None = None
    can_enter: bool = False
    today: date | None = None

    @property
    def in_schedule(self) -> bool:
        return self.period_start is not None

    @property
    def label(self) -> str:
        if self.period_start is None:
            return ""
        return period_label(self.period_start, self.indicator.frequency)

    @property
    def status(self) -> str:
        return period_status(self.values, locked=self.locked)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def deadline(self) -> date | None:
        if self.period_start is None:
            return None
        return period_deadline(self.indicator, self.period_start)

    @property
    def overdue(self) -> bool:
        return (
            self.deadline is not None
            and self.indicator.source == IndicatorSource.MANUAL
            and self.status in OPEN_STATUSES
            and self.today > self.deadline
        )

    @property
    def total(self) -> Value | None:
        return next((value for value in self.values if value.disaggregation_key == ""), None)

    @property
    def is_survey(self) -> bool:
        return self.indicator.source == IndicatorSource.SURVEY


@dataclass(frozen=True)
class Pending:
    """An indicator-period waiting for someone: returned to its party, or to be reviewed."""

    indicator: Indicator
    period_start: date
    message: str = ""

    @property
    def label(self) -> str:
        return period_label(self.period_start, self.indicator.frequency)


@dataclass
class ValuesPage:
    period: date | None
    period_choices: list[tuple[date, str]]
    rows: list[IndicatorRow]
    to_enter: list[IndicatorRow]
    returned: list[Pending]
    to_review: list[Pending]
    can_enter_any: bool


def _period_choices(schedules: dict[int, list[date]], indicators) -> list[tuple[date, str]]:
    by_start: dict[date, str] = {}
    frequencies = {indicator.pk: indicator.frequency for indicator in indicators}
    for pk, periods in schedules.items():
        for start in periods:
            known = by_start.get(start)
            frequency = frequencies[pk]
            if known is None or FREQUENCY_ORDER.index(frequency) < FREQUENCY_ORDER.index(known):
                by_start[start] = frequency
    return [
        (start, period_label(start, frequency))
        for start, frequency in sorted(by_start.items(), reverse=True)
    ]


def _latest_due(schedules: dict[int, list[date]], indicators, today: date) -> date | None:
    frequencies = {indicator.pk: indicator.frequency for indicator in indicators}
    ended = [
        start
        for pk, periods in schedules.items()
        for start in periods
        if period_end(start, frequencies[pk]) < today
    ]
    if ended:
        return max(ended)
    every = [start for periods in schedules.values() for start in periods]
    return min(every) if every else None


def values_page_in_partnership(
    *, partnership: Partnership, access, period: date | None, today: date
) -> ValuesPage:
    indicators = list(indicators_in_partnership(partnership=partnership))
    parties = active_parties_in_partnership(partnership=partnership)
    schedules = {
        indicator.pk: indicator_periods(indicator, partnership=partnership, today=today)
        for indicator in indicators
    }
    choices = _period_choices(schedules, indicators)
    if period is None or period not in {start for start, _label in choices}:
        period = _latest_due(schedules, indicators, today)
    rows = []
    for indicator in indicators:
        start = period_start(period, indicator.frequency) if period else None
        if start is not None and start not in schedules[indicator.pk]:
            start = None
        rows.append(
            IndicatorRow(
                indicator=indicator,
                period_start=start,
                party=entering_party(indicator, parties),
                can_enter=may_enter(access, indicator, parties),
                today=today,
            )
        )
    wanted = {(row.indicator.pk, row.period_start) for row in rows if row.period_start}
    if wanted:
        starts = {start for _pk, start in wanted}
        found = Value.objects.filter(partnership=partnership, period_start__in=starts)
        by_row = defaultdict(list)
        for value in found:
            by_row[(value.indicator_id, value.period_start)].append(value)
        locks = set(
            PeriodLock.objects.filter(
                indicator__partnership=partnership, period_start__in=starts
            ).values_list("indicator_id", "period_start")
        )
        for row in rows:
            key = (row.indicator.pk, row.period_start)
            row.values = by_row.get(key, [])
            row.locked = key in locks
    returned, to_review = _pending(
        partnership=partnership,
        indicators={indicator.pk: indicator for indicator in indicators},
        entering={row.indicator.pk for row in rows if row.can_enter},
        reviewer=access.can(Action.REVIEW_VALUES),
    )
    to_enter = [
        row
        for row in rows
        if row.can_enter
        and row.in_schedule
        and row.status in (PeriodStatus.NOT_STARTED, PeriodStatus.DRAFT)
    ]
    return ValuesPage(
        period=period,
        period_choices=choices,
        rows=rows,
        to_enter=to_enter,
        returned=returned,
        to_review=to_review,
        can_enter_any=any(row.can_enter for row in rows),
    )


def _pending(
    *, partnership: Partnership, indicators: dict, entering: set[int], reviewer: bool
) -> tuple[list[Pending], list[Pending]]:
    """Every period, not only the one shown: a returned value must not hide in the past."""
    if not entering and not reviewer:
        return [], []
    rows = (
        Value.objects.filter(
            partnership=partnership,
            status__in=[ValueStatus.RETURNED, ValueStatus.SUBMITTED],
        )
        .order_by("period_start", "indicator_id", "disaggregation_key")
        .values_list("indicator_id", "period_start", "status", "return_message")
    )
    returned: dict = {}
    to_review: dict = {}
    for indicator_id, start, status, message in rows:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        if status == ValueStatus.RETURNED and indicator_id in entering:
            returned.setdefault((indicator_id, start), Pending(indicator, start, message))
        elif status == ValueStatus.SUBMITTED and reviewer:
            to_review.setdefault((indicator_id, start), Pending(indicator, start))
    return list(returned.values()), list(to_review.values())


# One indicator and period


@dataclass
class EntryState:
    indicator: Indicator
    period_start: date
    groups: list[Group]
    values: dict[str, Value]
    lock: PeriodLock | None
    events: list

    @property
    def status(self) -> str:
        return period_status(self.values.values(), locked=self.lock is not None)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def total(self) -> Value | None:
        return self.values.get("")

    @property
    def label(self) -> str:
        return period_label(self.period_start, self.indicator.frequency)

    @property
    def deadline(self) -> date:
        return period_deadline(self.indicator, self.period_start)

    @property
    def return_message(self) -> str:
        return next((v.return_message for v in self.values.values() if v.return_message), "")


def value_entry_in_partnership(
    *, partnership: Partnership, indicator: Indicator, period_start: date
) -> EntryState:
    values = {
        value.disaggregation_key: value
        for value in Value.objects.filter(
            partnership=partnership, indicator=indicator, period_start=period_start
        ).select_related("entered_by", "reviewed_by")
    }
    lock = (
        PeriodLock.objects.filter(indicator=indicator, period_start=period_start)
        .select_related("locked_by")
        .first()
    )
    events = list(
        ValueEvent.objects.filter(value__in=list(values.values()))
        .select_related("actor", "value")
        .order_by("-created_at", "-id")[:100]
    )
    return EntryState(indicator, period_start, indicator_groups(indicator), values, lock, events)
