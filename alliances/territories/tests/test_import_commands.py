"""The register commands end to end: generate, import, import again."""

import io

import pytest
from django.core.management import CommandError, call_command

from alliances.organisations.models import Organisation
from alliances.territories.tests.registers import write_rna


def call(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
def test_generate_and_import_rna_files(tmp_path):
    first, second = tmp_path / "waldec.csv", tmp_path / "import.csv"
    output = call("generate_rna", str(first), rows=120, bad_share=0.05, seed=4)
    assert f"{first}: 120 rows (waldec, utf-8); bad rows: " in output
    call("generate_rna", str(second), rows=80, layout="import", encoding="cp1252", seed=5)

    output = call("import_rna", str(first), str(second), rejects=tmp_path / "rna-rejects.csv")

    assert f"{first}: read 120, inserted " in output
    assert f"{second}: read 80, inserted " in output
    assert (tmp_path / "rna-rejects.csv").exists()
    assert (tmp_path / "rna-rejects-2.csv").exists()
    assert (tmp_path / "rna-summary.json").exists()
    count = Organisation.objects.count()

    output = call("import_rna", str(first), rejects=tmp_path / "again.csv")
    assert ", inserted 0, updated 0, unchanged " in output
    assert Organisation.objects.count() == count


@pytest.mark.django_db
def test_generate_and_import_sirene_files(tmp_path):
    units, sites = tmp_path / "units.csv", tmp_path / "sites.csv"
    output = call("generate_sirene", str(units), rows=150, etablissements=str(sites), seed=2)
    assert f"{units}: 150 rows; bad rows: " in output

    output = call(
        "import_sirene", str(units), etablissements=str(sites), rejects=tmp_path / "s.csv"
    )

    assert f"{units}: read 150, inserted " in output
    assert f"{sites}: read " in output
    assert (tmp_path / "s-2.csv").exists()
    assert Organisation.objects.exclude(commune_code="").exists()


@pytest.mark.django_db
def test_a_header_without_required_columns_fails_naming_them(tmp_path):
    path = write_rna(tmp_path / "rna.csv", [], header=["id", "titre", "libcom", "adr1"])

    with pytest.raises(CommandError) as caught:
        call("import_rna", str(path), rejects=tmp_path / "r.csv")

    assert str(caught.value) == (
        f"{path}: The header lacks required columns: objet, objet_social1, date_creat, "
        "adrs_codeinsee, adrs_codepostal, position, maj_time"
    )


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file: .*nowhere.csv"):
        call("import_rna", str(tmp_path / "nowhere.csv"))
