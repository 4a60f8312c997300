"""Reading the workbook: item rows and languages with openpyxl, the survey tree with pyxform."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alliances.surveys.xlsform.problems import Problem, XLSFormError, file_problem

MAX_ROWS = 3000
MAX_COLUMNS = 200
MAX_EMPTY_RUN = 1000
_ROW_IN_MESSAGE = re.compile(r"\[row\s*:\s*(\d+)\]", re.IGNORECASE)
_SHEET_IN_MESSAGE = re.compile(r"'?(survey|choices|settings|external_choices)'? sheet", re.I)
# "label::English (en)", and the older "label:English".
_TRANSLATED_COLUMN = re.compile(
    r"^(label|hint|constraint_message|required_message|jr:constraintmsg|jr:requiredmsg|"
    r"constraint-msg|required-msg)\s*::?\s*(.+)$",
    re.IGNORECASE,
)


def read_bytes(file: Any) -> bytes:
    if isinstance(file, bytes):
        return file
    if hasattr(file, "chunks"):  # a Django UploadedFile
        return b"".join(file.chunks())
    return file.read()


@dataclass
class Sheets:
    rows: dict[str, int]  # survey item name → spreadsheet row
    types: dict[str, int]
    languages: list[str]
    default_language: str | None
    title: str


def read_workbook(data: bytes) -> Sheets:
    """Rows and languages from the spreadsheet itself (pyxform's tree keeps neither)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise file_problem(
            _("The file could not be read as an Excel workbook (.xlsx). Save it again as .xlsx.")
        ) from None
    try:
        sheets = {name.strip().lower(): workbook[name] for name in workbook.sheetnames}
        if "survey" not in sheets:
            raise XLSFormError(
                [Problem("survey", None, "sheet", _("The workbook has no “survey” sheet."))]
            )
        rows: dict[str, int] = {}
        types: dict[str, int] = {}  # type as written → first row using it
        languages: list[str] = []
        header: list[str] = []
        filled = empty_run = 0
        width = MAX_COLUMNS
        for number, values in enumerate(sheets["survey"].iter_rows(values_only=True), start=1):
            values = values[:width]
            if all(v is None or str(v).strip() == "" for v in values):
                # Formatted but empty rows: some sheets claim a million of them.
                empty_run += 1
                if empty_run > MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            filled += 1
            if filled > MAX_ROWS:
                raise XLSFormError(
                    [Problem("survey", number, "size", _("The survey sheet has too many rows."))]
                )
            if not header:
                _add_languages(values, languages)
                header = [str(v or "").strip().lower() for v in values]
                width = max((i + 1 for i, v in enumerate(header) if v), default=0)
                header = header[:width]
                continue
            if "type" in header:
                kind = str(row_type(header, values) or "").strip()
                if kind and kind not in types:
                    types[kind] = number
            row = dict(zip(header, values, strict=False))
            name = str(row.get("name") or "").strip()
            if name and name not in rows:
                rows[name] = number
        settings = _settings(sheets.get("settings"))
        if "choices" in sheets:
            for values in sheets["choices"].iter_rows(values_only=True, max_row=1):
                _add_languages(values, languages)
        return Sheets(
            rows=rows,
            types=types,
            languages=languages,
            default_language=settings.get("default_language") or None,
            title=settings.get("form_title") or "",
        )
    finally:
        workbook.close()


def row_type(header: list[str], values: tuple) -> Any:
    return values[header.index("type")] if len(values) > header.index("type") else None


def _add_languages(header: tuple, languages: list[str]) -> None:
    for cell in header:
        m = _TRANSLATED_COLUMN.match(str(cell or "").strip())
        if m and m[2].strip() not in languages:
            languages.append(m[2].strip())


def _settings(sheet: Any) -> dict[str, str]:
    if sheet is None:
        return {}
    values = list(sheet.iter_rows(values_only=True, max_row=2))
    if len(values) < 2:
        return {}
    header = [str(v or "").strip().lower() for v in values[0]]
    return {k: str(v).strip() for k, v in zip(header, values[1], strict=False) if v is not None}


def _pyxform_problem(error: Exception, sheets: Sheets) -> Problem:
    message = str(error).strip() or error.__class__.__name__
    row = _ROW_IN_MESSAGE.search(message)
    sheet = _SHEET_IN_MESSAGE.search(message)
    number = int(row[1]) if row else None
    if number is None:
        # Some messages only quote the type or the name, as "Unknown question type 'x'."
        for quoted in re.findall(r"'([^']+)'", message):
            number = sheets.types.get(quoted) or sheets.rows.get(quoted)
            if number:
                break
    return Problem(
        sheet=sheet[1].lower() if sheet else "survey",
        row=number,
        feature="xlsform",
        message=message,
    )


def pyxform_tree(data: bytes, sheets: Sheets) -> dict:
    """pyxform's survey tree, after pyxform and its builder have checked the whole form."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    warnings: list[str] = []
    try:
        workbook = get_xlsform(xlsform=io.BytesIO(data))
        tree = workbook_to_json(
            workbook_dict=workbook,
            form_name="data",
            fallback_form_name="data",
            default_language="default",
            warnings=warnings,
        )
        survey = create_survey_element_from_dict(tree)
        survey.to_xml(validate=False, pretty_print=False, warnings=warnings)
    except Exception as error:  # pyxform signals problems of the form with several kinds
        raise XLSFormError([_pyxform_problem(error, sheets)]) from None
    return tree
