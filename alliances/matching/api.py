"""API endpoints of calls for partners (mounted by alliances.api under /calls).

- `GET /calls`: the open calls, with the filters of the calls page, newest first;
- `GET /calls/mine`: the calls of the caller's organisations, drafts included;
- `GET /calls/{call_uuid}`: one call, through the same access check as its page.

Answers and proposals stay on the site for now: they carry messages between organisations.
"""

from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from alliances.lib.api import ERRORS, ApiError, page_schema, paginate
from alliances.matching.access import access_call_by_uuid
from alliances.matching.models import Call, CallKind, CallStatus
from alliances.matching.selectors.calls import CallFilters, open_calls
from alliances.organisations.models import Membership, Resource
from alliances.territories.models import Territory, TerritoryKind

router = Router(tags=["calls for partners"])

CODE_PATTERN = r"^[0-9A-Za-z]{1,9}$"


class OrganisationRefOut(Schema):
    uuid: UUID
    name: str


class TerritoryRefOut(Schema):
    kind: TerritoryKind
    code: str
    name: str


class CallOut(Schema):
    uuid: UUID
    kind: CallKind
    status: CallStatus
    title: str
    organisation: OrganisationRefOut
    territory: TerritoryRefOut | None
    deadline: date
    published_at: datetime | None
    causes: list[str] = Field(description="Codes of SDG goals and targets")
    resources_sought: list[str]
    resources_offered: list[str]
    sectors_sought: list[str]


class CriterionOut(Schema):
    label: str
    weight: int


class CallDetailOut(CallOut):
    description: str
    criteria: list[CriterionOut]


CallPage = page_schema(CallOut, "CallPage")


class CallListFilters(Schema):
    kind: CallKind | None = None
    goal: int | None = Field(None, ge=1, le=17, description="SDG goal number")
    resource: Resource | None = Field(None, description="Sought or offered")
    commune: str | None = Field(None, pattern=CODE_PATTERN, description="INSEE code")
    epci: str | None = Field(None, pattern=CODE_PATTERN)
    departement: str | None = Field(None, pattern=CODE_PATTERN)
    region: str | None = Field(None, pattern=CODE_PATTERN)
    cursor: str | None = Field(None, max_length=200)
    limit: int | None = Field(None, description="1 to 100; 20 if left out")


class MyCallFilters(Schema):
    status: CallStatus | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int | None = Field(None, description="1 to 100; 20 if left out")


def _place(filters: CallListFilters) -> Territory | None:
    chosen = [
        (kind, getattr(filters, kind).upper())
        for kind in TerritoryKind.values
        if getattr(filters, kind)
    ]
    if len(chosen) > 1:
        message = _("Choose one place: a commune, an EPCI, a département or a region.")
        raise ApiError(400, "invalid_place", message, fields={"__all__": [message]})
    if not chosen:
        return None
    kind, code = chosen[0]
    territory = Territory.objects.filter(kind=kind, code=code).first()
    if territory is None:
        message = _("No territory of this level has this code.")
        raise ApiError(400, "unknown_territory", message, fields={kind: [message]})
    return territory


@router.get("", response={200: CallPage, **ERRORS}, url_name="call_list", summary="Open calls")
def call_list(request, filters: Query[CallListFilters]):
    calls = open_calls(
        filters=CallFilters(
            place=_place(filters),
            goal=filters.goal,
            kind=filters.kind or "",
            resource=filters.resource or "",
        ),
        today=timezone.localdate(),
    )
    rows, next_cursor = paginate(calls, cursor=filters.cursor, limit=filters.limit, descending=True)
    return {"items": [_call(call) for call in rows], "next_cursor": next_cursor}


@router.get(
    "/mine",
    response={200: CallPage, **ERRORS},
    url_name="call_mine",
    summary="My organisations' calls",
)
def call_mine(request, filters: Query[MyCallFilters]):
    mine = Membership.objects.filter(user=request.user).values("organisation_id")
    calls = (
        Call.objects.filter(organisation__in=mine)
        .select_related("organisation", "territory")
        .prefetch_related("causes")
    )
    if filters.status:
        calls = calls.filter(status=filters.status)
    rows, next_cursor = paginate(calls, cursor=filters.cursor, limit=filters.limit, descending=True)
    return {"items": [_call(call) for call in rows], "next_cursor": next_cursor}


@router.get(
    "/{call_uuid}",
    response={200: CallDetailOut, **ERRORS},
    url_name="call_detail",
    summary="One call",
)
def call_detail(request, call_uuid: UUID):
    call = access_call_by_uuid(request.user, call_uuid).call
    return {
        **_call(call),
        "description": call.description,
        "criteria": [
            {"label": criterion.label, "weight": criterion.weight}
            for criterion in call.criteria.all()
        ],
    }


def _call(call: Call) -> dict:
    territory = call.territory
    return {
        "uuid": call.uuid,
        "kind": call.kind,
        "status": call.status,
        "title": call.title,
        "organisation": {"uuid": call.organisation.uuid, "name": call.organisation.name},
        "territory": None
        if territory is None
        else {"kind": territory.kind, "code": territory.code, "name": territory.name},
        "deadline": call.deadline,
        "published_at": call.published_at,
        "causes": [cause.code for cause in call.causes.all()],
        "resources_sought": list(call.resources_sought or []),
        "resources_offered": list(call.resources_offered or []),
        "sectors_sought": list(call.sectors_sought or []),
    }
