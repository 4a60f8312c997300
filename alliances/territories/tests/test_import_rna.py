"""Importing associations from RNA exports (`rna_import`, command `import_rna`)."""

from datetime import UTC, date, datetime

import pytest

from alliances.organisations.models import Kind, Membership, Organisation, Source
from alliances.territories.models import Territory, TerritoryKind
from alliances.territories.registers.engine import MissingColumns
from alliances.territories.registers.rna import WALDEC_COLUMNS, rna_import
from alliances.territories.tests.registers import (
    both_paths,
    read_rejects,
    read_summary,
    rna_line,
    write_rna,
)

pytestmark = [pytest.mark.django_db, both_paths]


def run(path, tmp_path, generic, **options):
    return rna_import(path=path, rejects=tmp_path / "rejects.csv", generic=generic, **options)


def test_waldec_row_becomes_a_public_association_without_members(tmp_path, generic):
    path = write_rna(tmp_path / "rna.csv", [rna_line()])
    summary = run(path, tmp_path, generic)

    assert (summary.read, summary.inserted, summary.rejected) == (1, 1, 0)
    org = Organisation.objects.get(rna="W863000123")
    assert org.kind == Kind.ASSOCIATION
    assert org.source == Source.RNA
    assert org.is_public and org.is_active
    assert org.name == "LES JARDINS PARTAGÉS DU CLAIN"
    assert org.address == "12 bis rue des Écoles"
    assert (org.postal_code, org.commune_code, org.city) == ("86000", "86194", "Poitiers")
    assert org.website == "http://www.jardins-clain.fr"
    assert org.email == "contact@jardins-clain.fr"
    assert org.phone == "0549000000"
    assert org.mission.startswith("créer et animer des jardins partagés; ")
    assert org.registered_on == date(2012, 3, 4)
    assert org.dissolved_on is None
    # maj_time is French local time (summer: UTC+2).
    assert org.registry_updated_at == datetime(2020, 5, 6, 8, 11, 12, tzinfo=UTC)
    assert len(org.registry_hash) == 32
    assert org.imported["rna"]["titre_court"] == "JARDINS DU CLAIN"
    # The declarant's personal data is not kept.
    assert "adrg_declarant" not in org.imported["rna"]
    assert "dir_civilite" not in org.imported["rna"]
    assert not Membership.objects.filter(organisation=org).exists()


def test_import_layout(tmp_path, generic):
    path = write_rna(tmp_path / "rna.csv", [rna_line("import")], layout="import")
    summary = run(path, tmp_path, generic)

    assert summary.inserted == 1
    assert "RNA layout: import." in summary.notes
    org = Organisation.objects.get(rna="W863000456")
    assert org.name == "AMICALE BOULISTE DE POITIERS"
    assert org.address == "Mairie, place du Maréchal Leclerc"
    assert org.city == "POITIERS"
    assert org.registered_on == date(1987, 6, 1)
    assert org.imported["rna"]["id_ex"] == "863P00012345"
    assert org.imported["rna"]["layout"] == "import"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_encodings(tmp_path, generic, encoding):
    path = write_rna(
        tmp_path / "rna.csv",
        [rna_line(titre="ÉCOLE DE MUSIQUE DE CHÂTELLERAULT – ŒUVRE")],
        encoding=encoding,
    )
    summary = run(path, tmp_path, generic)

    assert summary.inserted == 1
    assert Organisation.objects.get().name == "ÉCOLE DE MUSIQUE DE CHÂTELLERAULT – ŒUVRE"


def test_a_bad_byte_is_replaced_and_reported(tmp_path, generic):
    bad = rna_line(id="W863000124", titre="CAFÉ XX").encode().replace(b"XX", b"\xff") + b"\n"
    path = write_rna(tmp_path / "rna.csv", [rna_line(), bad])
    summary = run(path, tmp_path, generic)

    assert (summary.inserted, summary.rejected) == (2, 0)
    assert Organisation.objects.get(rna="W863000124").name == "CAFÉ \ufffd"
    (warning,) = read_rejects(tmp_path / "rejects.csv")
    assert warning["line"] == "3"
    assert warning["reason"] == "undecodable bytes replaced (row imported)"


def test_unknown_dates_are_empty(tmp_path, generic):
    path = write_rna(
        tmp_path / "rna.csv", [rna_line(date_creat="0001-01-01", maj_time="0001-01-01 00:00:00")]
    )
    run(path, tmp_path, generic)

    org = Organisation.objects.get()
    assert org.registered_on is None
    assert org.registry_updated_at is None


def test_dissolved_and_deleted_associations_are_inactive(tmp_path, generic):
    path = write_rna(
        tmp_path / "rna.csv",
        [
            rna_line(id="W863000001", position="A"),
            rna_line(id="W863000002", position="D", date_disso="2019-09-30"),
            rna_line(id="W863000003", position="S"),
        ],
    )
    run(path, tmp_path, generic)

    active = dict(Organisation.objects.values_list("rna", "is_active"))
    assert active == {"W863000001": True, "W863000002": False, "W863000003": False}
    assert Organisation.objects.get(rna="W863000002").dissolved_on == date(2019, 9, 30)


def test_social_objects_give_causes_and_stay_raw(tmp_path, generic):
    path = write_rna(
        tmp_path / "rna.csv",
        [
            rna_line(id="W863000001", objet_social1="011000", objet_social2="000000"),
            rna_line(id="W863000002", objet_social1="019010", objet_social2="032000"),
            rna_line(id="W863000003", objet_social1="007000", objet_social2=""),
        ],
    )
    run(path, tmp_path, generic)

    def causes(rna):
        return sorted(Organisation.objects.get(rna=rna).causes.values_list("code", flat=True))

    assert causes("W863000001") == ["3"]
    assert causes("W863000002") == ["1", "10", "11.1"]
    assert causes("W863000003") == []
    assert Organisation.objects.get(rna="W863000002").imported["rna"]["objet_social1"] == "019010"


