"""Indicator values: entry, submission, review, and locking of approved periods.

The party responsible for an indicator (the coordinator when there is none) enters its values
for a period: the total and each category of each dimension. It saves drafts, then submits;
the coordinator's editors approve or return the whole indicator-period at once, with a message
when they return it. An approved period can be locked: from then on nothing changes it, until
an administrator of the coordinator unlocks it, giving a reason.

Every write locks the indicator row first, so that an entry, a review and a lock of the same
indicator never interleave.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    IndicatorType,
    PeriodLock,
    Value,
    ValueEvent,
    ValueEventKind,
    ValueSource,
    ValueStatus,
)
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.values import (
    active_parties_in_partnership,
    entering_party,
    indicator_groups,
    is_indicator_period,
    may_unlock,
)
from alliances.partnerships.access import PartnershipAccess, seats_of
from alliances.partnerships.models import Partnership
from alliances.partnerships.services.activity import activity_record, notify, people_of_parties

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


# Entry


def _clean_figures(indicator: Indicator, figures: Figures, *, submit: bool) -> dict:
    known = {group.key for group in indicator_groups(indicator)}
    errors = {}
    for key, figure in figures.values.items():
        if key not in known:
            errors[key] = _("This group is not one of the indicator's disaggregations.")
        elif message := figure_error(indicator, figure):
            errors[key] = message
    if submit and figures.values.get("") is None and not figures.partial:
        errors[""] = _("Enter the total before submitting.")
    if len(figures.comment or "") > 4000:
        errors["comment"] = _("Keep the comment under 4 000 characters.")
    if errors:
        raise ValidationError(errors)
    return known


def _refuse_frozen(rows: dict[str, Value]) -> None:
    statuses = {row.status for row in rows.values()}
    if ValueStatus.SUBMITTED in statuses:
        raise ValidationError(
            _(
                "These values await the coordinator's review: they change again once the "
                "coordinator returns them."
            ),
            code="submitted",
        )
    if ValueStatus.APPROVED in statuses:
        raise ValidationError(
            _("These values are approved: ask the coordinator to return them to change them."),
            code="approved",
        )


@transaction.atomic
def values_save(
    *,
    indicator: Indicator,
    period_start: date,
    actor,
    figures: Figures,
    submit: bool = False,
    source: str = ValueSource.ENTRY,
) -> SaveOutcome:
    """Save an indicator-period's figures as a draft, or submit them for approval."""
    _ensure_open(indicator.partnership)
    indicator = _lock_indicator(indicator)
    if indicator.source != IndicatorSource.MANUAL:
        raise ValidationError(
            _("This indicator is computed from a survey: its values are not typed."),
            code="survey",
        )
    _ensure_period(indicator, period_start)
    party = _recording_party(actor, indicator)
    _ensure_not_locked(indicator, period_start)
    rows = _period_rows(indicator, period_start)
    _refuse_frozen(rows)
    known = _clean_figures(indicator, figures, submit=submit)
    if submit and figures.partial:
        merged = {key: row.value for key, row in rows.items()} | figures.values
        if merged.get("") is None:
            raise ValidationError({"": _("Enter the total before submitting.")})
    status = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    if submit:
        kind = ValueEventKind.SUBMITTED
    elif source == ValueSource.IMPORT:
        kind = ValueEventKind.IMPORTED
    else:
        kind = ValueEventKind.SAVED
    now = timezone.now()
    outcome = SaveOutcome()
    for key in sorted(known):
        row = rows.get(key)
        given = key in figures.values
        if figures.partial and not given and row is None:
            continue
        figure = figures.values.get(key) if given else (row.value if row else None)
        touches_total = key == "" and (figures.comment or figures.evidence)
        if row is None and figure is None and not touches_total:
            continue
        if row is None:
            row = Value(
                partnership=indicator.partnership,
                indicator=indicator,
                period_start=period_start,
                disaggregation=dict(
                    part.split("=", 1) for part in key.split("|") if key and "=" in part
                ),
                disaggregation_key=key,
            )
            rows[key] = row
        changed = _apply(
            row,
            figure=figure,
            status=status,
            source=source,
            party=party,
            actor=actor,
            now=now,
            submit=submit,
        )
        if key == "":
            changed |= _apply_total_extras(row, figures)
        if changed:
            row.full_clean(validate_unique=False, validate_constraints=False)
            row.save()
            ValueEvent.objects.create(value=row, kind=kind, actor=actor, figure=row.value)
            outcome.changed = True
        outcome.values.append(row)
    # Groups that the framework no longer asks for follow the period's status.
    for key, row in rows.items():
        if key not in known and row.status != status:
            row.status = status
            row.save(update_fields=["status", "updated_at"])
    outcome.warnings = sum_warnings(indicator, {key: row.value for key, row in rows.items()})
    if not outcome.changed:
        return outcome
    verb = "values.submitted" if submit else "values.saved"
    if source == ValueSource.IMPORT and not submit:
        verb = "values.imported"
    total = rows.get("") or outcome.values[0]
    _log(
        indicator=indicator,
        start=period_start,
        actor=actor,
        verb=verb,
        obj=total,
        data={"total": None if total.value is None else _plain(total.value)},
    )
    if submit:
        coordinators = [
            p
            for p in active_parties_in_partnership(partnership=indicator.partnership)
            if p.is_coordinator
        ]
        notify(
            users=people_of_parties(coordinators, action=Action.REVIEW_VALUES, exclude=actor),
            partnership=indicator.partnership,
            verb="values.submitted",
            url=entry_url(indicator, period_start),
            data={
                "indicator": indicator.title,
                "period": period_label(period_start, indicator.frequency),
            },
            actor=actor,
        )
    return outcome


