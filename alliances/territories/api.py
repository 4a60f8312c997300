"""API endpoints of territories (mounted by alliances.api): French communes, EPCI,
départements and régions. Public reference data: any authenticated caller reads them.

A code alone does not name a territory (département 75 and région 75 both exist), so one
territory is addressed by its level and its code: `/territories/departement/86`.
"""

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from alliances.lib.api import ERRORS, ApiError, page_schema, paginate
from alliances.territories.models import Territory, TerritoryKind

router = Router(tags=["territories"])

CODE_PATTERN = r"^[0-9A-Za-z]{1,9}$"


class TerritoryRefOut(Schema):
    kind: TerritoryKind
    code: str
    name: str


class TerritoryOut(TerritoryRefOut):
    category: str
    population: int | None
    latitude: float | None
    longitude: float | None


class TownHallOut(Schema):
    address: str
    email: str
    phone: str
    website: str


class TerritoryDetailOut(TerritoryOut):
    postal_codes: list[str]
    epci: TerritoryRefOut | None
    departement: TerritoryRefOut | None
    region: TerritoryRefOut | None
    town_hall: TownHallOut | None


class TerritoryPath(Schema):
    kind: TerritoryKind
    code: str = Field(pattern=CODE_PATTERN, description="INSEE code, or SIREN of an EPCI")


TerritoryPage = page_schema(TerritoryOut, "TerritoryPage")


class TerritoryFilters(Schema):
    level: TerritoryKind | None = Field(None, description="commune, epci, departement or region")
    q: str | None = Field(None, max_length=100, description="Start of the name")
    region: str | None = Field(None, pattern=CODE_PATTERN, description="Code of the région")
    departement: str | None = Field(
        None, pattern=CODE_PATTERN, description="Code of the département"
    )
    epci: str | None = Field(None, pattern=CODE_PATTERN, description="SIREN of the EPCI")
    cursor: str | None = Field(None, max_length=200)
    limit: int | None = Field(None, description="1 to 100; 20 if left out")


def _parent(kind: str, code: str) -> Territory:
    parent = Territory.objects.filter(kind=kind, code=code.upper()).first()
    if parent is None:
        message = _("No territory of this level has this code.")
        raise ApiError(400, "unknown_territory", message, fields={kind: [message]})
    return parent


@router.get(
    "", response={200: TerritoryPage, **ERRORS}, url_name="territory_list", summary="Territories"
)
def territory_list(request, filters: Query[TerritoryFilters]):
    territories = Territory.objects.all()
    if filters.level:
        territories = territories.filter(kind=filters.level)
    if filters.q and filters.q.strip():
        territories = territories.filter(name__istartswith=filters.q.strip())
    for level in ("region", "departement", "epci"):
        code = getattr(filters, level)
        if code:
            territories = territories.filter(**{level: _parent(level, code)})
    rows, next_cursor = paginate(territories, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_territory(row) for row in rows], "next_cursor": next_cursor}


@router.get(
    "/{kind}/{code}",
    response={200: TerritoryDetailOut, **ERRORS},
    url_name="territory_detail",
    summary="One territory",
)
def territory_detail(request, where: Path[TerritoryPath]):
    territory = (
        Territory.objects.select_related("epci", "departement", "region")
        .filter(kind=where.kind, code=where.code.upper())
        .first()
    )
    if territory is None:
        raise ApiError(404, "not_found", _("Not found."))
    data = _territory(territory)
    data.update(
        postal_codes=territory.postal_codes.split() if territory.postal_codes else [],
        epci=_ref(territory.epci),
        departement=_ref(territory.departement),
        region=_ref(territory.region),
        town_hall=_town_hall(territory),
    )
    return data


def _ref(territory: Territory | None) -> dict | None:
    if territory is None:
        return None
    return {"kind": territory.kind, "code": territory.code, "name": territory.name}


def _territory(territory: Territory) -> dict:
    return {
        **_ref(territory),
        "category": territory.category,
        "population": territory.population,
        "latitude": territory.latitude,
        "longitude": territory.longitude,
    }


def _town_hall(territory: Territory) -> dict | None:
    if territory.kind != TerritoryKind.COMMUNE:
        return None
    return {
        "address": territory.town_hall_address,
        "email": territory.town_hall_email,
        "phone": territory.town_hall_phone,
        "website": territory.town_hall_website,
    }
