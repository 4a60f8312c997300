"""Reads of the steering committee's meetings: the list, one meeting's page, who may be
invited."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from alliances.accounts.models import User
from alliances.governance.models import (
    Attendance,
    AttendanceStatus,
    CommitteeMember,
    Meeting,
    MeetingStatus,
)
from alliances.organisations.models import Membership
from alliances.partnerships.models import Partnership, Party
from alliances.partnerships.services.activity import active_parties


def next_meeting_in_partnership(*, partnership: Partnership, now: datetime) -> Meeting | None:
    """The next scheduled meeting that has not started yet."""
    return (
        Meeting.objects.filter(
            partnership=partnership, status=MeetingStatus.SCHEDULED, starts_at__gt=now
        )
        .order_by("starts_at", "id")
        .first()
    )


@dataclass
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]


def meetings_in_partnership(*, partnership: Partnership, now: datetime) -> MeetingList:
    """Meetings not over yet (soonest first), then the others (latest first), with the
    counts the list shows."""
    meetings = list(
        Meeting.objects.filter(partnership=partnership)
        .annotate(
            agenda_count=Count("agenda_items", distinct=True),
            invitee_count=Count("attendances", distinct=True),
            present_count=Count(
                "attendances",
                filter=Q(attendances__status=AttendanceStatus.PRESENT),
                distinct=True,
            ),
            document_count=Count("documents", distinct=True),
        )
        # Aggregating queries ignore the model's default ordering.
        .order_by("-starts_at", "-id")
    )
    upcoming = sorted(
        (meeting for meeting in meetings if meeting.ends_at > now),
        key=lambda meeting: (meeting.starts_at, meeting.pk),
    )
    past = [meeting for meeting in meetings if meeting.ends_at <= now]
    for meeting in meetings:
        meeting.partnership = partnership
        # A meeting whose time has come and gone without minutes still waits for them.
        meeting.awaits_minutes = meeting.status == MeetingStatus.SCHEDULED and (
            meeting.ends_at <= now
        )
    return MeetingList(upcoming=upcoming, past=past)


def meetings_query_in_partnership(*, partnership: Partnership) -> QuerySet[Meeting]:
    """Every meeting of the partnership, as a query (the API pages it)."""
    return Meeting.objects.filter(partnership=partnership)


@dataclass
class AttendanceGroup:
    party: Party | None
    attendances: list[Attendance] = field(default_factory=list)


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda: list
    attendance_groups: list[AttendanceGroup]
    documents: list
    decisions: list
    actions: list
    mine: Attendance | None

    @property
    def attendances(self) -> list[Attendance]:
        return [attendance for group in self.attendance_groups for attendance in group.attendances]


def meeting_page_for_user(*, meeting: Meeting, user) -> MeetingPage:
    """Everything one meeting's page shows; the invitees grouped by party."""
    attendances = list(
        meeting.attendances.select_related("user", "party__organisation").order_by(
            "party__created_at", "party_id", "user__full_name", "user__email"
        )
    )
    groups: dict = {}
    for attendance in attendances:
        key = attendance.party_id
        groups.setdefault(key, AttendanceGroup(party=attendance.party)).attendances.append(
            attendance
        )
    return MeetingPage(
        meeting=meeting,
        agenda=list(meeting.agenda_items.all()),
        attendance_groups=list(groups.values()),
        documents=list(meeting.documents.select_related("uploaded_by")),
        decisions=list(meeting.decisions.order_by("number")),
        actions=list(meeting.action_items.select_related("owner", "owner_party__organisation")),
        mine=next((a for a in attendances if a.user_id == getattr(user, "pk", None)), None),
    )


@dataclass
class Invitee:
    user: User
    on_committee: bool = False


@dataclass
class InviteeGroup:
    party: Party
    people: list[Invitee] = field(default_factory=list)


def invitees_in_partnership(*, partnership: Partnership) -> list[InviteeGroup]:
    """Everyone who may be invited: the people of the active parties' organisations, each
    once, under the party they sit on the committee for (else their first party)."""
    parties = [party for party in active_parties(partnership) if party.organisation_id]
    groups = {party.pk: InviteeGroup(party=party) for party in parties}
    seats = dict(
        CommitteeMember.objects.filter(
            partnership=partnership, party_id__in=list(groups)
        ).values_list("user_id", "party_id")
    )
    party_of_organisation = {}
    for party in parties:
        party_of_organisation.setdefault(party.organisation_id, party.pk)
    memberships = (
        Membership.objects.filter(
            organisation_id__in=list(party_of_organisation), user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    placed = set()
    for membership in memberships:
        user = membership.user
        if user.pk in placed:
            continue
        party_id = seats.get(user.pk) or party_of_organisation[membership.organisation_id]
        groups[party_id].people.append(Invitee(user=user, on_committee=user.pk in seats))
        placed.add(user.pk)
    return [group for group in groups.values() if group.people]


def invitee_parties_in_partnership(*, partnership: Partnership, users) -> dict[int, Party]:
    """The party each person would come for (by user id): their committee seat, else their
    organisation's party; people of no active party are left out."""
    parties = [party for party in active_parties(partnership) if party.organisation_id]
    by_id = {party.pk: party for party in parties}
    by_organisation = {}
    for party in parties:
        by_organisation.setdefault(party.organisation_id, party)
    user_ids = [user.pk for user in users]
    seats = CommitteeMember.objects.filter(
        partnership=partnership, user_id__in=user_ids, party_id__in=list(by_id)
    ).values_list("user_id", "party_id")
    found = {user_id: by_id[party_id] for user_id, party_id in seats}
    memberships = Membership.objects.filter(
        user_id__in=user_ids, organisation_id__in=list(by_organisation)
    ).values_list("user_id", "organisation_id")
    for user_id, organisation_id in memberships:
        found.setdefault(user_id, by_organisation[organisation_id])
    return found