def _apply(row: Value, *, figure, status, source, party, actor, now, submit) -> bool:
    before = (row.value, row.status)
    row.value = figure
    row.status = status
    row.source = source
    row.party = party
    if row.pk is None or before[0] != figure or before[1] != status:
        row.entered_by = actor
    if submit:
        row.submitted_at = now
        row.return_message = ""
    return row.pk is None or before != (figure, status)


def _apply_total_extras(row: Value, figures: Figures) -> bool:
    changed = False
    comment = (figures.comment or "").strip()
    if figures.partial and not comment:
        comment = row.comment
    if comment != row.comment:
        row.comment = comment
        changed = True
    if figures.evidence:
        row.evidence = figures.evidence
        changed = True
    return changed


# Review


@transaction.atomic
def values_review(
    *, indicator: Indicator, period_start: date, actor, approve: bool, message: str = ""
) -> list[Value]:
    """Approve, or return with a message, every value of an indicator-period at once."""
    _ensure_open(indicator.partnership)
    _ensure_reviewer(actor, indicator.partnership)
    indicator = _lock_indicator(indicator)
    _ensure_not_locked(indicator, period_start)
    rows = _period_rows(indicator, period_start)
    message = (message or "").strip()
    statuses = {row.status for row in rows.values()}
    if not rows:
        raise ValidationError(_("Nothing has been entered for this period yet."), code="empty")
    if approve and statuses != {ValueStatus.SUBMITTED}:
        raise ValidationError(
            _("Only submitted values can be approved: these have not been submitted."),
            code="not_submitted",
        )
    if not approve:
        if not message:
            raise ValidationError(
                {"message": _("Say what needs correcting: the person who entered it reads it.")}
            )
        if not statuses <= {ValueStatus.SUBMITTED, ValueStatus.APPROVED}:
            raise ValidationError(
                _("Only submitted or approved values can be returned."), code="not_submitted"
            )
    now = timezone.now()
    kind = ValueEventKind.APPROVED if approve else ValueEventKind.RETURNED
    for row in rows.values():
        row.status = ValueStatus.APPROVED if approve else ValueStatus.RETURNED
        row.reviewed_by = actor
        row.reviewed_at = now
        row.return_message = "" if approve else message
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "return_message", "updated_at"]
        )
        ValueEvent.objects.create(
            value=row, kind=kind, actor=actor, figure=row.value, message=row.return_message
        )
    verb = "values.approved" if approve else "values.returned"
    label = period_label(period_start, indicator.frequency)
    total = rows.get("") or next(iter(rows.values()))
    _log(
        indicator=indicator,
        start=period_start,
        actor=actor,
        verb=verb,
        obj=total,
        data={"message": message} if message else None,
    )
    enterers = {row.entered_by_id: row.entered_by for row in rows.values() if row.entered_by_id}
    notify(
        users=[user for user in enterers.values() if user.is_active and user.pk != actor.pk],
        partnership=indicator.partnership,
        verb=verb,
        url=entry_url(indicator, period_start),
        data={"indicator": indicator.title, "period": label, "message": message},
        actor=actor,
    )
    return list(rows.values())


