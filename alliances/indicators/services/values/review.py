"""Review (approve, return) and locking of approved periods."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.indicators.models import (
    Indicator,
    PeriodLock,
    Value,
    ValueEvent,
    ValueEventKind,
    ValueStatus,
)
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.values import may_unlock
from alliances.indicators.services.values.rules import (
    _ensure_not_locked,
    _ensure_open,
    _ensure_reviewer,
    _lock_indicator,
    _log,
    _period_rows,
    entry_url,
)
from alliances.partnerships.access import PartnershipAccess, seats_of
from alliances.partnerships.models import Partnership
from alliances.partnerships.services.activity import notify

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
