"""Reads of indicator values: which periods an indicator reports, where each stands in the
review workflow, what concerns the reader, and the reporting schedule.

An indicator reports once per period of its frequency, from its first period (its own start,
else the partnership's, else the first of January of the year it was created) to the
partnership's end (or today). Its values are entered by its responsible party, or by the
coordinator when it has none.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from alliances.core.permissions import Action, role_allows
from alliances.indicators.grouping import disaggregation_key
from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    PeriodLock,
    Value,
    ValueEvent,
    ValueStatus,
)
from alliances.indicators.periods import (
    deadline,
    period_end,
    period_label,
    period_start,
    periods_between,
)
from alliances.partnerships.models import Partnership, Party, PartyStatus

# Frequencies from the finest to the coarsest: a date shared by several is named by the finest.
FREQUENCY_ORDER = ("monthly", "quarterly", "half_yearly", "yearly")


class PeriodStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


# Still waiting for the responsible party: reminders go out, the period counts as overdue.
OPEN_STATUSES = frozenset({PeriodStatus.NOT_STARTED, PeriodStatus.DRAFT, PeriodStatus.RETURNED})


@dataclass(frozen=True)
class Group:
    """One figure asked for an indicator: the total, or one category of one dimension."""

    key: str
    groups: dict
    dimension: str = ""
    dimension_label: str = ""
    category: str = ""

    @property
    def label(self) -> str:
        return f"{self.dimension_label}: {self.category}" if self.key else str(_("Total"))


def indicator_groups(indicator: Indicator) -> list[Group]:
    """The total, then each category of each dimension alone."""
    groups = [Group(key="", groups={})]
    for dimension in indicator.disaggregations or []:
        name = str(dimension.get("name") or "")
        if not name:
            continue
        label = str(dimension.get("label") or name)
        for category in dimension.get("categories") or []:
            chosen = {name: str(category)}
            groups.append(Group(disaggregation_key(chosen), chosen, name, label, str(category)))
    return groups


def first_period(indicator: Indicator, partnership: Partnership) -> date:
    first = indicator.reporting_start or partnership.starts_on
    if first is None:
        created = indicator.created_at.date() if indicator.created_at else date.today()
        first = date(created.year, 1, 1)
    return period_start(first, indicator.frequency)


def indicator_periods(indicator: Indicator, *, partnership: Partnership, today: date) -> list[date]:
    last = partnership.ends_on or today
    return list(periods_between(first_period(indicator, partnership), last, indicator.frequency))


def is_indicator_period(
    indicator: Indicator, day: date, *, partnership: Partnership, today: date
) -> bool:
    if period_start(day, indicator.frequency) != day:
        return False
    return day in indicator_periods(indicator, partnership=partnership, today=today)


def period_deadline(indicator: Indicator, start: date) -> date:
    return deadline(start, indicator.frequency, settings.REPORTING_GRACE_DAYS)


def period_status(values, *, locked: bool) -> str:
    if locked:
        return PeriodStatus.LOCKED
    statuses = {value.status for value in values}
    if not statuses:
        return PeriodStatus.NOT_STARTED
    for status in (ValueStatus.RETURNED, ValueStatus.DRAFT, ValueStatus.SUBMITTED):
        if status in statuses:
            return status
    return PeriodStatus.APPROVED


def status_label(status: str) -> str:
    return str(dict(PeriodStatus.choices).get(status, status))


def entering_party(indicator: Indicator, parties: list[Party]) -> Party | None:
    """Who enters the indicator's values: its responsible party while it takes part, else the
    coordinator."""
    responsible = indicator.responsible_party
    if responsible is not None and responsible.status == PartyStatus.ACTIVE:
        return responsible
    return next((party for party in parties if party.is_coordinator and party.is_active), None)


def active_parties_in_partnership(*, partnership: Partnership) -> list[Party]:
    return list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE).select_related(
            "organisation"
        )
    )


def indicators_in_partnership(*, partnership: Partnership):
    return (
        Indicator.objects.filter(partnership=partnership)
        .select_related("responsible_party__organisation", "outcome__objective")
        .order_by("outcome__objective__position", "outcome__position", "position", "id")
    )


def indicator_in_partnership(*, partnership: Partnership, indicator_uuid: UUID) -> Indicator:
    try:
        indicator = indicators_in_partnership(partnership=partnership).get(uuid=indicator_uuid)
    except (Indicator.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    indicator.partnership = partnership
    return indicator


def may_enter(access, indicator: Indicator, parties: list[Party]) -> bool:
    """May the reader enter this indicator's values (whatever their current state)?"""
    if indicator.source != IndicatorSource.MANUAL:
        return False
    party = entering_party(indicator, parties)
    return party is not None and party.pk in {
        p.pk for p in access.parties_for(Action.RECORD_VALUES)
    }


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
