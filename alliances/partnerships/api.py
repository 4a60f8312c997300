"""API endpoints of partnerships (mounted by alliances.api under /partnerships): the caller's
partnerships, their parties, the contributions ledger and the opportunity assessment.

Every endpoint goes through `access_partnership_by_uuid`, as the pages do, then the same
selectors and services: outsiders get 404, members without the right 403.
"""

from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from alliances.core.permissions import Action
from alliances.lib.api import ERRORS, ApiError, paginate, require_write
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.models import (
    ContributionKind,
    Partnership,
    PartnershipType,
    Party,
    Stage,
)
from alliances.partnerships.schemas import (
    AssessmentAnswersOut,
    AssessmentsOut,
    ContributionIn,
    ContributionOut,
    ContributionPage,
    FitOut,
    PartnershipDetailOut,
    PartnershipPage,
    PartyAssessmentOut,
    PartyPage,
)
from alliances.partnerships.selectors import assessments as assessment_selectors
from alliances.partnerships.selectors import contributions as contribution_selectors
from alliances.partnerships.selectors import workspace as workspace_selectors
from alliances.partnerships.services.contributions import ContributionData, contribution_record

router = Router(tags=["partnerships"])

PARTNERSHIP = "/{partnership_uuid}"


class PartnershipFilters(Schema):
    stage: Stage | None = None
    kind: PartnershipType | None = None
    cursor: str | None = None
    limit: int | None = None


class ContributionFilters(Schema):
    party: UUID | None = None
    kind: ContributionKind | None = None
    year: int | None = Field(None, ge=1, le=9999)
    cursor: str | None = None
    limit: int | None = None


class PageQuery(Schema):
    cursor: str | None = None
    limit: int | None = None


@router.get("", response={200: PartnershipPage, **ERRORS}, url_name="partnership_list")
def partnership_list(request, filters: Query[PartnershipFilters]):
    """The partnerships the caller takes part in, through one of their organisations."""
    query = workspace_selectors.partnerships_query_for_user(
        user=request.user, stage=filters.stage or "", kind=filters.kind or ""
    )
    rows, next_cursor = paginate(query, cursor=filters.cursor, limit=filters.limit)
    return {"items": rows, "next_cursor": next_cursor}


@router.get(
    PARTNERSHIP, response={200: PartnershipDetailOut, **ERRORS}, url_name="partnership_detail"
)
def partnership_detail(request, partnership_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    partnership.my_parties = [party.uuid for party in access.parties]
    return partnership


@router.get(PARTNERSHIP + "/parties", response={200: PartyPage, **ERRORS}, url_name="party_list")
def party_list(request, partnership_uuid: UUID, page: Query[PageQuery]):
    """Every party: taking part, invited, declined or left."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = workspace_selectors.parties_query_in_partnership(partnership=access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit)
    return {"items": rows, "next_cursor": next_cursor}


def _party_in(partnership: Partnership, party_uuid: UUID, field: str) -> Party:
    parties = contribution_selectors.ledger_parties_in_partnership(partnership=partnership)
    party = next((party for party in parties if party.uuid == party_uuid), None)
    if party is None:
        raise ApiError(
            422,
            "invalid",
            _("Some values are not valid."),
            fields={field: [_("Choose a party of this partnership.")]},
        )
    return party


def _with_partnership(rows, partnership: Partnership):
    for row in rows:
        row.partnership = partnership
    return rows


@router.get(
    PARTNERSHIP + "/contributions",
    response={200: ContributionPage, **ERRORS},
    url_name="contribution_list",
)
def contribution_list(request, partnership_uuid: UUID, filters: Query[ContributionFilters]):
    """The contributions ledger, filtered by party, type or year as the ledger page is."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    party = _party_in(partnership, filters.party, "party") if filters.party else None
    ledger_filters = contribution_selectors.LedgerFilters(
        party=party, kind=filters.kind or "", year=filters.year
    )
    query = contribution_selectors.contributions_in_partnership(
        partnership=partnership, filters=ledger_filters
    )
    rows, next_cursor = paginate(query, cursor=filters.cursor, limit=filters.limit)
    return {"items": _with_partnership(rows, partnership), "next_cursor": next_cursor}


def _missing_body() -> ApiError:
    return ApiError(422, "invalid", _("Send the values as a JSON object in the request body."))


@router.post(
    PARTNERSHIP + "/contributions",
    response={201: ContributionOut, **ERRORS},
    url_name="contribution_create",
)
def contribution_create(request, partnership_uuid: UUID, payload: ContributionIn | None = None):
    """Record a contribution of one of the caller's parties (the first one they record for,
    unless `party` names another)."""
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_CONTRIBUTIONS
    )
    require_write(request)
    if payload is None:
        raise _missing_body()
    partnership = access.partnership
    party = access.party_for(Action.RECORD_CONTRIBUTIONS, payload.party)
    recipient = None
    if payload.recipient:
        recipients = contribution_selectors.recipient_choices_in_partnership(
            partnership=partnership
        )
        recipient = recipients.filter(uuid=payload.recipient).first()
        if recipient is None:
            raise ApiError(
                422,
                "invalid",
                _("Some values are not valid."),
                fields={"recipient": [_("Choose a party of this partnership.")]},
            )
    data = ContributionData(
        kind=payload.kind,
        description=payload.description,
        period_start=payload.period_start,
        period_end=payload.period_end,
        unit_rate=payload.unit_rate,
        planned_quantity=payload.planned_quantity,
        actual_quantity=payload.actual_quantity,
        planned_amount=payload.planned_amount,
        actual_amount=payload.actual_amount,
        recipient=recipient,
    )
    contribution = contribution_record(
        partnership=partnership, party=party, actor=request.user, data=data
    )
    return Status(201, contribution)


def _answers(assessment) -> AssessmentAnswersOut:
    return AssessmentAnswersOut.from_orm(assessment)


def _fit(result) -> FitOut:
    return FitOut(
        overall=result.overall,
        pillars=[{"pillar": item.pillar, "score": item.score} for item in result.pillars],
        flags=[
            {"code": flag.code, "party": flag.party, "field": flag.field} for flag in result.flags
        ],
    )


def _assessments(access: PartnershipAccess) -> AssessmentsOut:
    """Each active party's progress; the answers of the reader's own parties, and everyone's
    once every party has submitted (the confidentiality rule of the assessment pages)."""
    partnership = access.partnership
    progress = assessment_selectors.assessment_progress_in_partnership(partnership=partnership)
    comparison = assessment_selectors.assessment_comparison_in_partnership(partnership=partnership)
    if comparison is not None:
        readable = dict(comparison.assessments)
    else:
        readable = {}
        for party in access.parties:
            own = assessment_selectors.assessment_of_party(party=party)
            if own is not None:
                readable[party.pk] = own
    parties = []
    for item in progress.parties:
        assessment = readable.get(item.party.pk)
        parties.append(
            PartyAssessmentOut(
                party=item.party.uuid,
                party_name=str(item.party),
                submitted=item.submitted,
                submitted_at=item.submitted_at,
                answers=_answers(assessment) if assessment is not None else None,
            )
        )
    return AssessmentsOut(
        complete=comparison is not None,
        parties=parties,
        fit=_fit(comparison.result) if comparison is not None else None,
    )


@router.get(
    PARTNERSHIP + "/assessments",
    response={200: AssessmentsOut, **ERRORS},
    url_name="assessment_list",
)
def assessment_list(request, partnership_uuid: UUID):
    """Where each party stands in the opportunity assessment. A party's answers stay hidden
    from the others until every party has submitted its own."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _assessments(access)