# Locking


@transaction.atomic
def period_lock(*, indicator: Indicator, period_start: date, actor) -> PeriodLock:
    _ensure_open(indicator.partnership)
    _ensure_reviewer(actor, indicator.partnership)
    indicator = _lock_indicator(indicator)
    _ensure_not_locked(indicator, period_start)
    rows = _period_rows(indicator, period_start)
    if not rows or {row.status for row in rows.values()} != {ValueStatus.APPROVED}:
        raise ValidationError(
            _("Only a period whose values are all approved can be locked."), code="not_approved"
        )
    lock = PeriodLock(indicator=indicator, period_start=period_start, locked_by=actor)
    lock.full_clean(validate_constraints=False)
    lock.save()
    total = rows.get("") or next(iter(rows.values()))
    _log(indicator=indicator, start=period_start, actor=actor, verb="values.locked", obj=total)
    return lock


def _is_coordinator_admin(actor, partnership: Partnership) -> bool:
    return may_unlock(PartnershipAccess(partnership, seats_of(actor, partnership)))


@transaction.atomic
def period_unlock(*, indicator: Indicator, period_start: date, actor, reason: str) -> None:
    _ensure_open(indicator.partnership)
    if not _is_coordinator_admin(actor, indicator.partnership):
        raise PermissionDenied(_("Only an administrator of the coordinator unlocks a period."))
    indicator = _lock_indicator(indicator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the period must be unlocked.")})
    lock = PeriodLock.objects.select_for_update().filter(
        indicator=indicator, period_start=period_start
    )
    if not lock.exists():
        raise ValidationError(_("This period is not locked."), code="not_locked")
    lock.delete()
    rows = _period_rows(indicator, period_start)
    obj = rows.get("") or next(iter(rows.values()), indicator)
    _log(
        indicator=indicator,
        start=period_start,
        actor=actor,
        verb="values.unlocked",
        obj=obj,
        data={"reason": reason},
    )


# Several indicator-periods at once (bulk entry, import)


@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    period_start: date
    figures: Figures


class EntriesError(ValidationError):
    """Some entries were refused; nothing was saved. `by_entry` maps (indicator pk, period)
    to the ValidationError of that entry."""

    def __init__(self, by_entry: dict):
        self.by_entry = by_entry
        super().__init__(_("Nothing was saved: correct the values marked below."))


@transaction.atomic
def values_save_many(
    *, entries: list[Entry], actor, submit: bool, source: str = ValueSource.ENTRY
) -> list[SaveOutcome]:
    """All entries in one transaction: either every one is saved, or none."""
    outcomes, errors = [], {}
    for entry in entries:
        try:
            with transaction.atomic():
                outcomes.append(
                    values_save(
                        indicator=entry.indicator,
                        period_start=entry.period_start,
                        actor=actor,
                        figures=entry.figures,
                        submit=submit,
                        source=source,
                    )
                )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                exc = ValidationError(str(exc) or _("You may not enter these values."))
            errors[(entry.indicator.pk, entry.period_start)] = exc
    if errors:
        raise EntriesError(errors)
    return outcomes
