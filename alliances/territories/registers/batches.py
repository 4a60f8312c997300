"""From records to batches of parsed rows, read ahead in a thread.

Parsing is Python work; writing a batch is mostly the database's work. Reading the next
batch while the database writes the previous one keeps both busy (the driver releases the
GIL while it waits for the server).
"""

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from alliances.territories.registers.reading import CsvSource, raw_text
from alliances.territories.registers.rows import Row
from alliances.territories.registers.values import BadValue


@dataclass
class Chunk:
    rows: list[Row]
    # (line, reason, raw) of the rows rejected since the previous chunk.
    rejects: list[tuple[int, str, str]] = field(default_factory=list)
    # Totals since the start of this reading, at the end of the chunk.
    lines_done: int = 0
    fraction: float = 0.0
    read: int = 0
    rejected: int = 0


class _Batch:
    def __init__(self, unique_columns: tuple[str, ...]) -> None:
        self.unique_columns = unique_columns
        self.rows: list[Row] = []
        self.by_key: dict[str, int] = {}
        self.holders: dict[tuple[str, str], int] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: Row) -> Row | None:
        """Add `row`; return the row it displaces (same key, older), or `row` itself."""
        dropped = None
        index = self.by_key.get(row.key)
        if index is not None:
            kept = self.rows[index]
            if not _newer(row, kept):
                return row
            self.rows[index] = row
            dropped = kept
            for column in self.unique_columns:
                holder = (column, kept.values.get(column))
                if self.holders.get(holder) == kept.line:
                    del self.holders[holder]
        else:
            self.by_key[row.key] = len(self.rows)
            self.rows.append(row)
        for column in self.unique_columns:
            value = row.values.get(column)
            if not value:
                continue
            holder = self.holders.setdefault((column, value), row.line)
            if holder != row.line:
                for name in self.unique_columns:
                    row.values[name] = ""
                row.warnings.append(
                    _("%(column)s %(value)s also given on line %(line)s: imported without it")
                    % {"column": column.upper(), "value": value, "line": holder}
                )
                break
        return dropped


def _newer(row: Row, other: Row) -> bool:
    mine, theirs = row.values.get("registry_updated_at"), other.values.get("registry_updated_at")
    if mine is None or theirs is None or mine == theirs:
        return True
    return mine > theirs


def read_chunks(source: CsvSource, parser, size: int) -> Iterator[Chunk]:
    """The records of `source`, `size` at a time, parsed (each key once per chunk), with the
    rejected ones. Chunks are cut by records read, not rows kept, so that memory and the
    resume point move on even through long runs of rejected or skipped records."""
    batch = _Batch(parser.unique_columns)
    rejects: list[tuple[int, str, str]] = []
    read = rejected = 0
    cut = size

    def chunk(lines_done: int) -> Chunk:
        return Chunk(batch.rows, rejects, lines_done, source.fraction, read, rejected)

    for record in source:
        if read == cut:
            # The chunk ends with the previous record.
            yield chunk(record.line - 1)
            batch, rejects, cut = _Batch(parser.unique_columns), [], cut + size
        read += 1
        if record.error:
            rejected += 1
            rejects.append((record.line, record.error, raw_text(record)))
            continue
        try:
            row = parser.parse(record.fields)
        except BadValue as exc:
            rejected += 1
            rejects.append((record.line, str(exc), raw_text(record)))
            continue
        if row is None:
            continue
        row.line = record.line
        row.raw = record.raw
        if record.warnings:
            row.warnings[:0] = record.warnings
        dropped = batch.add(row)
        if dropped is not None:
            kept = batch.rows[batch.by_key[dropped.key]]
            rejected += 1
            reason = _("same identifier %(key)s as line %(line)s, which is kept") % {
                "key": dropped.key,
                "line": kept.line,
            }
            rejects.append((dropped.line, reason, dropped.raw.rstrip("\r\n")))
    yield chunk(source.line)


class ReadAhead:
    """Iterate `chunks`, reading the next one in a thread while the consumer waits for the
    database. The consumer calls `read_next()` when it starts waiting (after its own Python
    work, such as feeding COPY): both threads need the GIL, so reading at any other time
    would only slow the consumer down."""

    _END = object()

    def __init__(self, chunks: Iterator[Chunk]) -> None:
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.stop = threading.Event()
        self.wanted = threading.Semaphore(1)
        # Translations are per thread: reasons are written in the caller's language.
        language = translation.get_language()
        self.thread = threading.Thread(target=self._fill, args=(chunks, language), daemon=True)
        self.thread.start()

    def read_next(self) -> None:
        self.wanted.release()

    def _put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _fill(self, chunks: Iterator[Chunk], language: str | None) -> None:
        try:
            with translation.override(language):
                while self._wait():
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    if not self._put(chunk):
                        return
        except BaseException as exc:  # noqa: BLE001 (re-raised in the consumer)
            self._put(exc)
            return
        self._put(self._END)

    def _wait(self) -> bool:
        while not self.stop.is_set():
            if self.wanted.acquire(timeout=0.1):
                return True
        return False

    def __iter__(self) -> Iterator[Chunk]:
        while True:
            item = self.queue.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
