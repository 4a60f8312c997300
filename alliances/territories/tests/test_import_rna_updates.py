"""Re-importing RNA exports: nothing changes twice, newer rows win, members' edits stay."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.organisations.models import Kind, Organisation, Source
from alliances.territories.models import ImportRun, ImportStatus
from alliances.territories.registers.rna import rna_import
from alliances.territories.tests.registers import (
    both_paths,
    rna_line,
    write_rna,
)

pytestmark = [pytest.mark.django_db, both_paths]

ORG_TABLE = Organisation._meta.db_table


def run(path, tmp_path, generic, **options):
    return rna_import(path=path, rejects=tmp_path / "rejects.csv", generic=generic, **options)


def lines(count: int, **changes) -> list[str]:
    return [rna_line(id=f"W8630{n:05d}", **changes) for n in range(count)]


def test_a_second_run_changes_nothing(tmp_path, generic):
    path = write_rna(tmp_path / "rna.csv", lines(5))
    run(path, tmp_path, generic)
    before = dict(Organisation.objects.values_list("rna", "updated_at"))
    causes = sorted(Organisation.causes.through.objects.values_list("organisation_id", "cause_id"))

    with CaptureQueriesContext(connection) as queries:
        summary = run(path, tmp_path, generic)

    assert (summary.read, summary.inserted, summary.updated, summary.unchanged) == (5, 0, 0, 5)
    assert dict(Organisation.objects.values_list("rna", "updated_at")) == before
    assert (
        sorted(Organisation.causes.through.objects.values_list("organisation_id", "cause_id"))
        == causes
    )
    if generic:
        writes = [
            q["sql"] for q in queries if ORG_TABLE in q["sql"] and q["sql"].startswith("UPDATE")
        ]
        assert writes == []
    assert ImportRun.objects.filter(status=ImportStatus.FINISHED).count() == 2


def test_a_newer_row_updates_and_an_older_one_does_not(tmp_path, generic):
    run(write_rna(tmp_path / "a.csv", [rna_line()]), tmp_path, generic)

    newer = rna_line(
        titre="JARDINS DU CLAIN ET DE LA BOIVRE",
        maj_time="2022-01-01 09:00:00",
        position="D",
        objet_social1="011000",
        objet_social2="000000",
    )
    summary = run(write_rna(tmp_path / "b.csv", [newer]), tmp_path, generic)
    assert (summary.updated, summary.unchanged) == (1, 0)
    org = Organisation.objects.get()
    assert org.name == "JARDINS DU CLAIN ET DE LA BOIVRE"
    assert org.is_active is False
    assert list(org.causes.values_list("code", flat=True)) == ["3"]

    older = rna_line(titre="ANCIEN TITRE", maj_time="2015-01-01 09:00:00")
    summary = run(write_rna(tmp_path / "c.csv", [older]), tmp_path, generic)
    assert (summary.updated, summary.unchanged) == (0, 1)
    assert Organisation.objects.get().name == "JARDINS DU CLAIN ET DE LA BOIVRE"


def test_fields_a_member_edited_are_kept_and_imported_is_refreshed(tmp_path, generic):
    run(write_rna(tmp_path / "a.csv", [rna_line()]), tmp_path, generic)
    org = Organisation.objects.get()
    org.name = "Jardins partagés du Clain"
    org.email = "bonjour@jardins.example"
    org.edited_fields = ["causes", "email", "name"]
    org.save()
    org.causes.set([])

    changed = rna_line(
        titre="NOUVEAU TITRE",
        email="autre@jardins.example",
        telephone="0549111111",
        maj_time="2023-01-01 00:00:00",
    )
    summary = run(write_rna(tmp_path / "b.csv", [changed]), tmp_path, generic)

    assert summary.updated == 1
    org.refresh_from_db()
    assert org.name == "Jardins partagés du Clain"
    assert org.email == "bonjour@jardins.example"
    assert org.phone == "0549111111"
    assert not org.causes.exists()
    assert org.imported["rna"]["titre"] == "NOUVEAU TITRE"
    assert org.imported["rna"]["email"] == "autre@jardins.example"


def test_an_organisation_created_by_its_members_keeps_its_profile(tmp_path, generic):
    org = Organisation.objects.create(
        name="Maison des Trois-Cités",
        kind=Kind.ASSOCIATION,
        rna="W863000123",
        city="Poitiers",
        mission="Soutien scolaire.",
    )
    summary = run(write_rna(tmp_path / "a.csv", [rna_line(position="D")]), tmp_path, generic)

    assert (summary.inserted, summary.updated) == (0, 1)
    org.refresh_from_db()
    assert org.source == Source.MEMBER
    assert (org.name, org.mission, org.address) == (
        "Maison des Trois-Cités",
        "Soutien scolaire.",
        "",
    )
    assert org.is_active is False
    assert org.imported["rna"]["titre"] == "LES JARDINS PARTAGÉS DU CLAIN"
    assert Organisation.objects.count() == 1


def test_an_organisation_of_another_register_is_left_alone(tmp_path, generic):
    org = Organisation.objects.create(
        name="SOCIETE", kind=Kind.COMPANY, rna="W863000123", source=Source.SIRENE
    )
    summary = run(write_rna(tmp_path / "a.csv", [rna_line()]), tmp_path, generic)

    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 0, 1)
    org.refresh_from_db()
    assert org.name == "SOCIETE"
    assert org.imported == {}


def test_commune_is_linked_on_the_next_run_once_territories_exist(tmp_path, generic):
    from alliances.territories.models import Territory, TerritoryKind

    path = write_rna(tmp_path / "a.csv", [rna_line()])
    run(path, tmp_path, generic)
    assert Organisation.objects.get().commune_id is None

    poitiers = Territory.objects.create(kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers")
    summary = run(path, tmp_path, generic)

    assert summary.updated == 1
    assert Organisation.objects.get().commune_id == poitiers.pk
