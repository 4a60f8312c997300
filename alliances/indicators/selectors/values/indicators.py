"""An indicator's groups, reporting periods and statuses, and who enters its values."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from alliances.core.permissions import Action
from alliances.indicators.grouping import disaggregation_key
from alliances.indicators.models import Indicator, IndicatorSource, ValueStatus
from alliances.indicators.periods import deadline, period_start, periods_between
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
