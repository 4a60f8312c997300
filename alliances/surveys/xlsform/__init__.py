"""Importing a survey written as an XLSForm spreadsheet (the format of ODK, KoboToolbox, Enketo).

pyxform reads and checks the workbook exactly as those tools would, then its survey tree is
mapped to our definition format (docs/surveys.md). openpyxl gives each item's spreadsheet row,
so that every problem names the sheet and row to fix. Questions we cannot show yet (maps,
photos, external files...) refuse the file, unless the person chose to leave them out. Device
and personal metadata (device id, phone number, user name...) are never collected.

Modules: problems (what is reported), reading (the workbook and pyxform's tree), mapping
(pyxform's tree → our items).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliances.lib.uploads import check_zip
from alliances.surveys.definition import validate_definition
from alliances.surveys.xlsform.mapping import (
    NEVER_COLLECTED,
    TYPES,
    Converter,
)
from alliances.surveys.xlsform.problems import Problem, XLSFormError, XLSFormResult, file_problem
from alliances.surveys.xlsform.reading import (
    MAX_COLUMNS,
    MAX_EMPTY_RUN,
    MAX_ROWS,
    pyxform_tree,
    read_bytes,
    read_workbook,
)

MAX_FILE_BYTES = 5 * 1024 * 1024

__all__ = [
    "MAX_COLUMNS",
    "MAX_EMPTY_RUN",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "NEVER_COLLECTED",
    "TYPES",
    "Problem",
    "XLSFormError",
    "XLSFormResult",
    "import_xlsform",
]


def import_xlsform(
    file: BinaryIO | bytes, *, filename: str, leave_out_unsupported: bool
) -> XLSFormResult:
    """Read an XLSForm workbook into a survey definition, or raise XLSFormError."""
    try:
        data = read_bytes(file)
    except OSError:
        raise file_problem(_("The file could not be read.")) from None
    if len(data) > MAX_FILE_BYTES:
        raise file_problem(_("The file is too large (at most 5 MB)."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise file_problem(
            _("This is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx and try again.")
        )
    try:
        # Refuses zip bombs before openpyxl or pyxform decompress anything.
        check_zip(data)
    except ValidationError as exc:
        raise file_problem(exc.messages[0]) from None
    sheets = read_workbook(data)
    tree = pyxform_tree(data, sheets)
    converter = Converter(sheets, tree)
    items = converter.items(tree.get("children") or [], loop=None)
    problems = converter.problems
    if converter.unsupported and not leave_out_unsupported:
        problems = [*converter.unsupported, *problems]
    if problems:
        raise XLSFormError(problems)
    definition: dict[str, Any] = {"languages": converter.languages, "items": items}
    if converter.left_out_names:
        definition["left_out"] = sorted(converter.left_out_names)
    messages = validate_definition(definition)
    if messages:
        raise XLSFormError([Problem("survey", None, "definition", m) for m in messages])
    title = sheets.title or PurePath(filename or "").stem or _("Imported survey")
    return XLSFormResult(
        definition=definition,
        title=title[:200],
        left_out=converter.unsupported,
        notes=converter.notes,
    )
