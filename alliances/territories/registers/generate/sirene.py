"""Synthetic SIRENE stock files: legal units (StockUniteLegale) and, optionally, their
establishments (StockEtablissement), in SIREN order as INSEE publishes them.

Units mix sole traders (some partially diffusible, with `[ND]` names), companies,
cooperatives of the social economy, foundations, and the categories the import skips
(public bodies, co-owners' unions, associations); a share are closed.
"""

import random
from pathlib import Path

from alliances.territories.registers.generate import words
from alliances.territories.registers.generate.common import (
    CHUNK,
    GenerationReport,
    Output,
    RowTemplate,
    bad_rows,
    date_pool,
    load_places,
    quote,
    siren_of,
    siret_of,
    time_pool,
)
from alliances.territories.registers.head_office import ESTABLISHMENT_COLUMNS
from alliances.territories.registers.sirene import UNIT_COLUMNS

# (legal category, weight, ESS share)
CATEGORIES = (
    ("1000", 40, 0.0),
    ("5499", 12, 0.0),
    ("5710", 15, 0.01),
    ("5720", 8, 0.0),
    ("6540", 8, 0.0),
    ("5458", 1, 1.0),
    ("5560", 1, 0.3),
    ("6317", 1, 1.0),
    ("8210", 1, 1.0),
    ("9220", 6, 0.9),
    ("9300", 1, 0.8),
    ("7210", 1, 0.0),
    ("9110", 2, 0.0),
    ("4110", 1, 0.0),
    ("2900", 1, 0.0),
    ("3120", 1, 0.0),
)
BANDS = ("NN",) * 12 + ("00", "01", "01", "02", "03", "11", "12", "21", "22", "31", "41", "51")
UNIT = RowTemplate(
    UNIT_COLUMNS,
    (
        "siren",
        "statutDiffusionUniteLegale",
        "dateCreationUniteLegale",
        "sexeUniteLegale",
        "prenom1UniteLegale",
        "prenomUsuelUniteLegale",
        "identifiantAssociationUniteLegale",
        "trancheEffectifsUniteLegale",
        "anneeEffectifsUniteLegale",
        "dateDernierTraitementUniteLegale",
        "nombrePeriodesUniteLegale",
        "categorieEntrepriseUniteLegale",
        "anneeCategorieEntrepriseUniteLegale",
        "dateDebut",
        "etatAdministratifUniteLegale",
        "nomUniteLegale",
        "denominationUniteLegale",
        "categorieJuridiqueUniteLegale",
        "activitePrincipaleUniteLegale",
        "nomenclatureActivitePrincipaleUniteLegale",
        "nicSiegeUniteLegale",
        "economieSocialeSolidaireUniteLegale",
        "caractereEmployeurUniteLegale",
    ),
    ",",
)
SITE = RowTemplate(
    ESTABLISHMENT_COLUMNS,
    (
        "siren",
        "nic",
        "siret",
        "statutDiffusionEtablissement",
        "dateDernierTraitementEtablissement",
        "etablissementSiege",
        "numeroVoieEtablissement",
        "typeVoieEtablissement",
        "libelleVoieEtablissement",
        "codePostalEtablissement",
        "libelleCommuneEtablissement",
        "codeCommuneEtablissement",
        "etatAdministratifEtablissement",
    ),
    ",",
)
UNIT_INDEX = {name: i for i, name in enumerate(UNIT_COLUMNS)}
SITE_INDEX = {name: i for i, name in enumerate(ESTABLISHMENT_COLUMNS)}
UNIT_REJECTED = ("columns", "siren_check", "siren_length", "state", "date", "name", "category")
ESTABLISHMENT_REJECTED = ("columns", "siret")
ESTABLISHMENT_WARNINGS = ("commune",)


def _company_names(rng: random.Random, places, count: int) -> list[str]:
    names = []
    for _ in range(count):
        name = rng.choice(words.COMPANY_PATTERNS).format(
            surname=rng.choice(words.SURNAMES),
            place_upper=rng.choice(places).name.upper(),
            tech=rng.choice(words.TECH),
            restaurant=rng.choice(words.RESTAURANTS),
        )
        names.append(quote(name, ","))
    return names


