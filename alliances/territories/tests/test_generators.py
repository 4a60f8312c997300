"""Synthetic register files: their layouts, and what the imports make of them."""

import csv

import pytest

from alliances.organisations.models import Organisation
from alliances.territories.registers.generate.rna import BAD_KINDS, rna_generate
from alliances.territories.registers.generate.sirene import UNIT_REJECTED, sirene_generate
from alliances.territories.registers.generate.words import COMMUNES
from alliances.territories.registers.head_office import ESTABLISHMENT_COLUMNS
from alliances.territories.registers.reading import detect_encoding
from alliances.territories.registers.rna import IMPORT_COLUMNS, WALDEC_COLUMNS, rna_import
from alliances.territories.registers.sirene import UNIT_COLUMNS, sirene_import
from alliances.territories.tests.registers import both_paths


def rows_of(path, *, delimiter, encoding="utf-8"):
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


@pytest.mark.parametrize(
    ("layout", "encoding", "columns"),
    [("waldec", "utf-8", WALDEC_COLUMNS), ("import", "cp1252", IMPORT_COLUMNS)],
)
def test_rna_files_follow_the_layout(tmp_path, layout, encoding, columns):
    path = tmp_path / "rna.csv"
    report = rna_generate(
        out=path, rows=400, layout=layout, encoding=encoding, bad_share=0.05, seed=7
    )

    rows = rows_of(path, delimiter=";", encoding=encoding)
    assert rows[0] == columns
    assert len(rows) == 401
    assert set(report.bad) == set(BAD_KINDS)
    assert sum(report.bad.values()) == 20
    good = [row for row in rows[1:] if len(row) == len(columns)]
    assert len(good) == 400 - report.bad["columns"]
    codes = {code for code, _postal, _name in COMMUNES}
    assert {row[columns.index("adrs_codeinsee")] for row in good} - {"ABCDE"} <= codes
    assert detect_encoding(path) == encoding
    again = tmp_path / "again.csv"
    rna_generate(out=again, rows=400, layout=layout, encoding=encoding, bad_share=0.05, seed=7)
    assert again.read_bytes() == path.read_bytes()


@pytest.mark.django_db
@both_paths
@pytest.mark.parametrize(("layout", "encoding"), [("waldec", "utf-8"), ("import", "cp1252")])
def test_importing_a_generated_rna_file(tmp_path, generic, layout, encoding):
    path = tmp_path / "rna.csv"
    report = rna_generate(
        out=path, rows=600, layout=layout, encoding=encoding, bad_share=0.04, seed=1
    )

    summary = rna_import(path=path, rejects=tmp_path / "r.csv", batch_size=250, generic=generic)

    assert summary.read == 600
    assert summary.rejected == report.rejected
    assert summary.inserted == 600 - report.rejected
    assert Organisation.objects.filter(is_active=False).exists()
    assert Organisation.objects.exclude(siret="").exists()
    assert Organisation.causes.through.objects.exists()
    assert (
        f"{report.bad['bytes'] + report.bad['siret'] + report.bad['commune']} rows"
        in (summary.notes[-1])
    )
    again = rna_import(path=path, rejects=tmp_path / "r2.csv", generic=generic)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, summary.inserted)


def test_sirene_files_follow_the_layouts(tmp_path):
    units, sites = tmp_path / "units.csv", tmp_path / "sites.csv"
    unit_report, site_report = sirene_generate(
        out=units, rows=300, etablissements=sites, bad_share=0.05, seed=2
    )

    unit_rows = rows_of(units, delimiter=",")
    site_rows = rows_of(sites, delimiter=",")
    assert unit_rows[0] == UNIT_COLUMNS
    assert site_rows[0] == ESTABLISHMENT_COLUMNS
    assert len(unit_rows) == 301
    assert len(site_rows) == site_report.rows + 1 > 301
    assert set(unit_report.bad) == set(UNIT_REJECTED)
    sirens = [row[0] for row in unit_rows[1:]]
    assert sirens == sorted(sirens)
    heads = [
        row
        for row in site_rows[1:]
        if row[ESTABLISHMENT_COLUMNS.index("etablissementSiege")] == "true"
    ]
    assert len(heads) == 300


@pytest.mark.django_db
@both_paths
def test_importing_generated_sirene_files(tmp_path, generic):
    units, sites = tmp_path / "units.csv", tmp_path / "sites.csv"
    unit_report, site_report = sirene_generate(
        out=units, rows=500, etablissements=sites, bad_share=0.04, seed=5
    )

    unit_summary, site_summary = sirene_import(
        path=units,
        etablissements=sites,
        rejects=tmp_path / "u.csv",
        etablissements_rejects=tmp_path / "s.csv",
        batch_size=200,
        generic=generic,
    )

    assert unit_summary.read == 500
    assert unit_summary.rejected == unit_report.rejected
    skipped = sum(int(note.split()[1]) for note in unit_summary.notes if note.startswith("Skipped"))
    assert unit_summary.inserted + skipped + unit_summary.rejected == 500
    assert site_summary.read == site_report.rows
    assert site_summary.rejected == site_report.rejected
    assert Organisation.objects.filter(is_social_economy=True).exists()
    assert Organisation.objects.filter(is_active=False).exists()
    sole = Organisation.objects.filter(is_legal_person=False).exclude(city="")
    assert sole.exists()
    assert all(org.name.startswith("Entreprise") and org.address == "" for org in sole)
    assert Organisation.objects.exclude(address="").exists()


@pytest.mark.django_db
def test_generators_place_rows_in_the_communes_of_the_territory_tables(tmp_path):
    from alliances.territories.models import Territory, TerritoryKind

    Territory.objects.create(
        kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers", postal_codes="86000 86001"
    )
    rna_generate(out=tmp_path / "rna.csv", rows=20, bad_share=0, seed=1)

    rows = rows_of(tmp_path / "rna.csv", delimiter=";")
    where = WALDEC_COLUMNS.index
    assert {(r[where("adrs_codeinsee")], r[where("adrs_codepostal")]) for r in rows[1:]} == {
        ("86194", "86000")
    }
    assert {r[where("id")][:3] for r in rows[1:]} <= {"W86"}
