"""API endpoints of agreements (mounted by alliances.api under /partnerships): the versions of
a partnership's agreement, one version with where each party stands, and its approval."""

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema

from alliances.agreements import selectors, services
from alliances.agreements.models import MeetingFrequency, VersionStatus
from alliances.core.permissions import Action
from alliances.lib.api import ERRORS, ApiError, page_schema, paginate, require_write
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.models import DecisionRule

router = Router(tags=["agreements"])

AGREEMENT = "/{partnership_uuid}/agreement"
VERSION = AGREEMENT + "/versions/{number}"
# A version number, within what the database column holds.
NUMBER = Path(..., ge=1, le=2_147_483_647)


class VersionOut(Schema):
    number: int
    status: VersionStatus
    decision_rule: DecisionRule
    meeting_frequency: MeetingFrequency
    note: str
    created_at: datetime
    in_force_at: datetime | None


class PartyApprovalOut(Schema):
    party: UUID
    party_name: str
    approved: bool
    approved_at: datetime | None
    # The latest version the party has approved, whichever it is.
    latest_approved: int | None


class VersionDetailOut(VersionOut):
    # The structured data the text was written from, as saved: {"snapshot", "clauses", ...}.
    content: dict
    approvals: list[PartyApprovalOut]


VersionPage = page_schema(VersionOut, "AgreementVersionPage")


class PageQuery(Schema):
    cursor: str | None = None
    limit: int | None = None


class ApproveIn(Schema):
    """The party (one of the caller's) on whose behalf the version is approved."""

    party: UUID


def _detail(access: PartnershipAccess, version) -> VersionDetailOut:
    rows = selectors.party_approvals_in_partnership(access.partnership, version)
    return VersionDetailOut(
        number=version.number,
        status=version.status,
        decision_rule=version.decision_rule,
        meeting_frequency=version.meeting_frequency,
        note=version.note,
        created_at=version.created_at,
        in_force_at=version.in_force_at,
        content=version.content or {},
        approvals=[
            PartyApprovalOut(
                party=row.party.uuid,
                party_name=str(row.party),
                approved=row.approval is not None,
                approved_at=row.approval.created_at if row.approval else None,
                latest_approved=row.latest.version.number if row.latest else None,
            )
            for row in rows
        ],
    )


@router.get(AGREEMENT, response={200: VersionPage, **ERRORS}, url_name="agreement_versions")
def agreement_versions(request, partnership_uuid: UUID, page: Query[PageQuery]):
    """The agreement's versions, newest first."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = selectors.versions_in_partnership(access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit, descending=True)
    return {"items": rows, "next_cursor": next_cursor}


@router.get(VERSION, response={200: VersionDetailOut, **ERRORS}, url_name="agreement_version")
def agreement_version(request, partnership_uuid: UUID, number: int = NUMBER):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    version = selectors.version_in_partnership(access.partnership, number)
    return _detail(access, version)


@router.post(
    VERSION + "/approve",
    response={200: VersionDetailOut, **ERRORS},
    url_name="agreement_approve",
)
def agreement_approve(
    request, partnership_uuid: UUID, payload: ApproveIn | None = None, number: int = NUMBER
):
    """Approve the version on behalf of one of the caller's parties; the last party to approve
    puts it in force. Only the latest draft can be approved."""
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.APPROVE_AGREEMENT
    )
    require_write(request)
    version = selectors.version_in_partnership(access.partnership, number)
    if payload is None:
        raise ApiError(
            422,
            "invalid",
            _("Send the party that approves, as a JSON object in the request body."),
            fields={"party": [_("This field is required.")]},
        )
    party = access.party_for(Action.APPROVE_AGREEMENT, payload.party)
    version = services.agreement_approve(
        access=access, actor=request.user, version=version, party=party
    )
    return _detail(access, version)