def sirene_generate(
    *,
    out: Path,
    rows: int,
    etablissements: Path | None = None,
    bad_share: float = 0.02,
    seed: int = 0,
    closed_share: float = 0.2,
    partial_share: float = 0.3,
) -> list[GenerationReport]:
    """Write `rows` legal units to `out` and, if asked, their establishments (one head
    office each, sometimes one or two more). Return one report per file."""
    rng = random.Random(seed)
    places = load_places()
    place_fields = [(p.code, p.postal_code, quote(p.name.upper(), ",")) for p in places]
    companies = _company_names(rng, places, 10_000)
    category_rows = [c for c in CATEGORIES for _ in range(c[1])]
    nafs = [code for code, weight in words.NAF_CODES for _ in range(weight)]
    created = [d.isoformat() for d in date_pool(rng, start=1950, end=2024)]
    closed_on = [d.isoformat() for d in date_pool(rng, start=2005, end=2024)]
    stamps = [t.strftime("%Y-%m-%dT%H:%M:%S") for t in time_pool(rng, start=2014, end=2024)]
    streets = [quote(s.upper(), ",") for s in words.STREETS]
    unit_report = GenerationReport(path=Path(out))
    unit_defects = bad_rows(rng, rows, bad_share, UNIT_REJECTED)
    site_report = GenerationReport(
        path=Path(etablissements or "."), warning_kinds=ESTABLISHMENT_WARNINGS
    )
    site_kinds = ESTABLISHMENT_REJECTED + ESTABLISHMENT_WARNINGS
    site_defects = bad_rows(rng, rows, bad_share, site_kinds) if etablissements else {}
    units = Output(out, "utf-8")
    sites = Output(etablissements, "utf-8") if etablissements else None
    base = 30_000_000 + seed % 1000 * 20_000
    units.write([",".join(UNIT_COLUMNS)])
    if sites:
        sites.write([",".join(ESTABLISHMENT_COLUMNS)])
    try:
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            unit_lines, site_lines = [], []
            chosen = rng.choices(category_rows, k=n)
            chosen_naf = rng.choices(nafs, k=n)
            chosen_created = rng.choices(created, k=n)
            chosen_stamps = rng.choices(stamps, k=n)
            chosen_places = rng.choices(place_fields, k=n)
            chosen_names = rng.choices(companies, k=n)
            draws = [rng.random() for _ in range(n)]
            for i in range(n):
                base += 1 + (i * 7919) % 13
                siren = siren_of(base)
                category, _weight, ess_share = chosen[i]
                draw = draws[i]
                active = draw >= closed_share
                sole = category == "1000"
                partial = sole and (draw * 7) % 1 < partial_share
                surname = words.SURNAMES[i % len(words.SURNAMES)]
                given = words.GIVEN_NAMES[(i * 3) % len(words.GIVEN_NAMES)]
                if partial:
                    surname = given = "[ND]"
                name = "" if sole or category.startswith("2") else chosen_names[i]
                nic = 10 + i % 80
                band = BANDS[i % len(BANDS)] if active else "NN"
                values = (
                    siren,
                    "P" if partial else "O",
                    chosen_created[i],
                    ("M" if i % 2 else "F") if sole else "",
                    given if sole else "",
                    given if sole else "",
                    f"W{siren[1:4]}{siren[3:9]}" if category == "9220" else "",
                    band,
                    "" if band == "NN" else "2022",
                    chosen_stamps[i],
                    str(1 + i % 4),
                    ("PME" if i % 40 else "ETI") if active else "",
                    "2022" if active else "",
                    chosen_created[i] if active else closed_on[i % len(closed_on)],
                    "A" if active else "C",
                    surname if sole else "",
                    name,
                    category,
                    chosen_naf[i],
                    "NAFRev2",
                    siret_of(siren, nic)[9:],
                    "O" if (draw * 13) % 1 < ess_share else "N",
                    "O" if band != "NN" else "N",
                )
                kind = unit_defects.get(start + i)
                if kind is None:
                    unit_lines.append(UNIT.line(values))
                else:
                    fields = UNIT.fields(values)
                    _spoil_unit(fields, kind)
                    unit_report.bad[kind] += 1
                    unit_lines.append(",".join(fields))
                if sites is not None:
                    site_lines.extend(
                        _establishments(
                            siren=siren,
                            nic=nic,
                            place=chosen_places[i],
                            street=streets[i % len(streets)],
                            number=i,
                            partial=partial,
                            active=active,
                            stamp=chosen_stamps[i],
                            defect=site_defects.get(start + i),
                            report=site_report,
                        )
                    )
            units.write(unit_lines)
            unit_report.rows += n
            if sites is not None:
                sites.write(site_lines)
                site_report.rows += len(site_lines)
    finally:
        units.close()
        if sites is not None:
            sites.close()
    return [unit_report, site_report] if etablissements else [unit_report]


def _spoil_unit(fields: list[str], kind: str) -> None:
    where = UNIT_INDEX
    if kind == "columns":
        del fields[-2:]
    elif kind == "siren_check":
        siren = fields[0]
        fields[0] = siren[:8] + str((int(siren[8]) + 1) % 10)
    elif kind == "siren_length":
        fields[0] = fields[0][:8]
    elif kind == "state":
        fields[where["etatAdministratifUniteLegale"]] = "X"
    elif kind == "date":
        fields[where["dateCreationUniteLegale"]] = "2019-02-30"
    elif kind == "name":
        fields[where["categorieJuridiqueUniteLegale"]] = "5710"
        fields[where["statutDiffusionUniteLegale"]] = "O"
        fields[where["denominationUniteLegale"]] = ""
    elif kind == "category":
        fields[where["categorieJuridiqueUniteLegale"]] = "57X0"


def _establishments(
    *, siren, nic, place, street, number, partial, active, stamp, defect, report
) -> list[str]:
    code, postal, city = place
    lines = []
    for extra in range(1 + number % 3 // 2 + (number % 7 == 0)):
        head = extra == 0
        site_nic = nic if head else nic + 100 + extra
        siret = siret_of(siren, site_nic)
        values = (
            siren,
            siret[9:],
            siret,
            "P" if partial else "O",
            stamp,
            "true" if head else "false",
            "[ND]" if partial else str(1 + number % 90),
            "[ND]" if partial else ("RUE" if number % 3 else "AV"),
            "[ND]" if partial else street,
            postal,
            city,
            code,
            "A" if active else "F",
        )
        if head and defect is not None:
            fields = SITE.fields(values)
            _spoil_establishment(fields, defect)
            report.bad[defect] += 1
            lines.append(",".join(fields))
        else:
            lines.append(SITE.line(values))
    return lines


def _spoil_establishment(fields: list[str], kind: str) -> None:
    where = SITE_INDEX
    if kind == "columns":
        del fields[-4:]
    elif kind == "siret":
        siret = fields[where["siret"]]
        fields[where["siret"]] = siret[:13] + str((int(siret[13]) + 1) % 10)
    elif kind == "commune":
        fields[where["codeCommuneEtablissement"]] = "ABCDE"
