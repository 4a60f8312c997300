"""Importing a survey written as an XLSForm spreadsheet (the format of ODK, KoboToolbox, Enketo).

pyxform reads and checks the workbook exactly as those tools would, then its survey tree is
mapped to our definition format (docs/surveys.md). openpyxl gives each item's spreadsheet row,
so that every problem names the sheet and row to fix. Questions we cannot show yet (maps,
photos, external files...) refuse the file, unless the person chose to leave them out. Device
and personal metadata (device id, phone number, user name...) are never collected.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from alliances.surveys.definition import validate_definition
from alliances.surveys.expressions import ExpressionError, compile_expression

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3000
MAX_COLUMNS = 200
MAX_EMPTY_RUN = 1000

TYPES = {
    "text": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "datetime": "datetime",
    "dateTime": "datetime",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "note": "note",
    "acknowledge": "acknowledge",
    "calculate": "calculate",
    "start": "start",
    "end": "end",
    "today": "today",
}
# Identify the device or the person: never collected, whatever the form asks.
NEVER_COLLECTED = frozenset(
    {"deviceid", "simserial", "phonenumber", "subscriberid", "username", "email", "audit"}
    | {"start-geopoint", "background-geopoint"}
)
EXTERNAL_FILE = re.compile(r"\.(csv|xml|geojson)$", re.IGNORECASE)
UNSUPPORTED_APPEARANCE = re.compile(r"search\(|pulldata|^ex:|external", re.IGNORECASE)
_ROW_IN_MESSAGE = re.compile(r"\[row\s*:\s*(\d+)\]", re.IGNORECASE)
_SHEET_IN_MESSAGE = re.compile(r"'?(survey|choices|settings|external_choices)'? sheet", re.I)
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"no", "false", "false()", "0", ""}
# "label::English (en)", and the older "label:English".
_TRANSLATED_COLUMN = re.compile(
    r"^(label|hint|constraint_message|required_message|jr:constraintmsg|jr:requiredmsg|"
    r"constraint-msg|required-msg)\s*::?\s*(.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    feature: str
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return self.message


@dataclass
class XLSFormResult:
    definition: dict
    title: str
    problems: list[Problem] = field(default_factory=list)  # always empty: problems refuse
    left_out: list[Problem] = field(default_factory=list)  # unsupported, left out on request
    notes: list[Problem] = field(default_factory=list)  # never collected, ignored columns


class XLSFormError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _read_bytes(file: Any) -> bytes:
    if isinstance(file, bytes):
        return file
    if hasattr(file, "chunks"):  # a Django UploadedFile
        return b"".join(file.chunks())
    return file.read()


def _file_problem(message: str) -> XLSFormError:
    return XLSFormError([Problem(sheet="", row=None, feature="file", message=message)])


@dataclass
class _Sheets:
    rows: dict[str, int]  # survey item name → spreadsheet row
    types: dict[str, int]
    languages: list[str]
    default_language: str | None
    title: str


def _read_workbook(data: bytes) -> _Sheets:
    """Rows and languages from the spreadsheet itself (pyxform's tree keeps neither)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise _file_problem(
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
        return _Sheets(
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


def _pyxform_problem(error: Exception, sheets: _Sheets) -> Problem:
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


def _pyxform_tree(data: bytes, sheets: _Sheets) -> dict:
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


def import_xlsform(
    file: BinaryIO | bytes, *, filename: str, leave_out_unsupported: bool
) -> XLSFormResult:
    """Read an XLSForm workbook into a survey definition, or raise XLSFormError."""
    try:
        data = _read_bytes(file)
    except OSError:
        raise _file_problem(_("The file could not be read.")) from None
    if len(data) > MAX_FILE_BYTES:
        raise _file_problem(_("The file is too large (at most 5 MB)."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _file_problem(
            _("This is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx and try again.")
        )
    sheets = _read_workbook(data)
    tree = _pyxform_tree(data, sheets)
    converter = _Converter(sheets, tree)
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


class _Converter:
    """pyxform's tree → our items, collecting what is left out and what is wrong."""

    def __init__(self, sheets: _Sheets, tree: dict):
        self.rows = sheets.rows
        languages = list(sheets.languages)
        default = sheets.default_language or tree.get("default_language")
        if default and default != "default":
            languages = [default] + [lang for lang in languages if lang != default]
        self.languages = languages or ["default"]
        self.problems: list[Problem] = []
        self.unsupported: list[Problem] = []
        self.notes: list[Problem] = []
        self.left_out_names: set[str] = set()

    def problem(self, name: str, feature: str, message: str) -> Problem:
        return Problem("survey", self.rows.get(name), feature, message)

    def texts(self, value: Any, substitute: dict | None = None) -> dict | None:
        """A text in every language we know; the plain column fills missing translations."""
        if value in (None, "", {}):
            return None
        if not isinstance(value, dict):
            value = {self.languages[0]: value}
        texts = {str(k): str(v) for k, v in value.items() if v not in (None, "")}
        fallback = texts.pop("default", None) if self.languages != ["default"] else None
        for language in self.languages:
            if language not in texts and fallback:
                texts[language] = fallback
        if self.languages[0] not in texts and texts:
            texts[self.languages[0]] = next(iter(texts.values()))
        if substitute:
            for language, text_value in texts.items():
                values = {k: v(language) for k, v in substitute.items()}
                texts[language] = text_value.replace("%(label)s", values["label"]).replace(
                    "%(name)s", values["name"]
                )
        ordered = {lang: texts[lang] for lang in self.languages if lang in texts}
        ordered.update((k, v) for k, v in texts.items() if k not in ordered)
        return ordered or None

    def items(self, children: list, loop: dict | None) -> list[dict]:
        items = []
        for child in children:
            item = self.item(child, loop)
            if isinstance(item, list):
                items.extend(item)
            elif item is not None:
                items.append(item)
        return items

    def item(self, child: dict, loop: dict | None) -> dict | list | None:
        kind = str(child.get("type") or "")
        name = str(child.get("name") or "")
        control = child.get("control") or {}
        if kind == "group" and control.get("bodyless"):
            return None  # pyxform's own "meta" group (instance identifiers)
        if kind in NEVER_COLLECTED or kind.startswith("uri:"):
            self.left_out_names.add(name)
            self.notes.append(
                self.problem(
                    name,
                    kind,
                    _(
                        "“%(name)s” (%(type)s) identifies the device or the person: it is never "
                        "collected."
                    )
                    % {"name": name, "type": kind},
                )
            )
            return None
        if kind == "loop":
            return self.loop(child)
        reason = self.unsupported_reason(child, kind)
        if reason:
            self.left_out_names.add(name)
            self.unsupported.append(
                self.problem(name, reason, self.unsupported_message(name, reason))
            )
            return None
        if loop is not None:
            name = f"{loop['prefix']}_{name}"
        item: dict[str, Any] = {"name": name}
        substitute = loop["substitute"] if loop else None
        if kind in ("group", "repeat"):
            item["type"] = kind
        else:
            item["type"] = TYPES[kind]
        label = self.texts(child.get("label"), substitute)
        if label:
            item["label"] = label
        elif item["type"] not in ("calculate", "start", "end", "today", "group", "repeat"):
            item["label"] = {self.languages[0]: name}
        hint = self.texts(child.get("hint"), substitute)
        if hint:
            item["hint"] = hint
        if child.get("media"):
            self.notes.append(
                self.problem(
                    name,
                    "media",
                    _("The images, sounds or videos of “%(name)s” are not shown.") % {"name": name},
                )
            )
        self.bind(child, item, loop)
        appearance = str(control.get("appearance") or "").strip()
        if appearance:
            item["appearance"] = appearance
        if kind in ("group", "repeat"):
            if kind == "repeat" and control.get("jr:count"):
                item["repeat_count"] = self.expression(name, "repeat_count", control["jr:count"])
            item["items"] = self.items(child.get("children") or [], loop)
        if item["type"] in ("select_one", "select_multiple"):
            item["choices"] = self.choices(child.get("choices") or [])
            if child.get("choice_filter"):
                item["choice_filter"] = self.expression(
                    name, "choice_filter", child["choice_filter"]
                )
        if child.get("default") not in (None, ""):
            item["default"] = str(child["default"])
        row = self.rows.get(str(child.get("name") or ""))
        if row:
            item["row"] = row
        return item

    def loop(self, child: dict) -> list[dict]:
        """`begin loop over list`: one group per choice, %(name)s and %(label)s filled in."""
        groups = []
        for column in child.get("columns") or []:
            column_name = str(column.get("name"))
            column_label = self.texts(column.get("label")) or {}
            prefix = f"{child['name']}_{column_name}"

            def label_in(language, labels=column_label, fallback=column_name):
                return labels.get(language) or next(iter(labels.values()), fallback)

            substitute = {"label": label_in, "name": lambda language, n=column_name: n}
            loop = {"prefix": prefix, "substitute": substitute, "name": column_name}
            group = {
                "type": "group",
                "name": prefix,
                "label": column_label or {self.languages[0]: column_name},
                "items": self.items(child.get("children") or [], loop),
            }
            row = self.rows.get(str(child.get("name")))
            if row:
                group["row"] = row
            groups.append(group)
        return groups

    def unsupported_reason(self, child: dict, kind: str) -> str | None:
        if kind in ("select one", "select all that apply"):
            if EXTERNAL_FILE.search(str(child.get("itemset") or "")):
                return (
                    "select_one_from_file"
                    if kind == "select one"
                    else ("select_multiple_from_file")
                )
        elif kind not in TYPES and kind not in ("group", "repeat"):
            return kind or "type"
        appearance = str((child.get("control") or {}).get("appearance") or "")
        if UNSUPPORTED_APPEARANCE.search(appearance):
            return f"appearance {appearance}"
        return None

    def unsupported_message(self, name: str, reason: str) -> str:
        return _(
            "“%(name)s” uses %(feature)s, which surveys here cannot show yet. Remove it from the "
            "form, or import again choosing to leave such questions out."
        ) % {"name": name, "feature": reason}

    def bind(self, child: dict, item: dict, loop: dict | None) -> None:
        bind = child.get("bind") or {}
        name = item["name"]
        for source, key in (("relevant", "relevant"), ("constraint", "constraint")):
            if bind.get(source):
                item[key] = self.expression(name, key, bind[source], loop)
        if bind.get("calculate"):
            item["calculation"] = self.expression(name, "calculation", bind["calculate"], loop)
        required = str(bind.get("required", "")).strip()
        if required.lower() in _TRUE:
            item["required"] = True
        elif required.lower() not in _FALSE:
            item["required"] = self.expression(name, "required", required, loop)
        for source, key in (
            ("jr:constraintMsg", "constraint_message"),
            ("jr:requiredMsg", "required_message"),
        ):
            text_value = self.texts(bind.get(source))
            if text_value:
                item[key] = text_value
        if str(bind.get("readonly", "")).strip().lower() in _TRUE:
            item["read_only"] = True

    def expression(self, name: str, key: str, text_value: Any, loop: dict | None = None) -> str:
        expression = str(text_value).strip()
        if loop is not None:
            expression = expression.replace("%(name)s", loop["name"])
        try:
            compile_expression(expression)
        except ExpressionError as error:
            self.problems.append(
                self.problem(
                    name,
                    "expression",
                    _("The %(key)s of “%(name)s” cannot be read: %(error)s")
                    % {"key": key, "name": name, "error": error.message},
                )
            )
        return expression

    def choices(self, choices: list) -> list[dict]:
        converted = []
        for choice in choices:
            entry: dict[str, Any] = {"name": str(choice.get("name"))}
            label = self.texts(choice.get("label"))
            entry["label"] = label or {self.languages[0]: entry["name"]}
            extra = {
                str(k): str(v)
                for k, v in choice.items()
                if k not in ("name", "label", "media", "image", "audio", "video")
                and isinstance(v, (str, int, float))
            }
            if extra:
                entry["filter"] = extra
            converted.append(entry)
        return converted
