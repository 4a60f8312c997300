"""Cleaning of single register values: dates, identifiers, contact details, addresses.

These run once per row of files with millions of rows, so the happy path stays cheap
(no exceptions, no regex compilation) and only bad values pay for a readable message.
"""

import contextlib
import hashlib
import json
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliances.lib.identifiers import normalise_insee_commune, normalise_siren, normalise_siret

# The registers are kept in France: their naive times are French local times.
PARIS = ZoneInfo("Europe/Paris")

# RNA numbers: W, the 3 characters of the prefecture that keeps the file (digits, or 2A/2B
# and the overseas letters as in W2A1001234 or W9T1002867), then 6 digits.
RNA_NUMBER = re.compile(r"W[0-9][0-9A-Z][0-9A-Z][0-9]{6}")
_EMAIL = re.compile(r"[^@\s;,<>\"]+@[^@\s;,<>\"]+\.[A-Za-z]{2,}")
_WEB = re.compile(r"(?:https?://)?[^\s/@]+\.[A-Za-z]{2,}(?:[/?#]\S*)?", re.IGNORECASE)

# Municipal arrondissements of Paris, Marseille and Lyon carry their own INSEE code; the
# commune they belong to is the one in the territory tables.
_ARRONDISSEMENTS = (("751", "75056"), ("132", "13055"), ("6938", "69123"))

STREET_TYPES = {
    "ALL": "allée",
    "AV": "avenue",
    "BD": "boulevard",
    "CAR": "carrefour",
    "CHE": "chemin",
    "CHS": "chaussée",
    "CITE": "cité",
    "CRS": "cours",
    "DOM": "domaine",
    "ESP": "esplanade",
    "FG": "faubourg",
    "HAM": "hameau",
    "IMP": "impasse",
    "LD": "lieu-dit",
    "LOT": "lotissement",
    "MTE": "montée",
    "PAS": "passage",
    "PL": "place",
    "PRO": "promenade",
    "QUAI": "quai",
    "QUA": "quartier",
    "RES": "résidence",
    "RLE": "ruelle",
    "RPT": "rond-point",
    "RTE": "route",
    "RUE": "rue",
    "SEN": "sentier",
    "SQ": "square",
    "TRA": "traverse",
    "VLA": "villa",
    "VOIE": "voie",
    "ZA": "zone artisanale",
    "ZAC": "ZAC",
    "ZI": "zone industrielle",
}
REPETITIONS = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}


# One encoder for all rows: json.dumps() with options builds a new one at every call.
JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class BadValue(ValueError):
    """A value the row cannot be imported with; the message says which and why."""


def clip(value: str, length: int) -> str:
    return value if len(value) <= length else value[:length].rstrip()


def register_date(value: str, column: str) -> date | None:
    """YYYY-MM-DD (or DD/MM/YYYY); empty and 0001-01-01 mean unknown."""
    if not value or value.startswith("0001-01-01"):
        return None
    with contextlib.suppress(ValueError):
        if len(value) >= 10 and value[4] == "-":
            return date.fromisoformat(value[:10])
        if len(value) == 10 and value[2] == "/":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
    raise BadValue(_("bad date in %(column)s: %(value)s") % {"column": column, "value": value})


def register_time(value: str, column: str) -> datetime | None:
    """A register timestamp (French local time) as an aware UTC datetime."""
    if not value or value.startswith("0001-01-01"):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(
            _("bad date in %(column)s: %(value)s") % {"column": column, "value": value}
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(UTC)


def siren_or_error(value: str) -> str:
    try:
        return normalise_siren(value)
    except ValidationError as exc:
        if exc.code == "siren_length":
            message = _("bad SIREN (not 9 digits): %(value)s")
        else:
            message = _("bad SIREN check digit: %(value)s")
        raise BadValue(message % {"value": value}) from None


def siret_or_error(value: str) -> str:
    try:
        return normalise_siret(value)
    except ValidationError:
        raise BadValue(_("bad SIRET: %(value)s") % {"value": value}) from None


def commune_code_or_empty(value: str) -> str:
    if not value:
        return ""
    try:
        return normalise_insee_commune(value)
    except ValidationError:
        return ""


def parent_commune(code: str) -> str:
    """The commune of a municipal arrondissement code, else the code itself."""
    for prefix, commune in _ARRONDISSEMENTS:
        if code.startswith(prefix) and code != commune:
            return commune
    return code


def website_or_empty(value: str) -> str:
    if not value or not _WEB.fullmatch(value) or len(value) > 290:
        return ""
    return value if value.lower().startswith(("http://", "https://")) else "http://" + value


def email_or_empty(value: str) -> str:
    return value if value and len(value) <= 254 and _EMAIL.fullmatch(value) else ""


def street_address(
    *, number: str = "", repetition: str = "", street_type: str = "", street: str = ""
) -> str:
    """The street line, e.g. "12 bis rue des Écoles", from the parts the registers keep
    apart."""
    parts = [number.lstrip("0"), street]
    if street_type:
        kind = STREET_TYPES.get(street_type.upper(), street_type.lower())
        # SIRENE writes street names in capitals: "12 AVENUE DE LA GARE", not "avenue DE".
        parts.insert(1, kind.upper() if street.isupper() else kind)
    if repetition:
        parts.insert(1, REPETITIONS.get(repetition.upper(), repetition.lower()))
    return " ".join(part for part in parts if part)


def fingerprint(*values: object) -> str:
    # 32 hex characters fit `registry_hash`; this detects changes, it protects nothing.
    text = "\x1f".join("" if value is None else str(value) for value in values)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
