"""The loop every register import shares: read, parse, batch, write, count, resume.

A file is read once, in batches; each batch is written and its progress recorded in the
`ImportRun` of the file in one transaction, so an interrupted import resumes after the last
committed line. Bad rows go to a rejects file (line;reason;raw) written next to a summary.
"""

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.models import Interface
from alliances.lib.progress import Progress
from alliances.territories.models import ImportRun, ImportStatus
from alliances.territories.registers.batches import ReadAhead, read_chunks
from alliances.territories.registers.reading import RAW_LIMIT, CsvSource, file_fingerprint
from alliances.territories.registers.rows import Row, WriteResult
from alliances.territories.summary import ImportSummary

DEFAULT_BATCH = 10_000


class MissingColumns(Exception):
    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _("The header lacks required columns: %(names)s") % {"names": ", ".join(names)}
        )


class Writer(Protocol):
    def write(self, rows: list[Row], *, waiting: Callable[[], None]) -> WriteResult: ...

    def close(self) -> None: ...


class Parser(Protocol):
    source: str
    delimiter: str
    # Identifiers that must stay unique: a second row of the batch with one loses it.
    unique_columns: tuple[str, ...]

    def bind(self, header: list[str]) -> None: ...

    def writer(self, *, generic: bool) -> Writer: ...

    def parse(self, fields: list[str]) -> Row | None: ...

    def notes(self) -> list[str]: ...


def report_paths(source: str, file_path: Path, rejects: Path | None) -> tuple[Path, Path]:
    if rejects is None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        rejects = (
            Path(settings.VAR_DIR) / "imports" / f"{source}-{stamp}-{file_path.stem}-rejects.csv"
        )
    name = rejects.name.removesuffix(".csv").removesuffix("-rejects")
    return rejects, rejects.with_name(f"{name}-summary.json")


@dataclass(kw_only=True)
class ImportOptions:
    rejects: Path | None = None
    restart: bool = False
    batch_size: int = DEFAULT_BATCH
    stream: TextIO | None = None
    # Called after each committed batch; tests interrupt an import from it.
    on_batch: Callable[[ImportRun], None] | None = None
    # The portable ORM path even on PostgreSQL (tests compare both paths).
    generic: bool = False


def _open_run(*, source: str, path: Path, fingerprint: str, restart: bool) -> ImportRun:
    previous = (
        ImportRun.objects.filter(source=source, fingerprint=fingerprint)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is not None and previous.status != ImportStatus.FINISHED:
        if not restart:
            previous.status = ImportStatus.RUNNING
            previous.save(update_fields=["status", "updated_at"])
            return previous
        previous.status = ImportStatus.FAILED
        previous.message = _("Abandoned: the file was imported again from the top.")
        previous.save(update_fields=["status", "message", "updated_at"])
    return ImportRun.objects.create(source=source, file_name=str(path), fingerprint=fingerprint)


def import_file(*, path: Path, parser: Parser, options: ImportOptions) -> ImportSummary:
    """Import one register file; raise MissingColumns before writing anything if the header
    lacks what `parser` needs."""
    started = time.monotonic()
    source = CsvSource(path, delimiter=parser.delimiter)
    writer: Writer | None = None
    run: ImportRun | None = None
    try:
        parser.bind(source.header())
        writer = parser.writer(generic=options.generic)
        run = _open_run(
            source=parser.source,
            path=path,
            fingerprint=file_fingerprint(path),
            restart=options.restart,
        )
        resumed_after = run.lines_done
        if options.rejects is None and run.rejects_file:
            rejects_path, summary_path = report_paths(parser.source, path, Path(run.rejects_file))
        else:
            rejects_path, summary_path = report_paths(parser.source, path, options.rejects)
        rejects_path.parent.mkdir(parents=True, exist_ok=True)
        append = bool(resumed_after) and rejects_path.exists()
        with rejects_path.open("a" if append else "w", encoding="utf-8", newline="") as out:
            rejects = csv.writer(out, delimiter=";")
            if not append:
                rejects.writerow(["line", "reason", "raw"])
            run.rejects_file = str(rejects_path)
            summary = _run(source, parser, writer, run, rejects, out, options)
    except BaseException as exc:
        if run is not None:
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.FAILED, message=str(exc)[:2000] or type(exc).__name__
            )
        raise
    finally:
        source.close()
        if writer is not None:
            writer.close()
    summary.seconds = time.monotonic() - started
    summary.rejects_file = str(rejects_path)
    if resumed_after:
        summary.notes.insert(
            0,
            _("Resumed after line %(line)s, where an interrupted import had stopped.")
            % {"line": resumed_after},
        )
    summary.write_json(summary_path)
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.FINISHED,
            finished_at=timezone.now(),
            message="\n".join(summary.notes)[:2000],
        )
        audit_record(
            actor=None,
            verb=f"{parser.source}.imported",
            obj=run,
            interface=Interface.COMMAND,
            data=summary.as_dict(),
        )
    return summary


def _run(source, parser, writer, run, rejects, out, options) -> ImportSummary:
    summary = ImportSummary(source=parser.source, file_name=str(source.path))
    if run.lines_done:
        source.skip_to(run.lines_done)
    progress = Progress(source.path.name, stream=options.stream)
    warned = missing = 0
    chunks = ReadAhead(read_chunks(source, parser, options.batch_size))
    try:
        for chunk in chunks:
            rows = chunk.rows
            # A batch and the line it ends on are committed together: an interrupted import
            # loses nothing and repeats nothing.
            with transaction.atomic():
                result = writer.write(rows, waiting=chunks.read_next)
                summary.read, summary.rejected = chunk.read, chunk.rejected
                summary.inserted += result.inserted
                summary.updated += result.updated
                summary.unchanged += result.unchanged
                missing += result.missing
                ImportRun.objects.filter(pk=run.pk).update(
                    lines_done=chunk.lines_done,
                    read=run.read + summary.read,
                    inserted=run.inserted + summary.inserted,
                    updated=run.updated + summary.updated,
                    unchanged=run.unchanged + summary.unchanged,
                    rejected=run.rejected + summary.rejected,
                    rejects_file=run.rejects_file,
                    status=ImportStatus.RUNNING,
                )
            raws = {row.line: row.raw for row in rows}
            reports = list(chunk.rejects)
            for row in rows:
                reports.extend((row.line, reason, row.raw) for reason in row.warnings)
            reports.extend((line, reason, raws.get(line, "")) for line, reason in result.warnings)
            warned += sum(1 for row in rows if row.warnings) + len(result.warnings)
            reports.sort(key=lambda item: item[0])
            rejects.writerows(
                (line, reason, raw.rstrip("\r\n")[:RAW_LIMIT]) for line, reason, raw in reports
            )
            out.flush()
            progress.advance(len(rows), fraction=chunk.fraction)
            if options.on_batch is not None:
                options.on_batch(run)
    finally:
        chunks.close()
    progress.finish()
    notes = parser.notes()
    if missing:
        notes.append(
            _("%(count)s rows concern organisations not in the directory: left aside.")
            % {"count": missing}
        )
    if warned:
        notes.append(
            _("%(count)s rows were imported with a warning (listed in the rejects file).")
            % {"count": warned}
        )
    summary.notes.extend(notes)
    return summary
