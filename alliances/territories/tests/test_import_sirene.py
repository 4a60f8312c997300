"""Importing companies from the SIRENE stock files (`sirene_import`, command `import_sirene`)."""

from datetime import UTC, date, datetime

import pytest

from alliances.organisations.models import Kind, Organisation, Source
from alliances.territories.registers.engine import MissingColumns
from alliances.territories.registers.head_office import ESTABLISHMENT_COLUMNS
from alliances.territories.registers.sirene import UNIT_COLUMNS, sirene_import
from alliances.territories.tests.registers import (
    SITE_ROW,
    SOLE_TRADER,
    UNIT_ROW,
    both_paths,
    read_rejects,
    write_csv,
)

pytestmark = [pytest.mark.django_db, both_paths]


def run(tmp_path, generic, units, sites=None, **options):
    path = write_csv(tmp_path / "units.csv", UNIT_COLUMNS, units)
    sites_path = None
    if sites is not None:
        sites_path = write_csv(tmp_path / "sites.csv", ESTABLISHMENT_COLUMNS, sites)
    return sirene_import(
        path=path,
        etablissements=sites_path,
        rejects=tmp_path / "units-rejects.csv",
        etablissements_rejects=tmp_path / "sites-rejects.csv",
        generic=generic,
        **options,
    )


def test_a_company_of_the_social_economy(tmp_path, generic):
    (summary,) = run(tmp_path, generic, [UNIT_ROW])

    assert (summary.read, summary.inserted) == (1, 1)
    org = Organisation.objects.get()
    assert (org.kind, org.source, org.siren) == (Kind.COMPANY, Source.SIRENE, "732829320")
    assert org.siret == "73282932000074"
    assert org.name == "SCOP LES ATELIERS DU CLAIN"
    assert org.is_social_economy and org.is_active and org.is_legal_person and org.is_public
    assert (org.naf_code, org.employee_band, org.company_category) == ("43.32A", "11", "PME")
    assert org.registered_on == date(1994, 5, 1)
    assert org.registry_updated_at == datetime(2024, 3, 1, 9, 20, 30, tzinfo=UTC)
    assert org.imported["sirene"]["categorieJuridiqueUniteLegale"] == "5458"


def test_a_closed_company_is_inactive(tmp_path, generic):
    closed = {
        **UNIT_ROW,
        "etatAdministratifUniteLegale": "C",
        "dateDebut": "2021-06-30",
        "economieSocialeSolidaireUniteLegale": "N",
    }
    run(tmp_path, generic, [closed])

    org = Organisation.objects.get()
    assert org.is_active is False
    assert org.is_social_economy is False
    assert org.dissolved_on == date(2021, 6, 30)


def test_a_sole_traders_name_stays_out_of_the_public_name(tmp_path, generic):
    partial = {
        **SOLE_TRADER,
        "siren": "443061841",
        "statutDiffusionUniteLegale": "P",
        "nomUniteLegale": "[ND]",
        "prenomUsuelUniteLegale": "[ND]",
    }
    company_partial = {
        **UNIT_ROW,
        "siren": "552081317",
        "statutDiffusionUniteLegale": "P",
        "nicSiegeUniteLegale": "",
        "categorieJuridiqueUniteLegale": "5499",
    }
    run(tmp_path, generic, [SOLE_TRADER, partial, company_partial])

    sole = Organisation.objects.get(siren="356000000")
    assert sole.name == "Entreprise individuelle (62.01Z)"
    assert sole.is_legal_person is False
    assert sole.imported["sirene"]["nomUniteLegale"] == "MARTIN"
    assert "sexeUniteLegale" not in sole.imported["sirene"]
    hidden = Organisation.objects.get(siren="443061841")
    assert hidden.name == "Entreprise individuelle (62.01Z)"
    assert "nomUniteLegale" not in hidden.imported["sirene"]
    company = Organisation.objects.get(siren="552081317")
    assert (company.name, company.is_legal_person) == ("Entreprise (43.32A)", False)


def test_kinds_and_skipped_categories(tmp_path, generic):
    rows = [
        {
            **UNIT_ROW,
            "siren": "775665011",
            "categorieJuridiqueUniteLegale": "9300",
            "denominationUniteLegale": "FONDATION DU CLAIN",
            "nicSiegeUniteLegale": "",
        },
        {
            **UNIT_ROW,
            "siren": "180089013",
            "categorieJuridiqueUniteLegale": "4110",
            "denominationUniteLegale": "ÉTABLISSEMENT PUBLIC",
            "nicSiegeUniteLegale": "",
        },
        {**UNIT_ROW, "siren": "218601946", "categorieJuridiqueUniteLegale": "7210"},
        {**UNIT_ROW, "siren": "784671695", "categorieJuridiqueUniteLegale": "9220"},
        {**UNIT_ROW, "siren": "542107651", "categorieJuridiqueUniteLegale": "9110"},
    ]
    (summary,) = run(tmp_path, generic, rows)

    kinds = dict(Organisation.objects.values_list("siren", "kind"))
    assert kinds == {"775665011": Kind.FOUNDATION, "180089013": Kind.STATE_AGENCY}
    assert (summary.read, summary.inserted, summary.rejected) == (5, 2, 0)
    assert summary.notes[:3] == [
        "Skipped 1 public bodies (7xxx).",
        "Skipped 1 co-owners' unions (91xx).",
        "Skipped 1 associations (92xx, imported from the RNA).",
    ]


