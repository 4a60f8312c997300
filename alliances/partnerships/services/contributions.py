"""The contributions ledger: record, change and delete a party's contributions.

Members whose role allows it record the contributions of their own party only. Skills and
volunteering are valued as quantity × rate, computed here and never typed; the other types are
valued by whoever records them. A party that left keeps its lines as they were, and a closed
partnership is read-only.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.partnerships.access import seats_of
from alliances.partnerships.models import (
    TIMED_KINDS,
    Contribution,
    ContributionKind,
    Partnership,
    Party,
    PartyStatus,
)
from alliances.partnerships.selectors.contributions import babel_locale
from alliances.partnerships.services.activity import activity_record

CENT = Decimal("0.01")
# Far above any real partnership, far below what the columns hold: a typo, not a budget.
MAX_AMOUNT = Decimal("1000000000")
MAX_RATE = Decimal("1000000")
MAX_QUANTITY = Decimal("1000000")


@dataclass(frozen=True)
class ContributionData:
    """What the person recording says; amounts of skills and volunteering are ignored."""

    kind: str
    description: str
    period_start: date | None = None
    period_end: date | None = None
    unit_rate: Decimal | None = None
    planned_quantity: Decimal | None = None
    actual_quantity: Decimal | None = None
    planned_amount: Decimal | None = None
    actual_amount: Decimal | None = None
    recipient: Party | None = None


# Rules


def _ensure_open(partnership: Partnership) -> None:
    # Read again under a lock: the stage may have moved since the page was loaded.
    locked = Partnership.objects.select_for_update(no_key=True).only("stage").get(pk=partnership.pk)
    if locked.is_closed:
        raise ValidationError(
            _("This partnership is closed: its contributions can no longer change."),
            code="closed",
        )


def _ensure_records_for(*, actor, party: Party) -> None:
    if party.status != PartyStatus.ACTIVE:
        raise ValidationError(
            _(
                "%(party)s no longer takes part in the partnership: its contributions are kept "
                "as they were and can no longer change."
            )
            % {"party": party},
            code="party_left",
        )
    seats = seats_of(actor, party.partnership)
    if not any(
        seat.party.pk == party.pk and seat.can(Action.RECORD_CONTRIBUTIONS) for seat in seats
    ):
        raise PermissionDenied(_("You may record the contributions of your own party only."))


def _check_number(
    errors: dict, name: str, value: Decimal | None, *, maximum: Decimal
) -> Decimal | None:
    if value is None:
        return None
    if value < 0:
        errors[name] = _("Enter zero or more: a negative value is refused.")
    elif value > maximum:
        errors[name] = _("This number is too large: at most %(maximum)s.") % {
            "maximum": format_decimal(maximum, locale=babel_locale())
        }
    elif value != value.quantize(CENT):
        errors[name] = _("Use at most 2 decimals.")
    return value


def _value_of(quantity: Decimal | None, rate: Decimal | None) -> Decimal | None:
    if quantity is None or rate is None:
        return None
    return (quantity * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _clean_timed(errors: dict, data: ContributionData) -> dict:
    skills = data.kind == ContributionKind.SKILLS
    rate = _check_number(errors, "unit_rate", data.unit_rate, maximum=MAX_RATE)
    planned_quantity = _check_number(
        errors, "planned_quantity", data.planned_quantity, maximum=MAX_QUANTITY
    )
    actual_quantity = _check_number(
        errors, "actual_quantity", data.actual_quantity, maximum=MAX_QUANTITY
    )
    if rate is None:
        errors["unit_rate"] = _("Enter the daily rate.") if skills else _("Enter the hourly rate.")
    if planned_quantity is None:
        errors["planned_quantity"] = (
            _("Enter the number of days planned.")
            if skills
            else _("Enter the number of hours planned.")
        )
    if errors:
        return {}
    values = {
        "unit_rate": rate,
        "planned_quantity": planned_quantity,
        "actual_quantity": actual_quantity,
        "planned_amount": _value_of(planned_quantity, rate),
        "actual_amount": _value_of(actual_quantity, rate),
    }
    too_large = _("Quantity × rate gives a value that is too large: check both.")
    if values["planned_amount"] > MAX_AMOUNT:
        errors["planned_quantity"] = too_large
    if values["actual_amount"] is not None and values["actual_amount"] > MAX_AMOUNT:
        errors["actual_quantity"] = too_large
    return values


def _clean_valued(errors: dict, data: ContributionData) -> dict:
    planned = _check_number(errors, "planned_amount", data.planned_amount, maximum=MAX_AMOUNT)
    actual = _check_number(errors, "actual_amount", data.actual_amount, maximum=MAX_AMOUNT)
    if planned is None:
        errors["planned_amount"] = (
            _("Enter the amount planned.")
            if data.kind == ContributionKind.MONEY
            else _("Enter the planned value.")
        )
    # Only a time given is counted in days or hours.
    return {
        "unit_rate": None,
        "planned_quantity": None,
        "actual_quantity": None,
        "planned_amount": planned,
        "actual_amount": actual,
    }


def _clean_recipient(
    errors: dict, data: ContributionData, *, party: Party, previous: Party | None
) -> Party | None:
    recipient = data.recipient
    if recipient is None:
        return None
    if data.kind != ContributionKind.MONEY:
        errors["recipient"] = _(
            "Only a money contribution names the party that receives it: leave this empty."
        )
    elif recipient.partnership_id != party.partnership_id:
        errors["recipient"] = _("Choose a party of this partnership.")
    elif recipient.pk == party.pk:
        errors["recipient"] = _("A party does not receive its own money: choose another party.")
    elif recipient.status != PartyStatus.ACTIVE and (
        previous is None or previous.pk != recipient.pk
    ):
        errors["recipient"] = _("This party no longer takes part in the partnership.")
    return recipient


def _clean(data: ContributionData, *, party: Party, previous: Party | None = None) -> dict:
    """The model's values for what was entered, or a ValidationError naming every problem."""
    errors: dict[str, str] = {}
    if data.kind not in ContributionKind.values:
        errors["kind"] = _("Choose a type of contribution.")
    description = " ".join((data.description or "").split())
    if not description:
        errors["description"] = _("Describe the contribution.")
    elif len(description) > 300:
        errors["description"] = _("Keep the description under 300 characters.")
    clean_values = _clean_timed if data.kind in TIMED_KINDS else _clean_valued
    values = clean_values(errors, data)
    if data.kind == ContributionKind.PREMISES:
        if data.period_start is None:
            errors["period_start"] = _("Premises are lent for a period: enter its first day.")
        if data.period_end is None:
            errors["period_end"] = _("Premises are lent for a period: enter its last day.")
    if data.period_start and data.period_end and data.period_end < data.period_start:
        errors["period_end"] = _("The end of the period is before its start.")
    recipient = _clean_recipient(errors, data, party=party, previous=previous)
    if errors:
        raise ValidationError(errors)
    return {
        **values,
        "kind": data.kind,
        "description": description,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "recipient": recipient,
    }


