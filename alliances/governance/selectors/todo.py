"""What a person has to do in the governance of their partnerships, for their home page."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q

from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    Attendance,
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


def _reachable_partnerships(user) -> dict[int, bool]:
    """{partnership id: whether the user sits on its committee}, for the open partnerships
    in which one of the user's organisations is an active party. One query; the lists
    below are then filtered by these few ids, not by nested subqueries."""
    seated = CommitteeMember.objects.filter(partnership=OuterRef("pk"), user=user)
    rows = (
        Partnership.objects.filter(
            parties__organisation__memberships__user=user, parties__status=PartyStatus.ACTIVE
        )
        .exclude(stage=Stage.CLOSED)
        .annotate(seated=Exists(seated))
        .order_by()
        .values_list("pk", "seated")
        .distinct()
    )
    return dict(rows)


def governance_todo_for_user(*, user, now: datetime, today: date) -> GovernanceTodo:
    reachable = _reachable_partnerships(user)
    if not reachable:
        return GovernanceTodo()
    seats = [pk for pk, seated in reachable.items() if seated]
    actions = ActionItem.objects.filter(
        owner=user, partnership_id__in=reachable, status__in=OPEN_ACTION_STATUSES
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    invited = Attendance.objects.filter(meeting=OuterRef("pk"), user=user)
    meetings = (
        Meeting.objects.filter(
            Q(partnership_id__in=seats) | Exists(invited),
            partnership_id__in=reachable,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=UPCOMING_MEETING_DAYS),
        )
        .select_related("partnership")
        .order_by("starts_at")[:3]
    )
    votes = []
    if seats:
        voted = Vote.objects.filter(decision=OuterRef("pk"), party__committee_members__user=user)
        votes = list(
            Decision.objects.filter(status=DecisionStatus.OPEN, partnership_id__in=seats)
            .filter(~Exists(voted))
            .select_related("partnership")
            .order_by("created_at")[:5]
        )
    answered = HealthCheckParticipation.objects.filter(round=OuterRef("pk"), user=user)
    rounds = (
        HealthCheckRound.objects.filter(
            partnership_id__in=reachable, status=RoundStatus.OPEN, closes_on__gte=today
        )
        .filter(~Exists(answered))
        .select_related("partnership")
        .order_by("closes_on")
    )
    return GovernanceTodo(
        open_actions=actions["open"],
        overdue_actions=actions["overdue"],
        meetings=list(meetings),
        votes=votes,
        health_rounds=list(rounds),
    )
