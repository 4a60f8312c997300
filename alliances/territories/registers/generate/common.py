"""What the RNA and SIRENE generators share: places, identifiers, dates, output.

Generation goes column by column over chunks of rows (`random.choices` with `k=`), from
pools of ready-made, already quoted values: that keeps it well above 100 000 rows/s.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from alliances.territories.registers.generate.words import COMMUNES

CHUNK = 5_000
# Lone surrogates become these raw bytes on output (surrogateescape): undecodable in the
# file's encoding, which is the point of a "bad byte" row.
BAD_BYTE = {"utf-8": "\udcff", "cp1252": "\udc81"}


@dataclass
class GenerationReport:
    """What a generator wrote: the rows, and how many bad rows of each kind."""

    path: Path
    rows: int = 0
    bad: Counter = field(default_factory=Counter)
    # Kinds of bad rows that are still imported (with a warning), not rejected.
    warning_kinds: tuple[str, ...] = ()

    @property
    def rejected(self) -> int:
        return sum(n for kind, n in self.bad.items() if kind not in self.warning_kinds)

    def as_dict(self) -> dict:
        return {"path": str(self.path), "rows": self.rows, "bad": dict(self.bad)}


@dataclass(frozen=True)
class Place:
    code: str
    postal_code: str
    name: str


def load_places() -> list[Place]:
    """The communes of the territory tables when there are some, else a built-in list."""
    try:
        from alliances.territories.models import Territory, TerritoryKind

        rows = list(
            Territory.objects.filter(kind=TerritoryKind.COMMUNE)
            .exclude(postal_codes="")
            .values_list("code", "postal_codes", "name")
        )
    except Exception:  # noqa: BLE001 (no database: the built-in list will do)
        rows = []
    if rows:
        return [
            # Postal codes are kept space-separated, first the main one.
            Place(code, codes.replace(",", " ").replace(";", " ").split()[0], name)
            for code, codes, name in rows
        ]
    return [Place(*commune) for commune in COMMUNES]


def quote(value: str, delimiter: str) -> str:
    if delimiter in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _block_sums() -> list[int]:
    """Luhn sum of every 4-digit block whose 2nd and 4th digits are doubled."""
    doubled = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
    return [
        a + doubled[b] + c + doubled[d]
        for a in range(10)
        for b in range(10)
        for c in range(10)
        for d in range(10)
    ]


BLOCK = _block_sums()
DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def siren_of(base: int) -> str:
    """A valid SIREN from an 8-digit base (Luhn check digit appended)."""
    total = BLOCK[base // 10_000] + BLOCK[base % 10_000]
    return f"{base:08d}{(10 - total % 10) % 10}"


def siret_of(siren: str, nic: int) -> str:
    """A valid SIRET from a SIREN and a 4-digit establishment number."""
    total = DOUBLED[int(siren[0])] + BLOCK[int(siren[1:5])] + BLOCK[int(siren[5:9])]
    total += BLOCK[nic]
    return f"{siren}{nic:04d}{(10 - total % 10) % 10}"


def date_pool(rng: random.Random, *, start: int, end: int, size: int = 4000) -> list[date]:
    first, span = date(start, 1, 1), (date(end, 12, 31) - date(start, 1, 1)).days
    # More recent dates are more frequent, as in the registers.
    return sorted(first + timedelta(days=int(span * rng.random() ** 0.5)) for _ in range(size))


def time_pool(rng: random.Random, *, start: int, end: int, size: int = 4000) -> list[datetime]:
    first = datetime(start, 1, 1)
    span = (datetime(end, 12, 31) - first).total_seconds()
    return sorted(first + timedelta(seconds=int(span * rng.random())) for _ in range(size))


def bad_rows(rng: random.Random, count: int, share: float, kinds: tuple[str, ...]) -> dict:
    """Row index → kind of defect, cycling through `kinds` so every kind appears."""
    if share <= 0 or not kinds:
        return {}
    wanted = max(len(kinds), round(count * share)) if count >= len(kinds) else count
    indexes = rng.sample(range(count), min(wanted, count))
    return {index: kinds[n % len(kinds)] for n, index in enumerate(sorted(indexes))}


class RowTemplate:
    """Lines of a layout in which only some columns are filled: one `str.format` a line."""

    def __init__(self, columns: list[str], names: tuple[str, ...], delimiter: str) -> None:
        self.width = len(columns)
        self.positions = [columns.index(name) for name in names]
        slots = [""] * len(columns)
        for number, position in enumerate(self.positions):
            slots[position] = f"{{{number}}}"
        self.template = delimiter.join(slots)

    def line(self, values: tuple[str, ...]) -> str:
        return self.template.format(*values)

    def fields(self, values: tuple[str, ...]) -> list[str]:
        fields = [""] * self.width
        for position, value in zip(self.positions, values, strict=True):
            fields[position] = value
        return fields


class Output:
    """Streaming writer of text lines in a given encoding, bad bytes included."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.encoding = "cp1252" if encoding.lower() in ("cp1252", "windows-1252") else "utf-8"
        self.handle = self.path.open("wb")

    def write(self, lines: list[str]) -> None:
        if lines:
            text = "\n".join(lines) + "\n"
            self.handle.write(text.encode(self.encoding, "surrogateescape"))

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> "Output":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def encodable(values, encoding: str) -> list[str]:
    """Values as the target encoding can write them (cp1252 lacks a few rare letters)."""
    if encoding == "utf-8":
        return list(values)
    return [v.encode(encoding, "replace").decode(encoding) for v in values]