def test_a_siret_fills_siren_and_siret(tmp_path, generic):
    path = write_rna(tmp_path / "rna.csv", [rna_line(siret="732 829 320 00074")])
    run(path, tmp_path, generic)

    org = Organisation.objects.get()
    assert (org.siren, org.siret) == ("732829320", "73282932000074")


def test_a_siret_held_by_another_organisation_is_left_out(tmp_path, generic):
    Organisation.objects.create(name="Entreprise", kind=Kind.COMPANY, siren="732829320")
    path = write_rna(
        tmp_path / "rna.csv",
        [
            rna_line(id="W863000001", siret="73282932000074"),
            rna_line(id="W863000002", siret="35600000000048"),
            rna_line(id="W863000003", siret="35600000000048"),
            rna_line(id="W863000004", siret="12345678901234"),
        ],
    )
    summary = run(path, tmp_path, generic)

    assert (summary.inserted, summary.rejected) == (4, 0)
    sirets = dict(Organisation.objects.exclude(rna="").values_list("rna", "siret"))
    assert sirets == {
        "W863000001": "",
        "W863000002": "35600000000048",
        "W863000003": "",
        "W863000004": "",
    }
    reasons = {row["line"]: row["reason"] for row in read_rejects(tmp_path / "rejects.csv")}
    assert reasons == {
        "2": "SIREN/SIRET already held by another organisation: imported without it",
        "4": "SIRET 35600000000048 also given on line 3: imported without it",
        "5": "bad SIRET: 12345678901234: imported without it",
    }


def test_communes_are_linked_when_known(tmp_path, generic):
    poitiers = Territory.objects.create(kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers")
    paris = Territory.objects.create(kind=TerritoryKind.COMMUNE, code="75056", name="Paris")
    path = write_rna(
        tmp_path / "rna.csv",
        [
            rna_line(id="W863000001"),
            rna_line(id="W751000002", adrs_codeinsee="75114", adrs_libcommune="PARIS 14"),
            rna_line(id="W863000003", adrs_codeinsee="99999"),
        ],
    )
    run(path, tmp_path, generic)

    communes = dict(Organisation.objects.values_list("rna", "commune_id"))
    assert communes == {"W863000001": poitiers.pk, "W751000002": paris.pk, "W863000003": None}
    assert Organisation.objects.get(rna="W751000002").commune_code == "75114"


def test_missing_header_columns_fail_before_anything_is_written(tmp_path, generic):
    header = [name for name in WALDEC_COLUMNS if name not in ("titre", "maj_time")]
    path = write_rna(tmp_path / "rna.csv", [], header=header)

    with pytest.raises(MissingColumns) as caught:
        run(path, tmp_path, generic)
    assert caught.value.names == ["titre", "maj_time"]
    assert str(caught.value) == "The header lacks required columns: titre, maj_time"
    assert not Organisation.objects.exists()


def test_rejects_file_lists_bad_rows_with_line_numbers(tmp_path, generic):
    path = write_rna(
        tmp_path / "rna.csv",
        [
            rna_line(id="W863000001"),
            rna_line(id="863000002"),
            rna_line(id="W863000003", titre=""),
            rna_line(id="W863000004", date_creat="2019-13-45"),
            rna_line(id="W863000005", maj_time="hier"),
            rna_line(id="W863000006", position="Z"),
            rna_line(id="W863000007") + ";extra",
            rna_line(id="W863000008", objet="sur\ndeux lignes"),
            rna_line(id="W863000009", adrs_codeinsee="ABCDE"),
        ],
    )
    summary = run(path, tmp_path, generic)

    assert (summary.read, summary.inserted, summary.rejected) == (9, 3, 6)
    rows = read_rejects(tmp_path / "rejects.csv")
    assert [(row["line"], row["reason"]) for row in rows] == [
        ("3", "bad RNA number: 863000002"),
        ("4", "missing title"),
        ("5", "bad date in date_creat: 2019-13-45"),
        ("6", "bad date in maj_time: hier"),
        ("7", "unknown position code: Z"),
        ("8", "wrong number of columns: 42 instead of 41"),
        ("11", "bad commune code ABCDE: imported without it"),
    ]
    assert rows[0]["raw"] == rna_line(id="863000002")
    assert Organisation.objects.get(rna="W863000008").mission == "sur\ndeux lignes"
    saved = read_summary(tmp_path / "rejects.csv")
    assert (saved["read"], saved["inserted"], saved["rejected"]) == (9, 3, 6)


def test_the_same_association_twice_in_a_batch_keeps_the_newest(tmp_path, generic):
    path = write_rna(
        tmp_path / "rna.csv",
        [
            rna_line(titre="NOUVEAU", maj_time="2021-01-01 00:00:00"),
            rna_line(titre="ANCIEN", maj_time="2019-01-01 00:00:00"),
        ],
    )
    summary = run(path, tmp_path, generic)

    assert (summary.inserted, summary.rejected) == (1, 1)
    assert Organisation.objects.get().name == "NOUVEAU"
    (reject,) = read_rejects(tmp_path / "rejects.csv")
    assert reject["line"] == "3"
    assert reject["reason"] == "same identifier W863000123 as line 2, which is kept"
