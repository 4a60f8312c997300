"""Streaming reader of register CSV files.

Reads bytes line by line so that memory stays flat whatever the size of the file, decodes
each line (UTF-8 or Windows-1252, guessed from the start of the file; a bad byte is replaced,
never fatal), and hands the csv module one line at a time so every record keeps the number
of its first line and its raw text for the rejects file.
"""

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

SAMPLE_BYTES = 1 << 20
RAW_LIMIT = 2000
# A quoted field may span lines; a quote never closed must not swallow the whole file.
FIELD_LIMIT = 1 << 20


def file_fingerprint(path: Path) -> str:
    """Size and a hash of the first MB: cheap, and enough to recognise a file seen before."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    return hashlib.sha256(str(size).encode() + b":" + head).hexdigest()


def detect_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    # Not final: a character cut by the end of the sample is not an error.
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=False)
    errors = text.count("\ufffd")
    if not errors:
        return "utf-8"
    # Windows-1252 text almost never forms valid multi-byte UTF-8 sequences, so a file that
    # has many of them and a few bad bytes is UTF-8 with a few bad bytes.
    valid = sum(1 for char in text if char > "\x7f") - errors
    return "utf-8" if valid > errors else "cp1252"


def detect_delimiter(path: Path, encoding: str, *, preferred: str) -> str:
    with path.open("rb") as handle:
        first = handle.readline().decode(encoding, "replace")
    other = "," if preferred == ";" else ";"
    return other if first.count(other) > first.count(preferred) else preferred


@dataclass
class Record:
    line: int
    fields: list[str]
    warnings: list[str] = field(default_factory=list)
    raw: str = ""
    error: str = ""


class CsvSource:
    """Records of one CSV file. `header()` first, then optionally `skip_to(line)`, then
    iterate. `line` is the last physical line read; `bytes_read` drives the progress bar."""

    def __init__(self, path: Path, *, delimiter: str, encoding: str | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.encoding = encoding or detect_encoding(path)
        self.delimiter = detect_delimiter(path, self.encoding, preferred=delimiter)
        self.line = 0
        self.bytes_read = 0
        self._handle = path.open("rb")
        self._pending: list[str] = []
        self._warnings: list[str] = []
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        self._reader = csv.reader(
            self._lines(), delimiter=self.delimiter, quotechar='"', doublequote=True
        )

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "CsvSource":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def fraction(self) -> float:
        return self.bytes_read / self.size if self.size else 1.0

    def _lines(self) -> Iterator[str]:
        encoding = self.encoding
        for raw in self._handle:
            self.line += 1
            self.bytes_read += len(raw)
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                text = raw.decode(encoding, "replace")
                self._warnings.append(_("undecodable bytes replaced (row imported)"))
            if "\x00" in text:
                text = text.replace("\x00", "")
                self._warnings.append(_("NUL characters removed (row imported)"))
            self._pending.append(text)
            yield text

    def header(self) -> list[str]:
        record = next(iter(self), None)
        if record is None:
            return []
        return [name.strip().lstrip("\ufeff") for name in record.fields]

    def skip_to(self, line: int) -> None:
        """Skip physical lines up to `line` (always the end of a record: see `lines_done`)."""
        while self.line < line:
            raw = self._handle.readline()
            if not raw:
                break
            self.line += 1
            self.bytes_read += len(raw)

    def __iter__(self) -> Iterator[Record]:
        reader = self._reader
        pending = self._pending
        while True:
            first = self.line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                record = Record(first, [], error=_("unreadable CSV: %(error)s") % {"error": exc})
            else:
                if not fields:
                    pending.clear()
                    self._warnings.clear()
                    continue
                record = Record(first, fields)
            if self._warnings:
                record.warnings = self._warnings
                self._warnings = []
            # Most records are one line: keep a reference, join only the rare multi-line ones.
            if len(pending) == 1:
                record.raw = pending[0]
            else:
                record.raw = "".join(pending)
            pending.clear()
            yield record


def raw_text(record: Record) -> str:
    return record.raw.rstrip("\r\n")[:RAW_LIMIT]
