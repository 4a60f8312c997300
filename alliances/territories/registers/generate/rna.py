"""Synthetic RNA exports, in the waldec or the import layout, UTF-8 or Windows-1252.

Associations get plausible French titles and purposes, real commune codes, social-object
codes of the national nomenclature, dissolved and deleted ones, SIRETs for some, update
times spread over the years, and a share of bad rows of every kind the import handles.
"""

import random
from pathlib import Path

from alliances.territories.registers.causes import THEMES
from alliances.territories.registers.generate import words
from alliances.territories.registers.generate.common import (
    BAD_BYTE,
    CHUNK,
    GenerationReport,
    Output,
    bad_rows,
    date_pool,
    encodable,
    load_places,
    quote,
    siren_of,
    siret_of,
    time_pool,
)
from alliances.territories.registers.rna import IMPORT_COLUMNS, WALDEC_COLUMNS

# Kinds of bad rows: the first five are rejected, the last three imported with a warning.
REJECTED_KINDS = ("columns", "rna", "title", "date", "position")
WARNING_KINDS = ("bytes", "siret", "commune")
BAD_KINDS = REJECTED_KINDS + WARNING_KINDS


def _titles(rng: random.Random, places, count: int) -> list[str]:
    titles = []
    for _ in range(count):
        title = rng.choice(words.ASSOCIATION_PATTERNS).format(
            place=rng.choice(places).name,
            sport=rng.choice(words.SPORTS),
            adjective=rng.choice(words.ADJECTIVES),
            cause=rng.choice(words.CAUSES),
            plural=rng.choice(words.PLURALS),
            art=rng.choice(words.ARTS),
            choir=rng.choice(words.CHOIRS),
            person=rng.choice(words.PERSONS),
        )
        # Most titles are registered in capitals.
        titles.append(title.upper() if rng.random() < 0.7 else title)
    return titles


def _purposes(rng: random.Random, count: int) -> list[str]:
    purposes = []
    for _ in range(count):
        parts = rng.sample(words.PURPOSES, rng.choice((1, 1, 2)))
        text = " ; ".join(parts).format(
            sport=rng.choice(words.SPORTS).lower(),
            art=rng.choice(words.ARTS),
            cause=rng.choice(words.CAUSES),
        )
        purposes.append(text[0].upper() + text[1:])
    return purposes


def _social_objects(rng: random.Random) -> list[str]:
    """Codes of the nomenclature: a theme, then a detail (000 for the theme itself)."""
    details = ("000", "005", "010", "020", "030", "040")
    return [f"{theme}{rng.choice(details)}" for theme in THEMES for _ in range(2)]


