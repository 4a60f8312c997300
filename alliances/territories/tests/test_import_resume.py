"""An interrupted import resumes after its last committed batch, without duplicates."""

from pathlib import Path

import pytest

from alliances.organisations.models import Organisation
from alliances.territories.models import ImportRun, ImportStatus
from alliances.territories.registers.rna import rna_import
from alliances.territories.tests.registers import (
    both_paths,
    read_rejects,
    rna_line,
    var_dir,  # noqa: F401 (fixture)
    write_rna,
)

pytestmark = [pytest.mark.django_db, both_paths, pytest.mark.usefixtures("var_dir")]


class Interrupted(Exception):
    """Stands for a crash or a Ctrl-C in the middle of an import."""


def stop(run):
    raise Interrupted


def the_file(tmp_path):
    rows = [rna_line(id=f"W8630000{n:02d}") for n in range(1, 6)]
    rows.insert(3, rna_line(id="bad"))
    return write_rna(tmp_path / "rna.csv", rows)


def test_a_run_stopped_after_a_batch_resumes_after_it(tmp_path, generic):
    path = the_file(tmp_path)
    with pytest.raises(Interrupted):
        rna_import(path=path, batch_size=2, on_batch=stop, generic=generic)

    run = ImportRun.objects.get()
    assert (run.status, run.lines_done, run.inserted) == (ImportStatus.FAILED, 3, 2)
    assert Organisation.objects.count() == 2

    summary = rna_import(path=path, batch_size=2, generic=generic)

    assert summary.notes[0] == "Resumed after line 3, where an interrupted import had stopped."
    assert (summary.read, summary.inserted, summary.unchanged, summary.rejected) == (4, 3, 0, 1)
    assert Organisation.objects.count() == 5
    run.refresh_from_db()
    assert (run.status, run.read, run.inserted, run.rejected) == (ImportStatus.FINISHED, 6, 5, 1)
    assert ImportRun.objects.count() == 1
    rejects = read_rejects(Path(summary.rejects_file))
    assert [row["line"] for row in rejects] == ["5"]


def test_a_crash_inside_a_batch_loses_and_repeats_nothing(tmp_path, generic, monkeypatch):
    from alliances.territories.registers import rna

    path = the_file(tmp_path)
    parse = rna.RnaParser.parse
    seen = []

    def crash_on_the_fifth_row(self, fields):
        seen.append(fields)
        if len(seen) == 5:
            raise RuntimeError("disk full")
        return parse(self, fields)

    monkeypatch.setattr(rna.RnaParser, "parse", crash_on_the_fifth_row)
    with pytest.raises(RuntimeError):
        rna_import(path=path, rejects=tmp_path / "rejects.csv", batch_size=2, generic=generic)
    monkeypatch.undo()
    run = ImportRun.objects.get()
    # Batches of 2 records: lines 2-3 and 4-5 were committed, 6-7 were not.
    assert (run.lines_done, run.message) == (5, "disk full")
    assert Organisation.objects.count() == 3

    summary = rna_import(path=path, batch_size=2, generic=generic)

    assert summary.inserted == 2
    assert sorted(Organisation.objects.values_list("rna", flat=True)) == [
        f"W8630000{n:02d}" for n in range(1, 6)
    ]


def test_restart_reads_the_file_from_the_top(tmp_path, generic):
    path = the_file(tmp_path)
    with pytest.raises(Interrupted):
        rna_import(path=path, batch_size=2, on_batch=stop, generic=generic)

    summary = rna_import(path=path, batch_size=2, restart=True, generic=generic)

    assert (summary.read, summary.inserted, summary.unchanged) == (6, 3, 2)
    assert list(ImportRun.objects.order_by("pk").values_list("status", flat=True)) == [
        ImportStatus.FAILED,
        ImportStatus.FINISHED,
    ]


def test_a_finished_file_is_read_again_and_found_unchanged(tmp_path, generic):
    path = the_file(tmp_path)
    rna_import(path=path, batch_size=2, generic=generic)

    summary = rna_import(path=path, batch_size=2, generic=generic)

    assert (summary.read, summary.inserted, summary.updated, summary.unchanged) == (6, 0, 0, 5)
    assert summary.notes[0] != "Resumed after line 3, where an interrupted import had stopped."
    assert ImportRun.objects.count() == 2


def test_progress_moves_on_through_rejected_rows(tmp_path, generic):
    path = write_rna(tmp_path / "rna.csv", [rna_line(id=f"bad{n}") for n in range(5)])
    committed = []

    def record(run):
        committed.append(ImportRun.objects.get(pk=run.pk).lines_done)

    summary = rna_import(path=path, batch_size=2, on_batch=record, generic=generic)

    assert (summary.read, summary.rejected) == (5, 5)
    assert committed == [3, 5, 6]
