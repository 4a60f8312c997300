"""Reads of French territories. Territories are public reference data: no scoping needed.

Distances between communes are measured by the directory search
(`alliances.organisations.search.places`)."""

from dataclasses import dataclass

from alliances.territories import places
from alliances.territories.models import Territory, TerritoryKind


@dataclass
class Lineage:
    commune: Territory | None
    epci: Territory | None
    departement: Territory | None
    region: Territory | None


def commune_by_code(code: str) -> Territory | None:
    """The commune with this INSEE code, if imported."""
    if not code:
        return None
    return Territory.objects.filter(kind=TerritoryKind.COMMUNE, code=code).first()


def territory_lineage(territory: Territory) -> Lineage:
    """The commune (for a commune), EPCI, département and région a territory belongs to,
    the territory itself included at its own level. One query at most."""
    levels: dict[str, Territory | None] = {}
    missing: dict[str, int] = {}
    for name in ("epci", "departement", "region"):
        pk = getattr(territory, f"{name}_id")
        if pk is None:
            continue
        if Territory._meta.get_field(name).is_cached(territory):
            levels[name] = getattr(territory, name)
        else:
            missing[name] = pk
    if missing:
        fetched = Territory.objects.in_bulk(missing.values())
        levels.update({name: fetched.get(pk) for name, pk in missing.items()})
    levels[territory.kind] = territory
    return Lineage(
        commune=levels.get(TerritoryKind.COMMUNE),
        epci=levels.get(TerritoryKind.EPCI),
        departement=levels.get(TerritoryKind.DEPARTEMENT),
        region=levels.get(TerritoryKind.REGION),
    )


def departement_points(departement: Territory) -> list[tuple[float, float, int | None]]:
    """(latitude, longitude, EPCI id) of every commune of the département that has a point."""
    return list(
        Territory.objects.filter(
            kind=TerritoryKind.COMMUNE, departement=departement, latitude__isnull=False
        )
        .exclude(longitude__isnull=True)
        .values_list("latitude", "longitude", "epci_id")
    )


def organisation_place(*, territory_id: int | None, commune_id: int | None) -> places.Place | None:
    """Where an organisation is, for its profile: the territory it governs (if any), its
    commune, the EPCI, département and région above them, the town-hall card of a commune
    and the map of the département. Two queries."""
    ids = [pk for pk in (territory_id, commune_id) if pk]
    if not ids:
        return None
    rows = Territory.objects.select_related("epci", "departement", "region").in_bulk(ids)
    territory, commune = rows.get(territory_id), rows.get(commune_id)
    if territory is not None and territory.kind == TerritoryKind.COMMUNE:
        commune = territory
    base = territory or commune
    if base is None:
        return None
    lineage = territory_lineage(base)
    place = places.Place(
        territory=territory,
        commune=commune,
        epci=lineage.epci,
        departement=lineage.departement,
        region=lineage.region,
        town_hall=places.town_hall_of(territory) if territory is not None else None,
    )
    # A région is drawn in the département of its seat.
    departement = place.departement or (commune.departement if commune is not None else None)
    if departement is not None:
        # Every kind of actor is placed at a commune: its own, its seat or its main one.
        point = commune if commune is not None and commune.latitude is not None else base
        place.map = places.draw_map(
            departement=departement,
            points=departement_points(departement),
            marker=(point.latitude, point.longitude) if point.latitude is not None else None,
            marker_name=point.name,
            highlight_epci=territory.pk
            if territory is not None and territory.kind == TerritoryKind.EPCI
            else None,
        )
    return place
