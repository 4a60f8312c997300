"""Calls for partners: writing a draft, publishing it, changing it, closing it.

A call's criteria carry weights that add up to 100; once an answer has been scored on them,
they stay as they are, so that every answer is scored on the same scale.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action, role_allows
from alliances.matching.access import CallAccess
from alliances.matching.models import Call, CallCriterion, CallStatus, ProposalScore
from alliances.organisations.models import Membership, Organisation, Resource, Sector

CALL_FIELDS = (
    "kind",
    "title",
    "description",
    "resources_sought",
    "resources_offered",
    "sectors_sought",
    "territory",
    "deadline",
)
MAX_CRITERIA = 6
WEIGHTS_TOTAL = 100


@dataclass(frozen=True)
class CriterionInput:
    label: str
    weight: int


# The codes of the errors about criteria: the form shows them beside the criteria.
CRITERIA_CODES = frozenset(
    {
        "too_many",
        "label_missing",
        "weight_range",
        "weights_total",
        "criteria_locked",
        "criteria_missing",
    }
)


def criteria_locked_message() -> str:
    return _("The criteria can no longer change: answers have already been scored on them.")


def _criteria_error(message: str, code: str) -> ValidationError:
    return ValidationError({"criteria": ValidationError(message, code=code)})


def weights_error(total: int) -> str:
    return _("The weights must add up to 100; they add up to %(total)s now.") % {"total": total}


def _ordered(values, allowed: list[str]) -> list[str]:
    chosen = set(values or [])
    return [value for value in allowed if value in chosen]


def _clean_values(data: dict) -> dict:
    values = {name: data.get(name) for name in CALL_FIELDS}
    values["title"] = " ".join((values["title"] or "").split())
    values["description"] = (values["description"] or "").strip()
    errors = {}
    for name, allowed in (
        ("resources_sought", Resource.values),
        ("resources_offered", Resource.values),
        ("sectors_sought", Sector.values),
    ):
        if set(values[name] or []) - set(allowed):
            errors[name] = _("Choose among the options offered.")
        values[name] = _ordered(values[name], allowed)
    if errors:
        raise ValidationError(errors)
    return values


def clean_criteria(criteria) -> list[CriterionInput]:
    """The criteria as typed, blank rows left out; their weights must add up to 100."""
    rows = [
        CriterionInput(" ".join((label or "").split()), weight)
        for label, weight in criteria
        if (label or "").strip() or weight not in (None, "")
    ]
    if len(rows) > MAX_CRITERIA:
        raise _criteria_error(
            _("A call has at most %(count)s criteria.") % {"count": MAX_CRITERIA}, "too_many"
        )
    for row in rows:
        if not row.label:
            raise _criteria_error(
                _("Each weight needs the criterion it applies to."), "label_missing"
            )
        if not isinstance(row.weight, int) or not 1 <= row.weight <= WEIGHTS_TOTAL:
            raise _criteria_error(
                _("Give each criterion a weight between 1 and 100."), "weight_range"
            )
    total = sum(row.weight for row in rows)
    if rows and total != WEIGHTS_TOTAL:
        raise _criteria_error(weights_error(total), "weights_total")
    return rows


def _check_publisher(organisation: Organisation, actor) -> None:
    membership = Membership.objects.filter(user=actor, organisation=organisation).first()
    if membership is None or not role_allows(membership.role, Action.FIND_PARTNERS):
        raise ValidationError(
            _("Only the editors and administrators of %(name)s can publish its calls for partners.")
            % {"name": organisation.name},
            code="not_allowed",
        )
    if not organisation.is_active or organisation.dissolved_on:
        raise ValidationError(
            _("%(name)s is no longer active.") % {"name": organisation.name}, code="inactive"
        )


def _check_open_for_changes(call: Call) -> None:
    if call.status == CallStatus.CLOSED:
        raise ValidationError(
            _("This call is closed: it can no longer be changed."), code="call_closed"
        )


def _check_publishable(
    call: Call, criteria: list[CriterionInput], *, check_deadline: bool = True
) -> None:
    errors = {}
    if check_deadline and call.deadline < timezone.localdate():
        errors["deadline"] = ValidationError(
            _("The deadline must be today or later."), code="deadline_past"
        )
    if not criteria:
        errors["criteria"] = ValidationError(
            _("Add at least one criterion to score the answers on, with weights adding up to 100."),
            code="criteria_missing",
        )
    if not call.resources_sought and not call.resources_offered:
        errors["resources_sought"] = ValidationError(
            _("Tick at least one resource that you seek or that you offer."),
            code="resources_missing",
        )
    if errors:
        raise ValidationError(errors)


def _criteria_of(call: Call) -> list[CriterionInput]:
    return [CriterionInput(c.label, c.weight) for c in call.criteria.all()]


def _replace_criteria(call: Call, criteria: list[CriterionInput]) -> None:
    call.criteria.all().delete()
    rows = [
        CallCriterion(call=call, label=row.label, weight=row.weight, position=position)
        for position, row in enumerate(criteria)
    ]
    for row in rows:
        row.full_clean(exclude=["call"])
    CallCriterion.objects.bulk_create(rows)


def has_scores(call: Call) -> bool:
    return ProposalScore.objects.filter(criterion__call=call).exists()


@transaction.atomic
def call_create(
    *,
    organisation: Organisation,
    actor,
    data: dict,
    causes=(),
    criteria=(),
    publish: bool = False,
) -> Call:
    """A new call, saved as a draft, or published at once when `publish`."""
    _check_publisher(organisation, actor)
    rows = clean_criteria(criteria)
    call = Call(organisation=organisation, created_by=actor, **_clean_values(data))
    call.full_clean()
    if publish:
        _check_publishable(call, rows)
        call.status = CallStatus.PUBLISHED
        call.published_at = timezone.now()
    call.save()
    call.causes.set(causes)
    _replace_criteria(call, rows)
    audit_record(
        actor=actor,
        verb="call.created",
        obj=call,
        organisation_uuid=organisation.uuid,
        data={"title": call.title, "status": call.status, "criteria": len(rows)},
    )
    return call


def _lock(call: Call) -> Call:
    return (
        Call.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=call.pk)
    )


@transaction.atomic
def call_update(
    *, access: CallAccess, actor, data: dict, causes=None, criteria=None, publish: bool = False
) -> Call:
    """Change a draft or an open call; `publish` also publishes a draft."""
    if not access.can(Action.FIND_PARTNERS):
        raise ValidationError(_("You cannot change this call."), code="not_allowed")
    call = _lock(access.call)
    _check_open_for_changes(call)
    values = _clean_values(data)
    if (
        call.status == CallStatus.PUBLISHED
        and values["deadline"] != call.deadline
        and values["deadline"] < timezone.localdate()
    ):
        raise ValidationError(
            {"deadline": _("The deadline must be today or later.")}, code="deadline_past"
        )
    changed = [name for name in CALL_FIELDS if getattr(call, name) != values[name]]
    for name in changed:
        setattr(call, name, values[name])
    call.full_clean()
    rows = _criteria_of(call) if criteria is None else clean_criteria(criteria)
    criteria_changed = rows != _criteria_of(call)
    if criteria_changed and has_scores(call):
        raise _criteria_error(criteria_locked_message(), "criteria_locked")
    publishing = publish and call.status == CallStatus.DRAFT
    if publishing or call.status == CallStatus.PUBLISHED:
        # An open call whose deadline has passed may still be corrected, not extended back.
        _check_publishable(call, rows, check_deadline=publishing or "deadline" in changed)
    if publishing:
        call.status = CallStatus.PUBLISHED
        call.published_at = timezone.now()
        changed += ["status", "published_at"]
    if causes is not None:
        before = set(call.causes.values_list("pk", flat=True))
        if before != {cause.pk for cause in causes}:
            call.causes.set(causes)
            changed.append("causes")
    if criteria_changed:
        _replace_criteria(call, rows)
        changed.append("criteria")
    if not changed:
        return call
    call.save(
        update_fields=[n for n in changed if n not in ("causes", "criteria")] + ["updated_at"]
    )
    audit_record(
        actor=actor,
        verb="call.published" if publishing else "call.edited",
        obj=call,
        organisation_uuid=call.organisation.uuid,
        data={"fields": changed},
    )
    return call


@transaction.atomic
def call_publish(*, access: CallAccess, actor) -> Call:
    if not access.can(Action.FIND_PARTNERS):
        raise ValidationError(_("You cannot publish this call."), code="not_allowed")
    call = _lock(access.call)
    if call.status == CallStatus.PUBLISHED:
        raise ValidationError(_("This call is already open."), code="already_published")
    _check_open_for_changes(call)
    _check_publisher(call.organisation, actor)
    _check_publishable(call, _criteria_of(call))
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="call.published",
        obj=call,
        organisation_uuid=call.organisation.uuid,
        data={"deadline": call.deadline.isoformat()},
    )
    return call


@transaction.atomic
def call_close(*, access: CallAccess, actor) -> Call:
    """No more answers; the answers received stay, to be scored and decided."""
    if not access.can(Action.FIND_PARTNERS):
        raise ValidationError(_("You cannot close this call."), code="not_allowed")
    call = _lock(access.call)
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("This call is already closed."), code="call_closed")
    if call.status == CallStatus.DRAFT:
        raise ValidationError(
            _("This call is a draft: nobody sees it, there is nothing to close."),
            code="draft",
        )
    call.status = CallStatus.CLOSED
    call.closed_at = timezone.now()
    call.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor, verb="call.closed", obj=call, organisation_uuid=call.organisation.uuid
    )
    return call


def answer_refusal(call: Call, *, today=None) -> str:
    """Why the call takes no answer now, in one sentence; empty when it does."""
    today = today or timezone.localdate()
    if call.status == CallStatus.DRAFT:
        return _("This call is not published yet.")
    if call.status == CallStatus.CLOSED:
        return _("This call is closed: it no longer takes answers.")
    if call.deadline < today:
        return _("The deadline for answers passed on %(date)s.") % {
            "date": date_format(call.deadline, "DATE_FORMAT")
        }
    if not call.organisation.is_active or call.organisation.dissolved_on:
        return _("%(name)s is no longer active.") % {"name": call.organisation.name}
    return ""
