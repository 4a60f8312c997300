"""What a person has to do in the governance of their partnerships, for their home page."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q

from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    CommitteeMember,
    Decision,
    DecisionStatus,
    HealthCheckParticipation,
    HealthCheckRound,
    Meeting,
    MeetingStatus,
    RoundStatus,
    Vote,
)
from alliances.organisations.models import Membership
from alliances.partnerships.models import Partnership, PartyStatus, Stage

UPCOMING_MEETING_DAYS = 30


@dataclass
class GovernanceTodo:
    open_actions: int = 0
    overdue_actions: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    votes: list[Decision] = field(default_factory=list)
    health_rounds: list[HealthCheckRound] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.open_actions or self.meetings or self.votes or self.health_rounds)


def _reachable_partnerships(user):
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return (
        Partnership.objects.filter(
            parties__organisation_id__in=organisations, parties__status=PartyStatus.ACTIVE
        )
        .exclude(stage=Stage.CLOSED)
        .values("pk")
    )


def governance_todo_for_user(*, user, now: datetime, today: date) -> GovernanceTodo:
    reachable = _reachable_partnerships(user)
    actions = ActionItem.objects.filter(
        owner=user, partnership__in=reachable, status__in=OPEN_ACTION_STATUSES
    )
    seats = CommitteeMember.objects.filter(user=user, partnership__in=reachable)
    meetings = (
        Meeting.objects.filter(
            Q(attendances__user=user) | Q(partnership__committee_members__user=user),
            partnership__in=reachable,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=UPCOMING_MEETING_DAYS),
        )
        .distinct()
        .select_related("partnership")
        .order_by("starts_at")[:3]
    )
    voted = Vote.objects.filter(decision=OuterRef("pk"), party__committee_members__user=user)
    votes = (
        Decision.objects.filter(
            status=DecisionStatus.OPEN, partnership__in=seats.values("partnership_id")
        )
        .annotate(voted=Exists(voted))
        .filter(voted=False)
        .select_related("partnership")
        .order_by("created_at")[:5]
    )
    answered = HealthCheckParticipation.objects.filter(round=OuterRef("pk"), user=user)
    rounds = (
        HealthCheckRound.objects.filter(
            partnership__in=reachable, status=RoundStatus.OPEN, closes_on__gte=today
        )
        .annotate(answered=Exists(answered))
        .filter(answered=False)
        .select_related("partnership")
        .order_by("closes_on")
    )
    return GovernanceTodo(
        open_actions=actions.count(),
        overdue_actions=actions.filter(due_on__lt=today).count(),
        meetings=list(meetings),
        votes=list(votes),
        health_rounds=list(rounds),
    )
