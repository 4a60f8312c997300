"""The conflict register: raise a conflict, add notes, move it along its path (dialogue →
mediation → resolved, or exit clause invoked) and flag the ones that went quiet.

A conflict is confidential: its activity lines and notifications reach only the parties it
names and, when the raiser chose so, the coordinator. The coordinator, when only informed,
may add notes but not move the stages, which belong to the parties concerned. A resolved
conflict, or one where the exit clause was invoked, is final.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.access import ConflictAccess
from alliances.governance.models import (
    OPEN_CONFLICT_STAGES,
    Conflict,
    ConflictNote,
    ConflictNoteKind,
    ConflictStage,
    MediatorKind,
)
from alliances.governance.selectors.conflicts import (
    ALLOWED_MOVES,
    conflict_audience,
    conflict_followers,
    is_stale,
    mediator_choices_in_conflict,
    note_parties_for_user,
    stage_parties_for_user,
    stale_candidates,
)
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.governance.services.common import ensure_active_party, ensure_partnership_open
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Party
from alliances.partnerships.services.activity import activity_record, actor_name, notify


def conflict_url(conflict: Conflict) -> str:
    return reverse("governance:conflict_detail", args=[conflict.partnership.uuid, conflict.uuid])


def _tell(conflict: Conflict, *, actor, verb: str, data: dict) -> None:
    notify(
        users=conflict_followers(conflict, exclude=actor),
        partnership=conflict.partnership,
        verb=verb,
        url=conflict_url(conflict),
        data=data,
        actor=actor,
    )


def _acting_party(parties: list[Party], party: Party | None) -> Party:
    if not parties:
        raise PermissionDenied
    if party is None:
        return parties[0]
    if party.pk not in {allowed.pk for allowed in parties}:
        raise PermissionDenied
    return party


def _lock_open(conflict: Conflict) -> Conflict:
    """Read the conflict again under a lock: someone may have closed it since the page was
    loaded, and a closed conflict is final."""
    locked = Conflict.objects.select_for_update().get(pk=conflict.pk)
    locked.partnership = conflict.partnership
    if not locked.is_open:
        raise ValidationError(
            _("This conflict is closed: its record is final and nothing can be added to it."),
            code="conflict_closed",
        )
    return locked


@transaction.atomic
def conflict_raise(
    *,
    access: PartnershipAccess,
    actor,
    party: Party,
    topic: str,
    description: str,
    parties: Iterable[Party],
    coordinator_informed: bool = False,
) -> Conflict:
    """Open a conflict in dialogue, seen by the parties it names (and the coordinator when
    the raiser wants it to)."""
    raising = _acting_party(access.parties_for(Action.RAISE_CONFLICT), party)
    partnership = access.partnership
    # Locks the partnership row too, so that two conflicts raised at once get two numbers.
    ensure_partnership_open(partnership)
    ensure_active_party(partnership, raising)
    others = {named.pk: named for named in parties if named.pk != raising.pk}
    if not others:
        raise ValidationError(
            {"parties": _("Name at least one other party concerned by the conflict.")},
            code="no_other_party",
        )
    for named in others.values():
        ensure_active_party(partnership, named)
    # Only meaningful when the coordinator would not see the conflict anyway.
    coordinator_sees = raising.is_coordinator or any(p.is_coordinator for p in others.values())
    last = Conflict.objects.filter(partnership=partnership).aggregate(last=Max("number"))["last"]
    conflict = Conflict(
        partnership=partnership,
        number=(last or 0) + 1,
        topic=topic.strip(),
        description=description.strip(),
        raised_by=actor,
        raised_by_party=raising,
        coordinator_informed=bool(coordinator_informed) and not coordinator_sees,
    )
    conflict.full_clean()
    conflict.save()
    conflict.parties.set([raising, *others.values()])
    ConflictNote.objects.create(
        conflict=conflict,
        kind=ConflictNoteKind.STAGE,
        author=actor,
        author_name=actor_name(actor),
        party=raising,
        to_stage=ConflictStage.DIALOGUE,
    )
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="conflict.raised",
        party=raising,
        data={"topic": conflict.topic},
        audience=conflict_audience(conflict),
    )
    _tell(
        conflict,
        actor=actor,
        verb="conflict.raised",
        data={"topic": conflict.topic, "party": str(raising)},
    )
    return conflict


@transaction.atomic
def conflict_note_add(
    *, conflict_access: ConflictAccess, actor, text: str, party: Party | None = None
) -> ConflictNote:
    """Add a line to the timeline; the conflict counts as having news again."""
    author_party = _acting_party(note_parties_for_user(conflict_access), party)
    ensure_partnership_open(conflict_access.partnership)
    conflict = _lock_open(conflict_access.conflict)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")}, code="required")
    note = ConflictNote(
        conflict=conflict,
        kind=ConflictNoteKind.NOTE,
        author=actor,
        author_name=actor_name(actor),
        party=author_party,
        text=text,
    )
    note.full_clean()
    note.save()
    conflict.last_activity_at = timezone.now()
    conflict.stale_notified_at = None
    conflict.save(update_fields=["last_activity_at", "stale_notified_at", "updated_at"])
    activity_record(
        partnership=conflict.partnership,
        actor=actor,
        verb="conflict.note_added",
        party=author_party,
        data={"topic": conflict.topic},
        audience=conflict_audience(conflict),
    )
    _tell(conflict, actor=actor, verb="conflict.note_added", data={"topic": conflict.topic})
    return note


def _illegal_move(from_stage: str, to_stage: str) -> ValidationError:
    if to_stage == from_stage:
        message = _("The conflict is already at this stage.")
    elif from_stage == ConflictStage.MEDIATION and to_stage == ConflictStage.DIALOGUE:
        message = _(
            "A conflict in mediation does not go back to dialogue: add a note to the timeline, "
            "or close it as resolved or by invoking the exit clause."
        )
    else:
        message = _("Choose where the conflict goes next among the stages offered.")
    return ValidationError({"to_stage": message}, code="illegal_move")


def _mediator(conflict: Conflict, *, kind: str, name: str, user, reason: str) -> dict:
    errors = {}
    name = name.strip()
    if kind not in MediatorKind.values:
        errors["mediator_kind"] = _("Say whether the mediator is internal or external.")
    elif kind == MediatorKind.INTERNAL and user is None and not name:
        errors["mediator_user"] = _("Choose the person who mediates, or type their name.")
    elif kind == MediatorKind.EXTERNAL:
        if user is not None:
            errors["mediator_user"] = _(
                "An external mediator is not one of the parties' people: type their name only."
            )
        elif not name:
            errors["mediator_name"] = _("Type the external mediator's name.")
    if user is not None and user.pk not in {p.pk for p in mediator_choices_in_conflict(conflict)}:
        errors["mediator_user"] = _("Choose a person of one of the parties concerned.")
    if not reason.strip():
        errors["reason"] = _("Say why mediation is needed.")
    if errors:
        raise ValidationError(errors, code="invalid_mediation")
    return {
        "mediator_kind": kind,
        "mediator_name": actor_name(user) if user is not None else name,
        "mediator_user": user if kind == MediatorKind.INTERNAL else None,
    }


@transaction.atomic
def conflict_stage_move(
    *,
    conflict_access: ConflictAccess,
    actor,
    to_stage: str,
    reason: str = "",
    outcome: str = "",
    mediator_kind: str = "",
    mediator_name: str = "",
    mediator_user=None,
) -> ConflictNote:
    """Move the conflict along its path. Mediation needs a mediator and a reason; resolving
    it or invoking the exit clause needs the outcome and is final. Invoking the exit clause
    does not remove the party: leaving is done from the parties page."""
    mover_party = _acting_party(stage_parties_for_user(conflict_access), None)
    ensure_partnership_open(conflict_access.partnership)
    conflict = _lock_open(conflict_access.conflict)
    from_stage = conflict.stage
    if to_stage not in ALLOWED_MOVES.get(from_stage, ()):
        raise _illegal_move(from_stage, to_stage)
    now = timezone.now()
    fields = ["stage", "last_activity_at", "stale_notified_at", "updated_at"]
    if to_stage == ConflictStage.MEDIATION:
        mediator = _mediator(
            conflict, kind=mediator_kind, name=mediator_name, user=mediator_user, reason=reason
        )
        for field, value in mediator.items():
            setattr(conflict, field, value)
        fields += list(mediator)
        text = reason.strip()
    else:
        text = outcome.strip()
        if not text:
            raise ValidationError(
                {"outcome": _("Say how the conflict ended: it is kept in the record.")},
                code="required",
            )
        conflict.outcome = text
        conflict.closed_at = now
        fields += ["outcome", "closed_at"]
    conflict.stage = to_stage
    conflict.last_activity_at = now
    conflict.stale_notified_at = None
    conflict.full_clean()
    conflict.save(update_fields=fields)
    note = ConflictNote.objects.create(
        conflict=conflict,
        kind=ConflictNoteKind.STAGE,
        author=actor,
        author_name=actor_name(actor),
        party=mover_party,
        from_stage=from_stage,
        to_stage=to_stage,
        text=text,
    )
    data = {"topic": conflict.topic, "from": from_stage, "to": to_stage}
    activity_record(
        partnership=conflict.partnership,
        actor=actor,
        verb="conflict.stage_moved",
        party=mover_party,
        data=data,
        audience=conflict_audience(conflict),
    )
    _tell(conflict, actor=actor, verb="conflict.stage_moved", data=data)
    return note


def _claim_stale(conflict: Conflict, now: datetime) -> bool:
    """Mark the conflict flagged, only if nobody did since its last news: of two runs at
    once, one updates the row and sends, the other finds nothing to update."""
    return bool(
        Conflict.objects.filter(
            pk=conflict.pk,
            stage__in=list(OPEN_CONFLICT_STAGES),
            last_activity_at=conflict.last_activity_at,
        )
        .filter(Q(stale_notified_at__isnull=True) | Q(stale_notified_at__lt=F("last_activity_at")))
        .update(stale_notified_at=now)
    )


def stale_conflicts_flag(*, now: datetime) -> int:
    """Flag the open conflicts without news for longer than their partnership allows, once
    per silence: a new note or move makes the conflict eligible again. Returns how many were
    flagged; running it again flags nothing more."""
    thresholds: dict[int, int] = {}
    flagged = 0
    for conflict in stale_candidates(now=now):
        partnership = conflict.partnership
        if partnership.pk not in thresholds:
            thresholds[partnership.pk] = governance_settings_for_partnership(
                partnership=partnership
            ).conflict_stale_days
        if not is_stale(conflict, now=now, stale_days=thresholds[partnership.pk]):
            continue
        with transaction.atomic():
            if not _claim_stale(conflict, now):
                continue
            days = (now - conflict.last_activity_at).days
            data = {"topic": conflict.topic, "days": days}
            activity_record(
                partnership=partnership,
                actor=None,
                verb="conflict.stale",
                data=data,
                audience=conflict_audience(conflict),
            )
            _tell(conflict, actor=None, verb="conflict.stale", data=data)
        flagged += 1
    return flagged
