"""Reading an uploaded file (XLSX or CSV) into a Sheet of text cells."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliances.indicators.framework_import.columns import (
    _HEADERS,
    MAX_BYTES,
    MAX_ROWS,
    ImportFileError,
    normalise,
)
from alliances.lib.uploads import check_zip


@dataclass
class Sheet:
    """What was read from the file: headers and rows of text, kept between the preview and
    the confirmation (JSON-friendly)."""

    filename: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def as_json(self) -> dict:
        return {"filename": self.filename, "headers": self.headers, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict) -> "Sheet":
        return cls(data["filename"], list(data["headers"]), [tuple(r) for r in data["rows"]])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _table(filename: str, lines: list[tuple[int, list]]) -> Sheet:
    rows = [(number, [_cell_text(v) for v in values]) for number, values in lines]
    rows = [(number, values) for number, values in rows if any(values)]
    if not rows:
        raise ImportFileError(_("The file is empty: it has no header row and no rows."))
    header_number, headers = rows[0]
    body = rows[1:]
    if not body:
        raise ImportFileError(_("The file has a header row but no rows below it."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(count)s rows: at most %(max)s can be imported at once.")
            % {"count": len(body), "max": MAX_ROWS}
        )
    del header_number
    return Sheet(filename, headers, body)


def _is_framework_header(values) -> bool:
    return any(_HEADERS.get(normalise(_cell_text(v))) == "indicator" for v in values)


def _read_xlsx(content: bytes, filename: str) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            _("This file cannot be opened as an Excel workbook: it may be damaged.")
        ) from exc
    try:
        for worksheet in workbook.worksheets:
            lines = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if len(lines) > MAX_ROWS + 50:
                    break
                lines.append((number, list(values)))
            first = next((values for _n, values in lines if any(v is not None for v in values)), [])
            if _is_framework_header(first):
                return _table(filename, lines)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _("This file cannot be opened as an Excel workbook: it may be damaged.")
        ) from exc
    finally:
        workbook.close()
    raise ImportFileError(
        _(
            "No sheet of this workbook starts with the expected columns (Objective, Outcome, "
            "Indicator...). Download the template to see them."
        )
    )


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("This file cannot be read as text: save it again as CSV UTF-8 or .xlsx.")
            ) from exc
    if b"\x00" in content:
        raise ImportFileError(_("This file is not a spreadsheet: use .xlsx or .csv."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in Windows-1252.
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes, filename: str) -> Sheet:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        lines = [
            (number, values)
            for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
        ]
    except csv.Error as exc:
        raise ImportFileError(
            _("This CSV file cannot be read: %(error)s") % {"error": exc}
        ) from exc
    sheet = _table(filename, lines)
    if not _is_framework_header(sheet.headers):
        raise ImportFileError(
            _(
                "The first row does not have the expected columns (Objective, Outcome, "
                "Indicator...). Download the template to see them."
            )
        )
    return sheet


def read_sheet(content: bytes, *, filename: str) -> Sheet:
    """Read an uploaded file; raise ImportFileError with a message for people."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel file (.xls): open it and save it as .xlsx, then try again.")
        )
    if content.startswith(b"PK\x03\x04"):
        try:
            # Refuses zip bombs before openpyxl decompresses anything.
            names = check_zip(content)
        except ValidationError as exc:
            raise ImportFileError(exc.messages[0]) from exc
        if "xl/workbook.xml" not in names:
            raise ImportFileError(
                _("This file is not an Excel workbook: save it as .xlsx or .csv, then try again.")
            )
        return _read_xlsx(content, filename)
    return _read_csv(content, filename)
