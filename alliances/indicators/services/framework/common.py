"""Checks and logs shared by the framework services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.indicators.models import Value
from alliances.partnerships.access import seats_of
from alliances.partnerships.models import Partnership, Party
from alliances.partnerships.services.activity import activity_record
from alliances.partnerships.services.workspace import ensure_open


def _ensure_open(partnership: Partnership) -> None:
    # Read again under a lock: the partnership may have been closed since the page was loaded.
    ensure_open(
        Partnership.objects.select_for_update(no_key=True).only("stage").get(pk=partnership.pk)
    )


def _acting_party(actor, partnership: Partnership) -> Party:
    for seat in seats_of(actor, partnership):
        if seat.can(Action.EDIT_FRAMEWORK):
            return seat.party
    raise PermissionDenied


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _log(*, partnership: Partnership, party: Party, actor, verb: str, obj: Model, data=None):
    audit_record(
        actor=actor,
        verb=verb,
        obj=obj,
        organisation_uuid=party.organisation.uuid if party.organisation_id else None,
        data={"title": str(obj), **(data or {})},
    )
    activity_record(
        partnership=partnership,
        actor=actor,
        verb=verb,
        party=party,
        data={"title": str(obj), **(data or {})},
    )


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _clean_heading(title: str, description: str, *, what: str) -> tuple[str, str]:
    title = _text(title)
    errors = {}
    if not title:
        errors["title"] = (
            _("Name the objective.") if what == "objective" else _("Name the outcome.")
        )
    elif len(title) > 300:
        errors["title"] = _("Keep the title under 300 characters.")
    description = (description or "").strip()
    if len(description) > 4000:
        errors["description"] = _("Keep the description under 4000 characters.")
    if errors:
        raise ValidationError(errors)
    return title, description


def _refuse_if_values(indicators, *, message: str) -> None:
    if Value.objects.filter(indicator__in=indicators).exists():
        raise ValidationError(message, code="has_values")
