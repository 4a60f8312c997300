"""What a directory search asks for, read from a URL's query string or built in code."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.datastructures import MultiValueDict

from alliances.organisations.models import Kind, Resource, Sector
from alliances.organisations.search.text import fold
from alliances.territories.models import TerritoryKind


class Sort:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NAME = "name"
    ALL = (RELEVANCE, DISTANCE, NAME)


PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_KM = 200
KM_CHOICES = (2, 5, 10, 20, 50, 100)
MAX_TEXT = 200
_CAUSE_CODE = re.compile(r"^(\d{1,2})(\.[0-9a-z]{1,2})?$")
_COMMUNE_CODE = re.compile(r"^(\d{5}|2[ab]\d{3})$")
_EPCI_CODE = re.compile(r"^\d{9}$")
_DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[ab]|97\d)$")
# "Poitiers (commune 86194)": how suggestions name a place, so that the choice is exact.
_NAMED_PLACE = re.compile(r"^(?P<name>.*?)\s*\((?P<kind>[^\d()]+?)\s+(?P<code>[0-9a-z]+)\)$")
_KIND_WORDS = {
    "commune": TerritoryKind.COMMUNE,
    "epci": TerritoryKind.EPCI,
    "departement": TerritoryKind.DEPARTEMENT,
    "region": TerritoryKind.REGION,
}


@dataclass(frozen=True)
class TerritoryRef:
    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


def place_label(*, name: str, kind: str, code: str) -> str:
    """The text a suggestion puts in the place box; `parse_place` reads it back."""
    word = {"departement": "département", "region": "région", "epci": "EPCI"}.get(kind, kind)
    return f"{name} ({word} {code})"


def parse_place(text: str) -> TerritoryRef | None:
    """A territory named without ambiguity: "departement:86", "Vienne (département 86)", or a
    bare code whose shape tells the kind (86194, 200069854, 86). None for a plain name, which
    only the database can resolve."""
    folded = fold(text).strip()
    if ":" in folded:
        kind, _, code = folded.partition(":")
        if kind.strip() in TerritoryKind.values and code.strip():
            return TerritoryRef(kind.strip(), _code(code.strip()))
    named = _NAMED_PLACE.match(folded)
    if named and named["kind"].strip() in _KIND_WORDS:
        return TerritoryRef(_KIND_WORDS[named["kind"].strip()], _code(named["code"]))
    if _COMMUNE_CODE.match(folded):
        return TerritoryRef(TerritoryKind.COMMUNE, _code(folded))
    if _EPCI_CODE.match(folded):
        return TerritoryRef(TerritoryKind.EPCI, folded)
    if _DEPARTEMENT_CODE.match(folded):
        return TerritoryRef(TerritoryKind.DEPARTEMENT, _code(folded))
    return None


def _code(code: str) -> str:
    return code.upper()  # Corsica: 2A, 2B


@dataclass(frozen=True)
class DirectoryQuery:
    """One search of the directory. Every filter is optional; values within one filter are
    alternatives (kind association or foundation), filters combine (and)."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    # Cause codes: a goal ("4") also matches its targets ("4.1"); a target only itself.
    causes: tuple[str, ...] = ()
    offered: tuple[str, ...] = ()
    needed: tuple[str, ...] = ()
    active_only: bool = True
    territory: TerritoryRef | None = None
    # Within `km` of the commune whose INSEE code is `near`.
    near: str = ""
    km: int | None = None
    # The place as typed, when it is a name that the service must look up.
    where: str = ""
    sort: str = Sort.RELEVANCE
    # The last word may be unfinished (the search runs as the user types): match it as a
    # prefix too, which costs more.
    prefix: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE
    # Parameters whose values were not understood and are left out.
    ignored: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self):
        if self.sort not in Sort.ALL:
            raise ValueError(f"Unknown sort: {self.sort}")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if self.km is not None and not 0 < self.km <= MAX_KM:
            raise ValueError(f"km must be between 1 and {MAX_KM}")

    @property
    def radius_km(self) -> int | None:
        return self.km if self.near else None

    @classmethod
    def from_params(cls, params: Mapping | MultiValueDict) -> "DirectoryQuery":
        """Read GET parameters; a value that is not understood is left out and its parameter
        named in `ignored`, so that a shared or hand-edited link still shows something."""
        reader = _ParamReader(params)
        q = reader.text("q")
        where = reader.text("where")
        km = reader.number("km", low=1, high=MAX_KM)
        place = parse_place(where) if where else None
        territory, near = place, ""
        if place is not None:
            where = ""
            if km is not None and place.kind == TerritoryKind.COMMUNE:
                territory, near = None, place.code
        elif km is not None and not where:
            reader.ignore("km")
            km = None
        sort = reader.one_of("sort", Sort.ALL) or Sort.RELEVANCE
        inactive = reader.one_of("inactive", ("1", "on", "true"))
        return cls(
            q=q,
            kinds=reader.many("kind", Kind.values),
            sectors=reader.many("sector", Sector.values),
            causes=reader.causes("cause"),
            offered=reader.many("offered", Resource.values),
            needed=reader.many("needed", Resource.values),
            active_only=inactive is None,
            territory=territory,
            near=near,
            km=km,
            where=where,
            sort=sort,
            prefix=reader.one_of("typing", ("1",)) is not None,
            page=reader.number("page", low=1, high=10**6, quiet=True) or 1,
            ignored=tuple(reader.ignored),
        )


class _ParamReader:
    def __init__(self, params):
        self.params = params
        self.ignored: list[str] = []

    def ignore(self, name: str) -> None:
        if name not in self.ignored:
            self.ignored.append(name)

    def values(self, name: str) -> list[str]:
        if hasattr(self.params, "getlist"):
            values = self.params.getlist(name)
        else:
            value = self.params.get(name)
            values = list(value) if isinstance(value, list | tuple) else [value]
        return [str(value).strip() for value in values if value not in (None, "")]

    def text(self, name: str) -> str:
        values = self.values(name)
        value = " ".join(values[-1].replace("\x00", "").split()) if values else ""
        if len(value) > MAX_TEXT:
            self.ignore(name)
            value = value[:MAX_TEXT]
        return value

    def many(self, name: str, allowed) -> tuple[str, ...]:
        chosen = []
        for value in self.values(name):
            if value in allowed:
                if value not in chosen:
                    chosen.append(value)
            else:
                self.ignore(name)
        return tuple(chosen)

    def one_of(self, name: str, allowed) -> str | None:
        values = self.values(name)
        if not values:
            return None
        if values[-1] in allowed:
            return values[-1]
        self.ignore(name)
        return None

    def number(self, name: str, *, low: int, high: int, quiet: bool = False) -> int | None:
        values = self.values(name)
        if not values:
            return None
        value = values[-1]
        if value.isascii() and value.isdigit() and len(value) <= 9 and low <= int(value) <= high:
            return int(value)
        if not quiet:
            self.ignore(name)
        return None

    def causes(self, name: str) -> tuple[str, ...]:
        chosen = []
        for value in self.values(name):
            match = _CAUSE_CODE.match(value.lower())
            if match and 1 <= int(match[1]) <= 17:
                if value.lower() not in chosen:
                    chosen.append(value.lower())
            else:
                self.ignore(name)
        return tuple(chosen)
