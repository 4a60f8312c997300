"""API endpoints of organisations (mounted by alliances.api).

- `GET /organisations`: the organisations the caller may see (public profiles and its own),
  with the directory's filters, in a stable order for cursor pagination (a full export);
- `GET /organisations/search`: the directory page's own search (same parameters, same
  ranking, same results), numbered pages;
- `GET /organisations/{organisation_uuid}`: one profile, through the same access check as
  the profile page (a private organisation is "not found" for non-members).

Members are never exposed here.
"""

import re
from datetime import date
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from alliances.lib.api import ERRORS, ApiError, page_schema, paginate
from alliances.organisations.access import access_organisation_by_uuid
from alliances.organisations.models import (
    Kind,
    Organisation,
    OrganisationResource,
    Resource,
    ResourceDirection,
    Sector,
)
from alliances.organisations.search import DirectoryQuery, Sort, TerritoryRef, directory_search
from alliances.organisations.search.service import directory_plan
from alliances.territories.models import TerritoryKind

router = Router(tags=["organisations"])

CODE_PATTERN = r"^[0-9A-Za-z]{1,9}$"
CAUSE_PATTERN = r"^\d{1,2}(\.[0-9a-zA-Z]{1,2})?$"


class OrganisationOut(Schema):
    uuid: UUID
    name: str
    kind: Kind
    sector: Sector
    city: str
    postal_code: str
    commune_code: str
    website: str
    is_active: bool
    causes: list[str] = Field(description='Codes of SDG goals ("4") and targets ("4.1")')


class ResourcesOut(Schema):
    offered: list[Resource]
    needed: list[Resource]


class OrganisationDetailOut(OrganisationOut):
    siren: str
    siret: str
    rna: str
    address: str
    email: str
    phone: str
    mission: str
    staff_count: int | None
    volunteer_count: int | None
    is_social_economy: bool
    registered_on: date | None
    dissolved_on: date | None
    resources: ResourcesOut


OrganisationPage = page_schema(OrganisationOut, "OrganisationPage")


class SearchItemOut(OrganisationOut):
    distance_km: float | None
    score: float | None


class SearchOut(Schema):
    items: list[SearchItemOut]
    total: int
    count_kind: str = Field(description="exact, estimate or at_least")
    page: int
    num_pages: int
    sort: str
    notes: list[str] = Field(description="What the search did not understand or changed")
    ignored: list[str] = Field(description="Parameters whose values were left out")


class OrganisationFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words, as in the directory")
    kind: list[Kind] = Field([], description="One or more types")
    sector: list[Sector] = Field([], description="One or more sectors")
    cause: list[str] = Field([], description='SDG goal ("4") or target ("4.1") codes')
    offered: list[Resource] = []
    needed: list[Resource] = []
    commune: str | None = Field(None, pattern=CODE_PATTERN, description="INSEE code")
    departement: str | None = Field(None, pattern=CODE_PATTERN)
    region: str | None = Field(None, pattern=CODE_PATTERN)
    epci: str | None = Field(None, pattern=CODE_PATTERN, description="SIREN of the EPCI")
    inactive: bool = Field(False, description="Include dissolved or closed organisations")
    cursor: str | None = Field(None, max_length=200)
    limit: int | None = Field(None, description="1 to 100; 20 if left out")


class SearchParams(Schema):
    """The directory page's parameters; read exactly as the page reads them, so values it
    does not understand are left out (and listed in `ignored`) rather than refused."""

    q: str | None = Field(None, description="Words; several words must all match")
    kind: list[str] = []
    sector: list[str] = []
    cause: list[str] = []
    offered: list[str] = []
    needed: list[str] = []
    where: str | None = Field(
        None, description="A place: 86194, departement:86, or a name such as Poitiers"
    )
    km: str | None = Field(None, description="Distance around the commune of `where`")
    sort: str | None = Field(None, description="relevance, distance or name")
    inactive: str | None = None
    page: str | None = None


def _causes(codes: list[str]) -> tuple[str, ...]:
    wanted = []
    for code in codes:
        match = re.match(CAUSE_PATTERN, code)
        if not match or not 1 <= int(code.split(".")[0]) <= 17:
            raise ApiError(
                400,
                "invalid_cause",
                _("Unknown cause code."),
                fields={"cause": [_("A goal (4) or a target (4.1) of the SDGs.")]},
            )
        wanted.append(code.lower())
    return tuple(dict.fromkeys(wanted))


