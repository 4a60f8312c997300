"""Rules and checks shared by entry, review and locking."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.indicators.models import Indicator, IndicatorType, PeriodLock, Value
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.values import (
    active_parties_in_partnership,
    entering_party,
    indicator_groups,
    is_indicator_period,
)
from alliances.partnerships.access import seats_of
from alliances.partnerships.models import Partnership
from alliances.partnerships.services.activity import activity_record

# The columns hold 18 digits with 4 decimals.
MAX_FIGURE = Decimal("100000000000000")
FOUR_DECIMALS = Decimal("0.0001")


@dataclass(frozen=True)
class Figures:
    """What the person entering says: a figure (or None) per disaggregation key."""

    values: dict[str, Decimal | None]
    comment: str = ""
    evidence: UploadedFile | None = None
    # Keys absent from `values` keep their figure (an import sets only the rows it holds).
    partial: bool = False


@dataclass
class SaveOutcome:
    values: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: bool = False


# Rules shared with the forms and the import


def figure_error(indicator: Indicator, figure: Decimal | None) -> str:
    """Why this figure cannot be a value of the indicator, or ""."""
    if figure is None:
        return ""
    if abs(figure) >= MAX_FIGURE:
        return _("This number is too large.")
    if figure != figure.quantize(FOUR_DECIMALS):
        return _("Use at most 4 decimals.")
    if indicator.type == IndicatorType.PERCENTAGE and not Decimal(0) <= figure <= Decimal(100):
        return _("A percentage runs from 0 to 100.")
    if indicator.type == IndicatorType.SCORE:
        low, high = indicator.score_min, indicator.score_max
        if (low is not None and figure < low) or (high is not None and figure > high):
            return _("The score runs from %(low)s to %(high)s.") % {
                "low": _plain(low) if low is not None else "…",
                "high": _plain(high) if high is not None else "…",
            }
    return ""


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def sum_warnings(indicator: Indicator, values: dict[str, Decimal | None]) -> list[str]:
    """Dimensions of a quantity whose categories do not add up to the total: worth a look,
    never a reason to refuse (a person may belong to no category, or to several)."""
    total = values.get("")
    if indicator.type != IndicatorType.QUANTITATIVE or total is None:
        return []
    by_dimension: dict[str, list] = {}
    labels = {}
    for group in indicator_groups(indicator)[1:]:
        by_dimension.setdefault(group.dimension, []).append(values.get(group.key))
        labels[group.dimension] = group.dimension_label
    warnings = []
    for name, figures in by_dimension.items():
        given = [figure for figure in figures if figure is not None]
        added = sum(given, Decimal(0))
        if (len(given) == len(figures) and added != total) or added > total:
            warnings.append(
                _(
                    "The categories of “%(dimension)s” add up to %(sum)s, "
                    "not to the total %(total)s."
                )
                % {"dimension": labels[name], "sum": _plain(added), "total": _plain(total)}
            )
    return warnings


def _ensure_open(partnership: Partnership) -> None:
    # Read again under a lock: the stage may have moved since the page was loaded.
    stage = Partnership.objects.select_for_update(no_key=True).only("stage").get(pk=partnership.pk)
    if stage.is_closed:
        raise ValidationError(
            _("This partnership is closed: its values can be read but no longer changed."),
            code="closed",
        )


def _lock_indicator(indicator: Indicator) -> Indicator:
    locked = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("partnership", "responsible_party")
        .get(pk=indicator.pk)
    )
    return locked


def _ensure_not_locked(indicator: Indicator, start: date) -> None:
    if PeriodLock.objects.filter(indicator=indicator, period_start=start).exists():
        raise ValidationError(
            _("This period is locked: its approved values can no longer change."), code="locked"
        )


def _ensure_period(indicator: Indicator, start: date) -> None:
    today = timezone.localdate()
    if not is_indicator_period(indicator, start, partnership=indicator.partnership, today=today):
        raise ValidationError(
            _("This is not one of the indicator's reporting periods."), code="period"
        )


def _recording_party(actor, indicator: Indicator):
    party = entering_party(
        indicator, active_parties_in_partnership(partnership=indicator.partnership)
    )
    seats = seats_of(actor, indicator.partnership)
    if party is None or not any(
        seat.party.pk == party.pk and seat.can(Action.RECORD_VALUES) for seat in seats
    ):
        raise PermissionDenied(
            _("Only the party responsible for this indicator enters its values.")
        )
    return party


def _ensure_reviewer(actor, partnership: Partnership) -> None:
    if not any(seat.can(Action.REVIEW_VALUES) for seat in seats_of(actor, partnership)):
        raise PermissionDenied(_("Only the coordinator reviews values."))


def _period_rows(indicator: Indicator, start: date) -> dict[str, Value]:
    return {
        value.disaggregation_key: value
        for value in Value.objects.select_for_update(of=("self",)).filter(
            indicator=indicator, period_start=start
        )
    }


def entry_url(indicator: Indicator, start: date) -> str:
    return reverse(
        "indicators:value_entry",
        args=[indicator.partnership.uuid, indicator.uuid, start.isoformat()],
    )


def _log(*, indicator: Indicator, start: date, actor, verb: str, obj, data: dict | None = None):
    party = indicator.responsible_party
    summary = {
        "indicator": indicator.title,
        "period": period_label(start, indicator.frequency),
        **(data or {}),
    }
    audit_record(
        actor=actor,
        verb=verb,
        obj=obj,
        organisation_uuid=party.organisation.uuid if party and party.organisation_id else None,
        data={**summary, "period_start": start.isoformat()},
    )
    activity_record(
        partnership=indicator.partnership, actor=actor, verb=verb, party=party, data=summary
    )
