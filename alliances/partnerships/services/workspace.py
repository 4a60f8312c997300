"""The workspace: creating and editing a partnership, its stages and their gates, and the
user's notifications being read."""

import datetime
from dataclasses import dataclass, replace
from functools import cache

from babel.core import get_global
from babel.numbers import get_territory_currencies
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action, role_allows
from alliances.organisations.models import Membership, Organisation
from alliances.partnerships.access import PartnershipAccess, seats_of
from alliances.partnerships.models import (
    Notification,
    Partnership,
    PartnershipType,
    Party,
    PartyRole,
    PartyStatus,
    PatronageForm,
    Stage,
    StageChange,
)
from alliances.partnerships.selectors.workspace import StageFacts, stage_facts_in_partnership
from alliances.partnerships.services.activity import (
    active_parties,
    activity_record,
    notify,
    people_of_parties,
)

PARTNERSHIP_FIELDS = (
    "title",
    "purpose",
    "objectives",
    "kind",
    "patronage_forms",
    "territory",
    "starts_on",
    "ends_on",
    "currency",
    "decision_rule",
)


@cache
def current_currencies() -> frozenset[str]:
    """ISO 4217 codes of the currencies legal tender somewhere today."""
    today = datetime.date.today()
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, today))
    return frozenset(codes)


def ensure_open(partnership: Partnership) -> None:
    if partnership.is_closed:
        raise ValidationError(
            _("This partnership is closed: it can be read but no longer changed."), code="closed"
        )


def _clean_values(data: dict) -> dict:
    values = {name: data.get(name) for name in PARTNERSHIP_FIELDS}
    values["title"] = " ".join((values["title"] or "").split())
    values["purpose"] = (values["purpose"] or "").strip()
    objectives = (values["objectives"] or "").splitlines()
    values["objectives"] = "\n".join(line.strip() for line in objectives if line.strip())
    values["currency"] = (values["currency"] or "EUR").strip().upper()
    errors = {}
    if values["currency"] not in current_currencies():
        errors["currency"] = _("Choose a currency by its ISO code, for example EUR.")
    forms = list(dict.fromkeys(values["patronage_forms"] or []))
    if values["kind"] == PartnershipType.PATRONAGE:
        if any(form not in PatronageForm.values for form in forms):
            errors["patronage_forms"] = _("Choose among financial, skills and in kind.")
        elif not forms:
            errors["patronage_forms"] = _(
                "Choose at least one form of patronage: financial, skills or in kind."
            )
        values["patronage_forms"] = [form for form in PatronageForm.values if form in forms]
    else:
        # Forms of patronage mean nothing for another type of partnership.
        values["patronage_forms"] = []
    starts_on, ends_on = values["starts_on"], values["ends_on"]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def partnership_create(*, user, organisation: Organisation, data: dict, causes=()) -> Partnership:
    """A new partnership, coordinated by `organisation`, at the exploration stage."""
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None or not role_allows(membership.role, Action.EDIT_WORK):
        raise ValidationError(
            {
                "organisation": _(
                    "You can create a partnership only for an organisation in which you are "
                    "an editor or an administrator."
                )
            },
            code="not_allowed",
        )
    if not organisation.is_active or organisation.dissolved_on:
        raise ValidationError(
            {"organisation": _("%(name)s is no longer active.") % {"name": organisation.name}},
            code="inactive",
        )
    partnership = Partnership(created_by=user, **_clean_values(data))
    partnership.full_clean()
    partnership.save()
    partnership.causes.set(causes)
    now = timezone.now()
    party = Party(
        partnership=partnership,
        organisation=organisation,
        roles=[PartyRole.COORDINATOR],
        status=PartyStatus.ACTIVE,
        invited_by=user,
        responded_by=user,
        responded_at=now,
    )
    party.full_clean()
    party.save()
    StageChange.objects.create(
        partnership=partnership, from_stage="", to_stage=Stage.EXPLORATION, actor=user
    )
    activity_record(partnership=partnership, actor=user, verb="partnership.created", party=party)
    audit_record(
        actor=user,
        verb="partnership.created",
        obj=partnership,
        organisation_uuid=organisation.uuid,
        data={"title": partnership.title, "kind": partnership.kind},
    )
    return partnership


