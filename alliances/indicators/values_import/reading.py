"""Reading an uploaded file (XLSX or CSV) into rows of cells."""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from alliances.indicators.values_import.columns import MAX_ROWS, ImportFileError
from alliances.lib.uploads import refuse_unsafe_zip


def read_table(content: bytes, filename: str) -> list[list]:
    """The cells of the first sheet, row by row; raises ImportFileError."""
    if not content.strip():
        raise ImportFileError(_("This file is empty."))
    name = filename.lower()
    if content[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        return _read_xlsx(content)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith((".xls", ".ods")):
        raise ImportFileError(
            _("This spreadsheet format is not read: save the file as XLSX or CSV and try again.")
        )
    if b"\x00" in content[:2048]:
        raise ImportFileError(_("This file is neither an XLSX spreadsheet nor a CSV file."))
    return _read_csv(content)


def _read_xlsx(content: bytes) -> list[list]:
    try:
        # Refuses zip bombs before openpyxl decompresses anything; openpyxl's message below
        # tells of damaged files.
        refuse_unsafe_zip(content)
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from exc
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise ImportFileError(
            _("This file cannot be read as an XLSX spreadsheet: open it and save it again.")
        ) from exc
    return rows


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))[: MAX_ROWS + 2]
    except csv.Error as exc:
        raise ImportFileError(
            _("This CSV file cannot be read: %(error)s") % {"error": exc}
        ) from exc
