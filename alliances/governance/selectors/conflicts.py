"""Reads of the conflict register. Every read goes through the conflict's confidentiality
(`governance.access`): what a member cannot see is never counted nor listed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When

from alliances.core.permissions import Action
from alliances.governance.access import ConflictAccess, visible_conflicts_in_partnership
from alliances.governance.models import (
    OPEN_CONFLICT_STAGES,
    Conflict,
    ConflictNote,
    ConflictStage,
)
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Party, PartyStatus, Stage
from alliances.partnerships.services.activity import people_of_parties

# Where a conflict may go from each open stage. Mediation never goes back to dialogue: once a
# mediator is named, the parties talk through them until it ends one way or the other.
ALLOWED_MOVES = {
    ConflictStage.DIALOGUE: (ConflictStage.MEDIATION, ConflictStage.RESOLVED, ConflictStage.EXIT),
    ConflictStage.MEDIATION: (ConflictStage.RESOLVED, ConflictStage.EXIT),
}


@dataclass(frozen=True)
class ConflictRow:
    conflict: Conflict
    parties: list
    stale: bool
    silent_days: int


def _silent_days(conflict: Conflict, now: datetime) -> int:
    return max((now - conflict.last_activity_at).days, 0)


def is_stale(conflict: Conflict, *, now: datetime, stale_days: int) -> bool:
    return conflict.is_open and conflict.last_activity_at < now - timedelta(days=stale_days)


def conflicts_in_partnership_for_user(
    *, access: PartnershipAccess, now: datetime
) -> tuple[list[ConflictRow], int]:
    """The conflicts this member may see, open ones first, newest first within each group;
    with the partnership's staleness threshold in days."""
    stale_days = governance_settings_for_partnership(
        partnership=access.partnership
    ).conflict_stale_days
    open_first = Case(
        When(stage__in=list(OPEN_CONFLICT_STAGES), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    conflicts = (
        visible_conflicts_in_partnership(access)
        .annotate(closed_last=open_first)
        .order_by("closed_last", "-number")
        .select_related("raised_by_party__organisation")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation").order_by("created_at", "id"),
            )
        )
    )
    rows = [
        ConflictRow(
            conflict=conflict,
            parties=list(conflict.parties.all()),
            stale=is_stale(conflict, now=now, stale_days=stale_days),
            silent_days=_silent_days(conflict, now),
        )
        for conflict in conflicts
    ]
    return rows, stale_days


def conflict_parties(conflict: Conflict) -> list[Party]:
    """The parties the conflict names, the raising party always among them."""
    parties = list(conflict.parties.select_related("organisation").order_by("created_at", "id"))
    if conflict.raised_by_party_id not in {party.pk for party in parties}:
        parties.insert(0, conflict.raised_by_party)
    return parties


def coordinator_party_in_partnership(*, partnership) -> Party | None:
    # Roles are a JSON list: filtered here rather than in SQL, the same on every database.
    parties = Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
    return next(
        (party for party in parties.select_related("organisation") if party.is_coordinator), None
    )


def conflict_audience(conflict: Conflict) -> list[Party]:
    """Who may read the conflict: the parties it names, and the coordinator when informed."""
    audience = conflict_parties(conflict)
    if conflict.coordinator_informed:
        coordinator = coordinator_party_in_partnership(partnership=conflict.partnership)
        if coordinator is not None and coordinator.pk not in {party.pk for party in audience}:
            audience.append(coordinator)
    return audience


def conflict_followers(conflict: Conflict, *, exclude=None) -> list:
    """The people told of what happens to the conflict: those who may follow it up (editors
    and administrators) in every party of its audience, and the internal mediator."""
    people = people_of_parties(
        conflict_audience(conflict), action=Action.RAISE_CONFLICT, exclude=exclude
    )
    mediator = conflict.mediator_user
    skip = {person.pk for person in people} | ({exclude.pk} if exclude is not None else set())
    if mediator is not None and mediator.is_active and mediator.pk not in skip:
        people.append(mediator)
    return people


def note_parties_for_user(conflict_access: ConflictAccess) -> list[Party]:
    """The parties the user may write notes for: the named ones where they may raise
    conflicts, then the coordinator when it was informed (it reads and may add notes, but the
    stages belong to the parties concerned)."""
    involved = conflict_access.involved_parties
    seats = conflict_access.access.seats
    parties = [
        seat.party for seat in seats if seat.party in involved and seat.can(Action.RAISE_CONFLICT)
    ]
    if conflict_access.conflict.coordinator_informed:
        parties += [
            seat.party
            for seat in seats
            if seat.party.is_coordinator
            and seat.party not in parties
            and seat.can(Action.RAISE_CONFLICT)
        ]
    return parties


def stage_parties_for_user(conflict_access: ConflictAccess) -> list[Party]:
    """The parties the user may move the conflict's stage for: named ones only."""
    involved = conflict_access.involved_parties
    return [
        seat.party
        for seat in conflict_access.access.seats
        if seat.party in involved and seat.can(Action.RAISE_CONFLICT)
    ]


def conflict_timeline(conflict: Conflict) -> list[ConflictNote]:
    return list(
        ConflictNote.objects.filter(conflict=conflict)
        .select_related("party__organisation", "author")
        .order_by("created_at", "id")
    )


def mediator_choices_in_conflict(conflict: Conflict) -> list:
    """The people who may be named internal mediator: members of a party the conflict names."""
    people = people_of_parties(conflict_parties(conflict))
    return sorted(people, key=lambda person: (str(person).lower(), person.pk))


def stale_candidates(*, now: datetime, shortest_days: int = 1):
    """Open conflicts of partnerships still running, silent for at least a day and not yet
    flagged since their last news; each partnership's own threshold is applied by the caller."""
    return (
        Conflict.objects.filter(
            stage__in=list(OPEN_CONFLICT_STAGES),
            last_activity_at__lt=now - timedelta(days=shortest_days),
        )
        .exclude(partnership__stage=Stage.CLOSED)
        .filter(Q(stale_notified_at__isnull=True) | Q(stale_notified_at__lt=F("last_activity_at")))
        .select_related("partnership", "raised_by_party__organisation")
        .order_by("partnership_id", "number")
    )
