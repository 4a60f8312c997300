"""Reads behind the weekly digest: who receives it, and what each person should know, only
from partnerships they reach today and only what their parties may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    Attendance,
    CommitteeMember,
    Decision,
    DecisionStatus,
    DigestPreference,
    HealthCheckParticipation,
    HealthCheckRound,
    Meeting,
    MeetingStatus,
    RoundStatus,
    Vote,
)
from alliances.governance.selectors.calendar import reached_parties_for_user
from alliances.partnerships.models import Activity, Partnership, Party, PartyStatus
from alliances.partnerships.selectors.workspace import activities_in_partnership

WEEK = timedelta(days=7)
ACTIONS_AHEAD = timedelta(days=7)
MEETINGS_AHEAD = timedelta(days=14)
# Past this many lines a partnership's section links to its full feed instead.
MAX_LINES = 15


def digest_week_key(today: date) -> date:
    """The week a digest sent on `today` belongs to: the Monday of the calendar week before
    today's. Sent on a Monday, it reports exactly that week; a second run later in the same
    calendar week finds the same key and sends nothing."""
    return today - timedelta(days=today.weekday()) - WEEK


def digest_preference_for_user(*, user) -> DigestPreference:
    """The saved preference, or the default (subscribed, unsaved) when there is none."""
    found = DigestPreference.objects.filter(user=user).first()
    return found or DigestPreference(user=user)


def digest_preference_for_token(*, token: str) -> DigestPreference | None:
    if not token or len(token) > 64:
        return None
    return DigestPreference.objects.select_related("user").filter(unsubscribe_token=token).first()


def email_verified_for_user(*, user) -> bool:
    """Whether the address digests go to (the account's) is verified."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def digest_recipients() -> QuerySet:
    """Active people whose address is verified, who did not opt out and who reach at least
    one partnership."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    reaching = Party.objects.filter(
        status=PartyStatus.ACTIVE, organisation__memberships__user=OuterRef("pk")
    )
    return (
        get_user_model()
        .objects.filter(Exists(verified), Exists(reaching), is_active=True)
        .exclude(digest_preference__weekly=False)
        .order_by("pk")
    )


@dataclass
class PartnershipDigest:
    partnership: Partnership
    activities: list[Activity] = field(default_factory=list)
    more_activities: int = 0
    actions: list[ActionItem] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    health_round: HealthCheckRound | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.activities or self.actions or self.meetings or self.decisions or self.health_round
        )


@dataclass
class WeeklyDigest:
    user: object
    today: date
    first_day: date
    last_day: date
    partnerships: list[PartnershipDigest]

    @property
    def is_empty(self) -> bool:
        return not self.partnerships


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _awaiting_votes(user, parties: list[Party]) -> list[Decision]:
    """Open decisions for which one of the user's committee parties has not voted."""
    seats = CommitteeMember.objects.filter(user=user, party__in=parties).values_list(
        "partnership_id", "party_id"
    )
    parties_by_partnership = defaultdict(set)
    for partnership_id, party_id in seats:
        parties_by_partnership[partnership_id].add(party_id)
    if not parties_by_partnership:
        return []
    decisions = list(
        Decision.objects.filter(
            partnership_id__in=parties_by_partnership, status=DecisionStatus.OPEN
        ).order_by("number")
    )
    voted = set(Vote.objects.filter(decision__in=decisions).values_list("decision_id", "party_id"))
    return [
        decision
        for decision in decisions
        if any(
            (decision.pk, party_id) not in voted
            for party_id in parties_by_partnership[decision.partnership_id]
        )
    ]


def weekly_digest_for_user(*, user, today: date) -> WeeklyDigest:
    """The seven days before `today`, and what is coming for the user."""
    first_day = today - WEEK
    week_start, week_end = _start_of(first_day), _start_of(today)
    parties = list(reached_parties_for_user(user=user).select_related("partnership"))
    by_partnership: dict[int, list[Party]] = defaultdict(list)
    for party in parties:
        by_partnership[party.partnership_id].append(party)
    sections = {
        party.partnership_id: PartnershipDigest(partnership=party.partnership) for party in parties
    }
    partnership_ids = list(sections)

    for partnership_id, section in sections.items():
        # The user's own doings are left out: the digest is about what others did.
        activities = (
            activities_in_partnership(
                partnership=section.partnership, parties=by_partnership[partnership_id]
            )
            .filter(created_at__gte=week_start, created_at__lt=week_end)
            .exclude(actor=user)
            .order_by("created_at", "id")
        )
        found = list(activities[: MAX_LINES + 1])
        if len(found) > MAX_LINES:
            section.more_activities = activities.count() - MAX_LINES
        section.activities = found[:MAX_LINES]

    actions = ActionItem.objects.filter(
        partnership_id__in=partnership_ids,
        owner=user,
        status__in=OPEN_ACTION_STATUSES,
        due_on__lte=today + ACTIONS_AHEAD,
    ).order_by("due_on", "id")
    actions = actions.select_related("partnership")
    for action in actions:
        sections[action.partnership_id].actions.append(action)

    theirs = Q(pk__in=Attendance.objects.filter(user=user).values("meeting_id")) | Q(
        partnership_id__in=CommitteeMember.objects.filter(user=user).values("partnership_id")
    )
    meetings = Meeting.objects.filter(
        theirs,
        partnership_id__in=partnership_ids,
        status=MeetingStatus.SCHEDULED,
        starts_at__gte=week_end,
        starts_at__lt=_start_of(today + MEETINGS_AHEAD + timedelta(days=1)),
    ).order_by("starts_at", "id")
    for meeting in meetings:
        sections[meeting.partnership_id].meetings.append(meeting)

    for decision in _awaiting_votes(user, parties):
        sections[decision.partnership_id].decisions.append(decision)

    answered = HealthCheckParticipation.objects.filter(round=OuterRef("pk"), user=user)
    rounds = HealthCheckRound.objects.filter(
        partnership_id__in=partnership_ids, status=RoundStatus.OPEN, opens_on__lte=today
    ).exclude(Exists(answered))
    for health_round in rounds:
        sections[health_round.partnership_id].health_round = health_round

    ordered = sorted(sections.values(), key=lambda section: section.partnership.title.lower())
    return WeeklyDigest(
        user=user,
        today=today,
        first_day=first_day,
        last_day=today - timedelta(days=1),
        partnerships=[section for section in ordered if not section.is_empty],
    )
