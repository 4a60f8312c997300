"""Reads behind a person's calendar feed: what they reach today, never what they once did."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    Attendance,
    CalendarFeed,
    CommitteeMember,
    Meeting,
    hash_token,
)
from alliances.partnerships.models import Party, PartyStatus

# Past meetings stay in the feed for a while, so minutes can be found from the calendar.
FEED_PAST = timedelta(days=183)
# Longer inputs cannot be a token we made (secrets.token_urlsafe(32) gives 43 characters).
MAX_TOKEN_LENGTH = 100


def reached_parties_for_user(*, user) -> QuerySet[Party]:
    """The active parties the user acts for today, through a membership of their
    organisation (the same rule as `partnerships.access.seats_of`)."""
    return Party.objects.filter(status=PartyStatus.ACTIVE, organisation__memberships__user=user)


@dataclass
class CalendarItems:
    meetings: list[Meeting]
    actions: list[ActionItem]


def calendar_items_for_user(*, user, now: datetime) -> CalendarItems:
    """The meetings the user is invited to or whose committee they sit on, from six months
    back, and the due dates of the open actions they own, in partnerships they still reach."""
    partnership_ids = reached_parties_for_user(user=user).values("partnership_id")
    theirs = Q(pk__in=Attendance.objects.filter(user=user).values("meeting_id")) | Q(
        partnership_id__in=CommitteeMember.objects.filter(user=user).values("partnership_id")
    )
    meetings = (
        Meeting.objects.filter(theirs, partnership_id__in=partnership_ids)
        .filter(starts_at__gte=now - FEED_PAST)
        .select_related("partnership")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "id")
    )
    actions = (
        ActionItem.objects.filter(
            owner=user,
            status__in=OPEN_ACTION_STATUSES,
            due_on__isnull=False,
            partnership_id__in=partnership_ids,
        )
        .select_related("partnership")
        .order_by("due_on", "id")
    )
    return CalendarItems(meetings=list(meetings), actions=list(actions))


def calendar_feed_for_user(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_for_token(*, token: str) -> CalendarFeed | None:
    """The feed this secret opens, for an active person; None for anything else."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