def _summary(contribution: Contribution) -> dict:
    return {
        "party": str(contribution.party),
        "kind": contribution.kind,
        "description": contribution.description,
        "planned_amount": str(contribution.planned_amount),
        "actual_amount": (
            None if contribution.actual_amount is None else str(contribution.actual_amount)
        ),
        "currency": contribution.partnership.currency,
    }


def _organisation_uuid(party: Party):
    return party.organisation.uuid if party.organisation_id else None


def _log(*, contribution: Contribution, actor, verb: str, data: dict | None = None) -> None:
    party = contribution.party
    audit_record(
        actor=actor,
        verb=verb,
        obj=contribution,
        organisation_uuid=_organisation_uuid(party),
        data={**_summary(contribution), **(data or {})},
    )
    activity_record(
        partnership=contribution.partnership,
        actor=actor,
        verb=verb,
        party=party,
        data={"party": str(party), "description": contribution.description},
    )


# Writes


@transaction.atomic
def contribution_record(
    *, partnership: Partnership, party: Party, actor, data: ContributionData
) -> Contribution:
    if party.partnership_id != partnership.pk:
        raise PermissionDenied
    _ensure_open(partnership)
    _ensure_records_for(actor=actor, party=party)
    contribution = Contribution(
        partnership=partnership, party=party, recorded_by=actor, **_clean(data, party=party)
    )
    contribution.full_clean()
    contribution.save()
    _log(contribution=contribution, actor=actor, verb="contribution.recorded")
    return contribution


def _locked(contribution: Contribution) -> Contribution:
    try:
        return (
            Contribution.objects.select_for_update(of=("self",))
            .select_related("partnership", "party__organisation", "recipient")
            .get(pk=contribution.pk)
        )
    except Contribution.DoesNotExist:
        raise ValidationError(
            _("This contribution has been deleted in the meantime."), code="gone"
        ) from None


def _as_text(value) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def contribution_change(
    *, contribution: Contribution, actor, data: ContributionData
) -> Contribution:
    _ensure_open(contribution.partnership)
    locked = _locked(contribution)
    _ensure_records_for(actor=actor, party=locked.party)
    values = _clean(data, party=locked.party, previous=locked.recipient)
    changes = {}
    for name, value in values.items():
        before = getattr(locked, name)
        if before != value:
            changes[name] = [_as_text(before), _as_text(value)]
            setattr(locked, name, value)
    if not changes:
        return locked
    # A line recorded by someone whose account is gone has no recorder, and stays editable.
    locked.full_clean()
    locked.save(update_fields=[*changes, "updated_at"])
    _log(contribution=locked, actor=actor, verb="contribution.changed", data={"changes": changes})
    return locked


@transaction.atomic
def contribution_delete(*, contribution: Contribution, actor) -> None:
    _ensure_open(contribution.partnership)
    locked = _locked(contribution)
    _ensure_records_for(actor=actor, party=locked.party)
    _log(contribution=locked, actor=actor, verb="contribution.deleted")
    locked.delete()