def test_an_existing_siren_is_never_duplicated(tmp_path, generic):
    org = Organisation.objects.create(name="Les Ateliers", kind=Kind.COMPANY, siren="732829320")
    (summary,) = run(tmp_path, generic, [UNIT_ROW])

    assert (summary.inserted, summary.updated) == (0, 1)
    org.refresh_from_db()
    assert org.name == "Les Ateliers"
    assert org.siret == ""
    assert org.is_social_economy is True
    assert org.imported["sirene"]["siren"] == "732829320"
    assert Organisation.objects.count() == 1


def test_bad_rows_are_rejected_with_their_line(tmp_path, generic):
    rows = [
        UNIT_ROW,
        {**UNIT_ROW, "siren": "732829321"},
        {**UNIT_ROW, "siren": "73282932"},
        {**UNIT_ROW, "siren": "552081317", "etatAdministratifUniteLegale": "X"},
        {**UNIT_ROW, "siren": "552081317", "dateCreationUniteLegale": "2019-02-30"},
        {**UNIT_ROW, "siren": "552081317", "denominationUniteLegale": ""},
        {**UNIT_ROW, "siren": "552081317", "categorieJuridiqueUniteLegale": "57X0"},
        "552081317,O",
    ]
    (summary,) = run(tmp_path, generic, rows)

    assert (summary.read, summary.inserted, summary.rejected) == (8, 1, 7)
    reasons = [(r["line"], r["reason"]) for r in read_rejects(tmp_path / "units-rejects.csv")]
    assert reasons == [
        ("3", "bad SIREN check digit: 732829321"),
        ("4", "bad SIREN (not 9 digits): 73282932"),
        ("5", "unknown administrative state: X"),
        ("6", "bad date in dateCreationUniteLegale: 2019-02-30"),
        ("7", "missing name"),
        ("8", "bad legal category: 57X0"),
        ("9", "wrong number of columns: 2 instead of 34"),
    ]


def test_missing_header_columns(tmp_path, generic):
    path = write_csv(tmp_path / "units.csv", ["siren", "denominationUniteLegale"], [])
    with pytest.raises(MissingColumns) as caught:
        sirene_import(path=path, rejects=tmp_path / "r.csv", generic=generic)
    assert "etatAdministratifUniteLegale" in caught.value.names
    assert "economieSocialeSolidaireUniteLegale" in caught.value.names


def test_head_offices_give_address_commune_and_siret(tmp_path, generic):
    from alliances.territories.models import Territory, TerritoryKind

    poitiers = Territory.objects.create(kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers")
    sites = [
        SITE_ROW,
        {
            **SITE_ROW,
            "nic": "00082",
            "siret": "73282932000082",
            "etablissementSiege": "false",
            "codeCommuneEtablissement": "75056",
        },
        {
            **SITE_ROW,
            "siren": "356000000",
            "nic": "00048",
            "siret": "35600000000048",
            "numeroVoieEtablissement": "3",
            "typeVoieEtablissement": "RUE",
            "libelleVoieEtablissement": "DES ÉCOLES",
        },
        {**SITE_ROW, "siren": "552081317", "nic": "00026", "siret": "55208131700026"},
        {**SITE_ROW, "siren": "552081317", "siret": "55208131700025"},
    ]
    units, heads = run(tmp_path, generic, [UNIT_ROW, SOLE_TRADER], sites)

    assert (heads.read, heads.updated, heads.unchanged, heads.rejected) == (5, 2, 0, 1)
    assert "1 establishments are not head offices." in heads.notes
    assert "1 rows concern organisations not in the directory: left aside." in heads.notes
    company = Organisation.objects.get(siren="732829320")
    assert company.address == "12 AVENUE DE LA LIBERATION"
    assert (company.postal_code, company.city) == ("86000", "Poitiers")
    assert (company.commune_code, company.commune_id) == ("86194", poitiers.pk)
    assert company.imported["sirene_head_office"]["siret"] == "73282932000074"
    assert company.imported["sirene"]["siren"] == "732829320"
    sole = Organisation.objects.get(siren="356000000")
    assert sole.address == ""
    assert sole.imported["sirene_head_office"]["libelleVoieEtablissement"] == "DES ÉCOLES"
    assert sole.siret == "35600000000048"
    assert sole.name == "Entreprise individuelle (62.01Z) – Poitiers"
    (reject,) = read_rejects(tmp_path / "sites-rejects.csv")
    assert reject["reason"] == "bad SIRET: 55208131700025"

    units, heads = run(tmp_path, generic, [UNIT_ROW, SOLE_TRADER], sites)
    assert (units.unchanged, heads.updated, heads.unchanged) == (2, 0, 2)

    newer = {
        **SOLE_TRADER,
        "activitePrincipaleUniteLegale": "62.02A",
        "dateDernierTraitementUniteLegale": "2025-01-01T00:00:00",
    }
    (units,) = run(tmp_path, generic, [UNIT_ROW, newer])
    assert units.updated == 1
    assert Organisation.objects.get(siren="356000000").name == (
        "Entreprise individuelle (62.02A) – Poitiers"
    )


def test_member_edits_survive_the_head_office(tmp_path, generic):
    run(tmp_path, generic, [UNIT_ROW])
    org = Organisation.objects.get()
    org.address = "Chez nous"
    org.edited_fields = ["address"]
    org.save()

    run(tmp_path, generic, [UNIT_ROW], [SITE_ROW])

    org.refresh_from_db()
    assert org.address == "Chez nous"
    assert org.postal_code == "86000"
    assert org.imported["sirene_head_office"]["numeroVoieEtablissement"] == "12"