def _territory(filters: OrganisationFilters) -> TerritoryRef | None:
    chosen = [
        TerritoryRef(kind, getattr(filters, kind).upper())
        for kind in (
            TerritoryKind.COMMUNE,
            TerritoryKind.EPCI,
            TerritoryKind.DEPARTEMENT,
            TerritoryKind.REGION,
        )
        if getattr(filters, kind)
    ]
    if len(chosen) > 1:
        message = _("Choose one place: a commune, an EPCI, a département or a region.")
        raise ApiError(400, "invalid_place", message, fields={"__all__": [message]})
    return chosen[0] if chosen else None


@router.get(
    "",
    response={200: OrganisationPage, **ERRORS},
    url_name="organisation_list",
    summary="Organisations",
)
def organisation_list(request, filters: Query[OrganisationFilters]):
    query = DirectoryQuery(
        q=(filters.q or "").strip(),
        kinds=tuple(dict.fromkeys(filters.kind)),
        sectors=tuple(dict.fromkeys(filters.sector)),
        causes=_causes(filters.cause),
        offered=tuple(dict.fromkeys(filters.offered)),
        needed=tuple(dict.fromkeys(filters.needed)),
        active_only=not filters.inactive,
        territory=_territory(filters),
        sort=Sort.NAME,
    )
    plan, _notes = directory_plan(user=request.user, query=query)
    if query.territory is not None and plan.place.territory is None:
        message = _("No territory of this level has this code.")
        raise ApiError(400, "unknown_territory", message, fields={query.territory.kind: [message]})
    rows, next_cursor = paginate(plan.matches(), cursor=filters.cursor, limit=filters.limit)
    return {"items": _summaries(rows), "next_cursor": next_cursor}


@router.get(
    "/search",
    response={200: SearchOut, **ERRORS},
    url_name="organisation_search",
    summary="Search the directory",
)
def organisation_search(request, params: Query[SearchParams]):
    query = DirectoryQuery.from_params(request.GET)
    results = directory_search(user=request.user, query=query)
    organisations = [item.organisation for item in results.items]
    summaries = _summaries(organisations)
    return {
        "items": [
            {**summary, "distance_km": item.distance_km, "score": item.score}
            for summary, item in zip(summaries, results.items, strict=True)
        ],
        "total": results.total,
        "count_kind": results.count_kind,
        "page": results.page,
        "num_pages": results.num_pages,
        "sort": results.sort,
        "notes": [str(note) for note in results.notes],
        "ignored": list(query.ignored),
    }


@router.get(
    "/{organisation_uuid}",
    response={200: OrganisationDetailOut, **ERRORS},
    url_name="organisation_detail",
    summary="One organisation",
)
def organisation_detail(request, organisation_uuid: UUID):
    organisation = access_organisation_by_uuid(request.user, organisation_uuid).organisation
    resources = {direction: [] for direction in ResourceDirection.values}
    for item in OrganisationResource.objects.filter(organisation=organisation):
        resources[item.direction].append(item.resource)
    return {
        **_summaries([organisation])[0],
        **{
            name: getattr(organisation, name)
            for name in (
                "siren",
                "siret",
                "rna",
                "address",
                "email",
                "phone",
                "mission",
                "staff_count",
                "volunteer_count",
                "is_social_economy",
                "registered_on",
                "dissolved_on",
            )
        },
        "resources": resources,
    }


def _summaries(organisations) -> list[dict]:
    """Summaries of these organisations, with their cause codes (one query for all)."""
    organisations = list(organisations)
    causes: dict[int, list[str]] = {organisation.pk: [] for organisation in organisations}
    through = Organisation.causes.through.objects.filter(organisation_id__in=list(causes))
    for organisation_id, code in through.values_list("organisation_id", "cause__code").order_by(
        "cause__goal", "cause__position"
    ):
        causes[organisation_id].append(code)
    return [
        {
            "uuid": organisation.uuid,
            "name": organisation.name,
            "kind": organisation.kind,
            "sector": organisation.sector,
            "city": organisation.city,
            "postal_code": organisation.postal_code,
            "commune_code": organisation.commune_code,
            "website": organisation.website,
            "is_active": organisation.is_active,
            "causes": causes[organisation.pk],
        }
        for organisation in organisations
    ]