def _lock(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


@transaction.atomic
def partnership_update(*, access: PartnershipAccess, actor, data: dict, causes=None) -> Partnership:
    party = access.party_for(Action.EDIT_PARTNERSHIP)
    partnership = _lock(access.partnership)
    ensure_open(partnership)
    values = _clean_values(data)
    changed = [name for name in PARTNERSHIP_FIELDS if getattr(partnership, name) != values[name]]
    for name in changed:
        setattr(partnership, name, values[name])
    partnership.full_clean()
    causes_changed = False
    if causes is not None:
        before = set(partnership.causes.values_list("pk", flat=True))
        after = {cause.pk for cause in causes}
        causes_changed = before != after
        if causes_changed:
            partnership.causes.set(causes)
            changed.append("causes")
    if not changed:
        return partnership
    partnership.save(update_fields=[name for name in changed if name != "causes"] + ["updated_at"])
    activity_record(partnership=partnership, actor=actor, verb="partnership.edited", party=party)
    audit_record(
        actor=actor,
        verb="partnership.edited",
        obj=partnership,
        organisation_uuid=party.organisation.uuid,
        data={"fields": changed},
    )
    return partnership


# Stages

# The way forward from each stage; closing is possible from any stage but the last.
FORWARD: dict[str, tuple[str, ...]] = {
    Stage.EXPLORATION: (Stage.QUALIFICATION,),
    Stage.QUALIFICATION: (Stage.FORMALISATION,),
    Stage.FORMALISATION: (Stage.IMPLEMENTATION,),
    Stage.IMPLEMENTATION: (Stage.EVALUATION,),
    Stage.EVALUATION: (Stage.RENEWAL, Stage.CLOSED),
    # Renewing means revising the agreement, or carrying on with the one in force.
    Stage.RENEWAL: (Stage.FORMALISATION, Stage.IMPLEMENTATION),
    Stage.CLOSED: (),
}
# One stage back, which needs a note saying why.
BACK: dict[str, str] = {
    Stage.QUALIFICATION: Stage.EXPLORATION,
    Stage.FORMALISATION: Stage.QUALIFICATION,
    Stage.IMPLEMENTATION: Stage.FORMALISATION,
    Stage.EVALUATION: Stage.IMPLEMENTATION,
    Stage.RENEWAL: Stage.EVALUATION,
}


def stage_label(stage: str) -> str:
    return str(dict(Stage.choices).get(stage, stage))


def stage_targets(stage: str) -> list[str]:
    """Where a partnership at `stage` may go: forward, one stage back, or closed."""
    if stage == Stage.CLOSED:
        return []
    targets = list(FORWARD.get(stage, ()))
    if stage in BACK:
        targets.append(BACK[stage])
    if Stage.CLOSED not in targets:
        targets.append(Stage.CLOSED)
    return targets


def is_step_back(current: str, target: str) -> bool:
    return BACK.get(current) == target and target not in FORWARD.get(current, ())


def _blank(value: str | None) -> bool:
    return value is not None and not value.strip()


def stage_gates(partnership: Partnership, *, target: str, facts: StageFacts) -> list[str]:
    """Why the partnership may not move to `target` now, in sentences; empty when it may."""
    current = partnership.stage
    if target not in Stage.values:
        return [_("Choose a stage.")]
    if current == Stage.CLOSED:
        return [_("This partnership is closed: its stage can no longer change.")]
    if target == current:
        return [
            _("The partnership is already at the %(stage)s stage.") % {"stage": stage_label(target)}
        ]
    if target not in stage_targets(current):
        return [
            _("From %(stage)s, the partnership can move to: %(targets)s.")
            % {
                "stage": stage_label(current),
                "targets": ", ".join(stage_label(stage) for stage in stage_targets(current)),
            }
        ]
    problems = []
    if target == Stage.CLOSED:
        if _blank(facts.closure_reason):
            problems.append(_("Say why the partnership closes."))
        if _blank(facts.lessons_learned):
            problems.append(_("Write down the lessons learned, in a few lines."))
        return problems
    if is_step_back(current, target) and _blank(facts.note):
        problems.append(
            _("Say in a note why the partnership goes back to the %(stage)s stage.")
            % {"stage": stage_label(target)}
        )
    if target == Stage.FORMALISATION and facts.missing_assessments:
        problems.append(
            _(
                "Every party must submit its assessment before formalisation. "
                "Still missing: %(parties)s."
            )
            % {"parties": ", ".join(facts.missing_assessments)}
        )
    if target == Stage.IMPLEMENTATION and not facts.agreement_in_force:
        problems.append(
            _(
                "Implementation starts once a version of the agreement has been approved by "
                "every party."
            )
        )
    return problems


@dataclass(frozen=True)
class StageOption:
    target: str
    label: str
    blockers: list[str]
    is_back: bool
    is_closure: bool

    @property
    def allowed(self) -> bool:
        return not self.blockers


def stage_options(partnership: Partnership, facts: StageFacts) -> list[StageOption]:
    """Every move the partnership could make from where it is, with what blocks each."""
    return [
        StageOption(
            target=target,
            label=stage_label(target),
            blockers=stage_gates(partnership, target=target, facts=facts),
            is_back=is_step_back(partnership.stage, target),
            is_closure=target == Stage.CLOSED,
        )
        for target in stage_targets(partnership.stage)
    ]


@transaction.atomic
def partnership_move_stage(
    *,
    actor,
    target: str,
    access: PartnershipAccess | None = None,
    partnership: Partnership | None = None,
    note: str = "",
    closure_reason: str = "",
    lessons_learned: str = "",
) -> StageChange:
    """Move the partnership to `target` if its gates allow it; the row stays locked until
    the move is written, so two moves at once run one after the other."""
    if access is None:
        if partnership is None:
            raise TypeError("partnership_move_stage needs an access or a partnership.")
        access = PartnershipAccess(partnership, seats_of(actor, partnership))
    if not access.can(Action.MOVE_STAGE):
        raise PermissionDenied
    party = access.party_for(Action.MOVE_STAGE)
    locked = _lock(access.partnership)
    note, closure_reason, lessons_learned = (
        (note or "").strip(),
        (closure_reason or "").strip(),
        (lessons_learned or "").strip(),
    )
    facts = replace(
        stage_facts_in_partnership(partnership=locked),
        note=note,
        closure_reason=closure_reason,
        lessons_learned=lessons_learned,
    )
    problems = stage_gates(locked, target=target, facts=facts)
    if problems:
        raise ValidationError(problems, code="stage_gate")
    previous = locked.stage
    locked.stage = target
    fields = ["stage", "updated_at"]
    if target == Stage.CLOSED:
        locked.closure_reason = closure_reason
        locked.lessons_learned = lessons_learned
        locked.closed_at = timezone.now()
        fields += ["closure_reason", "lessons_learned", "closed_at"]
    locked.full_clean()
    locked.save(update_fields=fields)
    change = StageChange.objects.create(
        partnership=locked,
        from_stage=previous,
        to_stage=target,
        actor=actor,
        note=closure_reason if target == Stage.CLOSED and not note else note,
    )
    moved = {"from": previous, "to": target}
    activity_record(
        partnership=locked, actor=actor, verb="partnership.stage_moved", party=party, data=moved
    )
    audit_record(
        actor=actor,
        verb="partnership.stage_moved",
        obj=locked,
        organisation_uuid=party.organisation.uuid,
        data={**moved, "note": change.note},
    )
    notify(
        users=people_of_parties(active_parties(locked), exclude=actor),
        partnership=locked,
        verb="partnership.stage_moved",
        url=reverse("partnerships:detail", args=[locked.uuid]),
        data=moved,
        actor=actor,
    )
    return change


# Notifications


@transaction.atomic
def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of the user as read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
