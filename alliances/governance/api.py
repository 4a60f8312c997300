"""API endpoints of governance (mounted by alliances.api under /partnerships): the steering
committee's meetings and the decision log, read only. Conflicts are not exposed: they are
confidential to the parties they name, and stay in the site."""

from datetime import datetime
from uuid import UUID

from ninja import Query, Router, Schema

from alliances.governance.access import get_in_partnership
from alliances.governance.models import DecisionStatus, Meeting, MeetingStatus
from alliances.governance.selectors import decisions as decision_selectors
from alliances.governance.selectors import meetings as meeting_selectors
from alliances.lib.api import ERRORS, page_schema, paginate
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import DecisionRule

router = Router(tags=["governance"])

MEETINGS = "/{partnership_uuid}/meetings"
DECISIONS = "/{partnership_uuid}/decisions"


class MeetingOut(Schema):
    uuid: UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    video_url: str
    status: MeetingStatus
    cancel_reason: str


class AgendaItemOut(Schema):
    uuid: UUID
    position: int
    title: str
    description: str


class DocumentOut(Schema):
    uuid: UUID
    name: str
    size: int
    content_type: str
    created_at: datetime


class DecisionRefOut(Schema):
    uuid: UUID
    number: int
    title: str
    status: DecisionStatus


class MeetingDetailOut(MeetingOut):
    minutes: str
    minutes_updated_at: datetime | None
    agenda: list[AgendaItemOut]
    documents: list[DocumentOut]
    decisions: list[DecisionRefOut]

    # The meeting's page data, set on the meeting by the endpoint.
    @staticmethod
    def resolve_documents(obj) -> list:
        return obj.document_list

    @staticmethod
    def resolve_decisions(obj) -> list:
        return obj.decision_list


class DecisionOut(Schema):
    uuid: UUID
    number: int
    title: str
    status: DecisionStatus
    rule: DecisionRule
    quorum_percent: int
    meeting: UUID | None
    supersedes: UUID | None
    superseded_by: UUID | None
    created_at: datetime
    closed_at: datetime | None

    @staticmethod
    def resolve_meeting(obj) -> UUID | None:
        return obj.meeting.uuid if obj.meeting_id else None

    @staticmethod
    def resolve_supersedes(obj) -> UUID | None:
        return obj.supersedes.uuid if obj.supersedes_id else None

    @staticmethod
    def resolve_superseded_by(obj) -> UUID | None:
        correction = getattr(obj, "superseded_by", None)
        return correction.uuid if correction is not None else None


class VoteOut(Schema):
    party: str
    choice: str  # "for", "against", "abstain", or "" when the party has not voted
    comment: str


class DecisionDetailOut(DecisionOut):
    context: str
    rationale: str
    eligible: int
    votes: list[VoteOut]

    @staticmethod
    def resolve_votes(obj) -> list:
        return obj.vote_list


MeetingPage = page_schema(MeetingOut, "MeetingPage")
DecisionPage = page_schema(DecisionOut, "DecisionPage")


class PageQuery(Schema):
    cursor: str | None = None
    limit: int | None = None


@router.get(MEETINGS, response={200: MeetingPage, **ERRORS}, url_name="meeting_list")
def meeting_list(request, partnership_uuid: UUID, page: Query[PageQuery]):
    """The steering committee's meetings, in the order they were scheduled."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = meeting_selectors.meetings_query_in_partnership(partnership=access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit)
    return {"items": rows, "next_cursor": next_cursor}


@router.get(
    MEETINGS + "/{meeting_uuid}",
    response={200: MeetingDetailOut, **ERRORS},
    url_name="meeting_detail",
)
def meeting_detail(request, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    meeting = get_in_partnership(Meeting, access, meeting_uuid)
    page = meeting_selectors.meeting_page_for_user(meeting=meeting, user=request.user)
    meeting.agenda = page.agenda
    meeting.document_list = page.documents
    meeting.decision_list = page.decisions
    return meeting


@router.get(DECISIONS, response={200: DecisionPage, **ERRORS}, url_name="decision_list")
def decision_list(request, partnership_uuid: UUID, page: Query[PageQuery]):
    """The decision log, newest first."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = decision_selectors.decisions_query_in_partnership(partnership=access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit, descending=True)
    return {"items": rows, "next_cursor": next_cursor}


@router.get(
    DECISIONS + "/{decision_uuid}",
    response={200: DecisionDetailOut, **ERRORS},
    url_name="decision_detail",
)
def decision_detail(request, partnership_uuid: UUID, decision_uuid: UUID):
    """One decision, with each party's vote (so far, while it is open)."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    decision = decision_selectors.decision_in_partnership(
        partnership=access.partnership, decision_uuid=decision_uuid
    )
    page = decision_selectors.decision_page_in_partnership(
        access=access, user=request.user, decision=decision
    )
    decision.eligible = page.eligible
    decision.vote_list = [
        VoteOut(party=vote.party_name, choice=vote.choice, comment=vote.comment)
        for vote in page.votes
    ]
    return decision