def rna_generate(
    *,
    out: Path,
    rows: int,
    layout: str = "waldec",
    encoding: str = "utf-8",
    bad_share: float = 0.02,
    seed: int = 0,
    dissolved_share: float = 0.08,
    siret_share: float = 0.12,
) -> GenerationReport:
    """Write `rows` associations to `out`; return what was written, bad rows by kind."""
    if layout not in ("waldec", "import"):
        raise ValueError(f"unknown RNA layout: {layout}")
    rng = random.Random(seed)
    columns = WALDEC_COLUMNS if layout == "waldec" else IMPORT_COLUMNS
    output = Output(out, encoding)
    enc = output.encoding
    q = quote
    places = load_places()
    place_fields = [
        (p.code, p.postal_code, q(p.name, ";"), q(p.name.upper(), ";"), p.code[:2]) for p in places
    ]
    titles = [q(t, ";") for t in encodable(_titles(rng, places, 20_000), enc)]
    purposes = [q(t, ";") for t in encodable(_purposes(rng, 5_000), enc)]
    streets = [q(s, ";") for s in encodable(words.STREETS, enc)]
    objects = _social_objects(rng)
    created = [d.isoformat() for d in date_pool(rng, start=1901, end=2024)]
    later = [d.isoformat() for d in date_pool(rng, start=2010, end=2024)]
    times = time_pool(rng, start=2009 if layout == "waldec" else 2003, end=2024)
    stamps = [t.strftime("%Y-%m-%d %H:%M:%S") for t in times]
    counters: dict[str, int] = {}
    siren_base = 40_000_000 + seed % 1000 * 10_000
    report = GenerationReport(path=output.path, warning_kinds=WARNING_KINDS)
    defects = bad_rows(rng, rows, bad_share, BAD_KINDS)
    with output:
        output.write([";".join(columns)])
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            lines = []
            chosen_places = rng.choices(place_fields, k=n)
            chosen_titles = rng.choices(titles, k=n)
            chosen_purposes = rng.choices(purposes, k=n)
            chosen_created = rng.choices(created, k=n)
            chosen_stamps = rng.choices(stamps, k=n)
            chosen_objects = rng.choices(objects, k=n)
            draws = [rng.random() for _ in range(n)]
            for i in range(n):
                code, postal, city, city_upper, dept = chosen_places[i]
                prefix = (
                    dept + ("1" if dept in ("2A", "2B") else str(1 + i % 3))
                    if not code.startswith("97")
                    else code[:3]
                )
                number = counters.get(prefix, 0) + 1
                counters[prefix] = number
                rna = f"W{prefix}{number:06d}"
                draw = draws[i]
                position = "A"
                closed = "0001-01-01"
                if draw < dissolved_share:
                    position = "D"
                    closed = later[int(draw * 997) % len(later)]
                elif draw < dissolved_share * 1.4:
                    position = "S"
                siret = ""
                if draw > 1 - siret_share:
                    siren_base += 1
                    siret = siret_of(siren_of(siren_base), 1 + i % 9)
                phone = f"05{int(draw * 1e8):08d}" if draw > 0.7 else ""
                web = f"www.asso-{rna[1:].lower()}.fr" if 0.6 < draw < 0.7 else ""
                mail = f"contact@asso-{rna[1:].lower()}.fr" if 0.45 < draw < 0.7 else ""
                second = "000000" if draw < 0.8 else chosen_objects[(i + 7) % n]
                if layout == "waldec":
                    street = streets[i % len(streets)]
                    fields = [
                        rna,
                        "",
                        siret,
                        "",
                        f"{prefix}P",
                        chosen_created[i],
                        chosen_created[i],
                        chosen_created[i],
                        closed,
                        "D",
                        "S" if draw < 0.95 else "U",
                        chosen_titles[i],
                        "",
                        chosen_purposes[i],
                        chosen_objects[i],
                        second,
                        "",
                        str(1 + i % 120),
                        "B" if i % 23 == 0 else "",
                        words.STREET_TYPES[i % len(words.STREET_TYPES)],
                        street,
                        "_",
                        code,
                        postal,
                        city,
                        "",
                        "",
                        "",
                        street,
                        "",
                        postal,
                        city_upper,
                        "FRANCE",
                        "PM" if i % 2 else "PF",
                        phone,
                        web,
                        mail,
                        "1" if i % 3 else "0",
                        "",
                        position,
                        chosen_stamps[i],
                    ]
                else:
                    fields = [
                        rna,
                        f"{prefix}P{number:08d}",
                        siret,
                        f"{prefix}P",
                        chosen_created[i],
                        chosen_created[i],
                        "D",
                        "S",
                        chosen_titles[i],
                        chosen_purposes[i],
                        chosen_objects[i],
                        second,
                        "",
                        f"{1 + i % 120} {streets[i % len(streets)]}",
                        "",
                        postal,
                        city_upper,
                        code,
                        "PM",
                        phone,
                        web,
                        mail,
                        "",
                        position,
                        "",
                        chosen_stamps[i],
                    ]
                kind = defects.get(start + i)
                if kind is not None:
                    _spoil(fields, columns, kind, enc)
                    report.bad[kind] += 1
                lines.append(";".join(fields))
            output.write(lines)
            report.rows += n
    return report


def _spoil(fields: list[str], columns: list[str], kind: str, encoding: str) -> None:
    where = {name: i for i, name in enumerate(columns)}
    if kind == "columns":
        del fields[-3:]
    elif kind == "rna":
        fields[where["id"]] = "X" + fields[where["id"]][1:6]
    elif kind == "title":
        fields[where["titre"]] = ""
    elif kind == "date":
        fields[where["date_creat"]] = "2019-13-45"
    elif kind == "position":
        fields[where["position"]] = "Z"
    elif kind == "bytes":
        fields[where["objet"]] = "Caf" + BAD_BYTE[encoding] + " associatif"
    elif kind == "siret":
        fields[where["siret"]] = "12345678901234"
    elif kind == "commune":
        fields[where["adrs_codeinsee"]] = "ABCDE"
