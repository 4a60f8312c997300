"""Indicator values as spreadsheets: the template to fill in, reading it back, and the export.

The template has one row per indicator × group (the total, then each category) for a period,
with the columns below. People edit it in Excel or LibreOffice, so reading is forgiving:
XLSX or CSV, ";" or "," between fields, UTF-8 (with or without BOM) or Windows-1252, decimal
commas, dates or period labels in French or English, columns found by their header in either
language. Reading never saves anything: it says, row by row, what would change and what is
wrong (row number, column, message).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from alliances.indicators.grouping import SMALL_CELL_THRESHOLD
from alliances.indicators.models import IndicatorSource, PeriodLock, Value, ValueStatus
from alliances.indicators.periods import period_label, period_start
from alliances.indicators.selectors.values import (
    active_parties_in_partnership,
    indicator_groups,
    indicator_periods,
    indicators_in_partnership,
    may_enter,
    status_label,
)
from alliances.indicators.services.values import Entry, Figures, figure_error
from alliances.partnerships.exports import FORMULA_SIGNS
from alliances.partnerships.forms.contributions import parse_decimal

COLUMNS = ("indicator", "indicator_id", "period", "group", "value", "comment")
MAX_ROWS = 5000


def column_labels() -> dict[str, str]:
    return {
        "indicator": _("Indicator"),
        "indicator_id": _("Indicator id"),
        "period": _("Period"),
        "group": _("Group"),
        "value": _("Value"),
        "comment": _("Comment"),
    }


class ImportFileError(Exception):
    """The file cannot be read at all; the message says what to do."""


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_SIGNS) else text


def _figure_text(figure: Decimal | None) -> str:
    if figure is None:
        return ""
    return number_format(figure.normalize(), use_l10n=True)


# The template


@dataclass(frozen=True)
class TemplateRow:
    indicator: object
    period_start: date
    group: object
    figure: Decimal | None
    comment: str

    def cells(self) -> list:
        group = self.group
        return [
            self.indicator.title,
            str(self.indicator.uuid),
            period_label(self.period_start, self.indicator.frequency),
            f"{group.dimension_label}={group.category}" if group.key else "",
            self.figure,
            self.comment,
        ]


def template_rows(*, partnership, access, day: date, today: date) -> list[TemplateRow]:
    """Rows for every indicator the user may enter, in its period that contains `day`."""
    parties = active_parties_in_partnership(partnership=partnership)
    indicators = [
        indicator
        for indicator in indicators_in_partnership(partnership=partnership)
        if may_enter(access, indicator, parties)
    ]
    starts = {}
    for indicator in indicators:
        start = period_start(day, indicator.frequency)
        if start in indicator_periods(indicator, partnership=partnership, today=today):
            starts[indicator.pk] = start
    existing = {
        (value.indicator_id, value.period_start, value.disaggregation_key): value
        for value in Value.objects.filter(
            partnership=partnership, period_start__in=set(starts.values())
        )
    }
    rows = []
    for indicator in indicators:
        if indicator.pk not in starts:
            continue
        start = starts[indicator.pk]
        for group in indicator_groups(indicator):
            value = existing.get((indicator.pk, start, group.key))
            rows.append(
                TemplateRow(
                    indicator,
                    start,
                    group,
                    value.value if value else None,
                    value.comment if value and not group.key else "",
                )
            )
    return rows


def template_xlsx(rows: list[TemplateRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Values")[:31]
    sheet.append(list(column_labels().values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(c) if isinstance(c, str) else c for c in row.cells()])
    for position, width in enumerate([40, 38, 14, 30, 14, 40], start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    # The id finds the indicator even if its title is edited; nobody needs to read it.
    sheet.column_dimensions["B"].hidden = True
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Help")[:31])
    for line in _help_lines():
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _help_lines() -> list[str]:
    return [
        _("Fill in the “Value” column, then import the file on the values page."),
        _("One row per indicator and group; an empty group is the total."),
        _("An empty value leaves the figure as it is."),
        _("Numbers may use a decimal comma or point. Percentages run from 0 to 100."),
        _("The hidden column “Indicator id” finds the indicator even if its title changes."),
        _("Nothing is saved before you have checked the preview and confirmed."),
    ]


def template_csv(rows: list[TemplateRow]) -> bytes:
    decimal_comma = (translation.get_language() or "").startswith("fr")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column_labels().values())
    for row in rows:
        cells = row.cells()
        if cells[4] is not None:
            text = format(cells[4].normalize(), "f")
            cells[4] = text.replace(".", ",") if decimal_comma else text
        writer.writerow(["" if c is None else _safe(str(c)) for c in cells])
    return buffer.getvalue().encode("utf-8-sig")


def download_name(partnership, what: str, extension: str) -> str:
    slug = slugify(partnership.title)[:60] or "partnership"
    return f"{slug}-{slugify(what)}.{extension}"


# Reading a file


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


def _norm(value) -> str:
    return " ".join(str(value or "").split()).lower()


def _header_positions(header: list) -> dict[str, int] | None:
    names = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for key, label in column_labels().items():
                names[_norm(label)] = key
    for key in COLUMNS:
        names[key.replace("_", " ")] = key
    positions = {}
    for position, cell in enumerate(header):
        key = names.get(_norm(cell))
        if key and key not in positions:
            positions[key] = position
    if "value" not in positions or not ({"indicator", "indicator_id"} & positions.keys()):
        return None
    return positions


@dataclass
class PreviewRow:
    number: int
    indicator: object = None
    period_start: date | None = None
    group_label: str = ""
    key: str = ""
    figure: Decimal | None = None
    comment: str = ""
    action: str = ""
    errors: list = field(default_factory=list)

    @property
    def period_label(self) -> str:
        if self.indicator is None or self.period_start is None:
            return ""
        return period_label(self.period_start, self.indicator.frequency)


@dataclass
class ImportPreview:
    rows: list[PreviewRow]
    entries: list[Entry]

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [
            (row.number, column, message) for row in self.rows for column, message in row.errors
        ]

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.action and row.action != _("unchanged"))


class _Reader:
    def __init__(self, *, partnership, access, today: date):
        self.partnership = partnership
        indicators = list(indicators_in_partnership(partnership=partnership))
        self.by_uuid = {str(indicator.uuid): indicator for indicator in indicators}
        self.by_title: dict[str, list] = {}
        for indicator in indicators:
            self.by_title.setdefault(_norm(indicator.title), []).append(indicator)
        parties = active_parties_in_partnership(partnership=partnership)
        self.enterable = {i.pk for i in indicators if may_enter(access, i, parties)}
        self.periods = {
            i.pk: indicator_periods(i, partnership=partnership, today=today) for i in indicators
        }
        self.labels = {}
        for language in ("en", "fr"):
            with translation.override(language):
                for indicator in indicators:
                    for start in self.periods[indicator.pk]:
                        label = _norm(period_label(start, indicator.frequency))
                        self.labels[(indicator.pk, label)] = start
        self.values = {
            (v.indicator_id, v.period_start, v.disaggregation_key): v
            for v in Value.objects.filter(partnership=partnership)
        }
        self.locks = set(
            PeriodLock.objects.filter(indicator__partnership=partnership).values_list(
                "indicator_id", "period_start"
            )
        )

    def indicator(self, row: PreviewRow, uuid_cell, title_cell):
        uuid_text = str(uuid_cell or "").strip()
        if uuid_text:
            if uuid_text in self.by_uuid:
                return self.by_uuid[uuid_text]
            row.errors.append(
                (_("Indicator id"), _("No indicator of this partnership has this id."))
            )
            return None
        matches = self.by_title.get(_norm(title_cell), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            row.errors.append(
                (_("Indicator"), _("No indicator of this partnership has this title."))
            )
        else:
            row.errors.append(
                (_("Indicator"), _("Several indicators have this title: keep the indicator id."))
            )
        return None

    def period(self, row: PreviewRow, indicator, cell) -> date | None:
        day = None
        if isinstance(cell, datetime):
            day = cell.date()
        elif isinstance(cell, date):
            day = cell
        else:
            text = str(cell or "").strip()
            for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
                try:
                    day = parse(text)
                    break
                except ValueError:
                    continue
            if day is None and (indicator.pk, _norm(text)) in self.labels:
                return self.labels[(indicator.pk, _norm(text))]
        if day is not None:
            start = period_start(day, indicator.frequency)
            if start in self.periods[indicator.pk]:
                return start
        row.errors.append(
            (
                _("Period"),
                _(
                    "Not one of this indicator's periods: write it as in the template, "
                    "e.g. %(example)s."
                )
                % {
                    "example": period_label(self.periods[indicator.pk][-1], indicator.frequency)
                    if self.periods[indicator.pk]
                    else "2026-01-01"
                },
            )
        )
        return None

    def group(self, row: PreviewRow, indicator, cell):
        text = str(cell or "").strip()
        groups = indicator_groups(indicator)
        if not text or _norm(text) in (_norm(_("Total")), "total"):
            return groups[0]
        dimension, _sign, category = text.partition("=")
        for group in groups[1:]:
            if _norm(dimension) in (_norm(group.dimension), _norm(group.dimension_label)) and _norm(
                category
            ) == _norm(group.category):
                return group
        row.errors.append(
            (
                _("Group"),
                _("Unknown group: write dimension=category, or leave it empty for the total."),
            )
        )
        return None

    def figure(self, row: PreviewRow, indicator, cell) -> Decimal | None:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        try:
            if isinstance(cell, bool):
                raise ValueError
            if isinstance(cell, int | float):
                figure = Decimal(str(cell))
            else:
                figure = parse_decimal(str(cell))
        except (ValueError, InvalidOperation):
            row.errors.append((_("Value"), _("Enter a number, for example 12,5.")))
            return None
        if message := figure_error(indicator, figure):
            row.errors.append((_("Value"), message))
        return figure

    def state(self, row: PreviewRow, indicator, start: date) -> None:
        if indicator.source != IndicatorSource.MANUAL:
            row.errors.append(
                (_("Indicator"), _("Computed from a survey: its values are not typed."))
            )
        elif indicator.pk not in self.enterable:
            row.errors.append((_("Indicator"), _("You may not enter this indicator's values.")))
        elif (indicator.pk, start) in self.locks:
            row.errors.append((_("Period"), _("This period is locked.")))
        else:
            statuses = {
                value.status
                for (pk, period, _key), value in self.values.items()
                if pk == indicator.pk and period == start
            }
            frozen = statuses & {ValueStatus.SUBMITTED, ValueStatus.APPROVED}
            if frozen:
                row.errors.append(
                    (
                        _("Period"),
                        _("These values are %(status)s: they cannot change now.")
                        % {"status": status_label(sorted(frozen)[0]).lower()},
                    )
                )


def import_preview(
    *, partnership, access, content: bytes, filename: str, today: date
) -> ImportPreview:
    """What the file would set, row by row; raises ImportFileError when it cannot be read."""
    table = read_table(content, filename)
    if not table:
        raise ImportFileError(_("This file is empty."))
    positions = _header_positions(table[0])
    if positions is None:
        raise ImportFileError(
            _(
                "The first row must hold the column titles of the template (Indicator, "
                "Indicator id, Period, Group, Value, Comment). Download the template and "
                "fill it in."
            )
        )
    if len(table) > MAX_ROWS + 1:
        raise ImportFileError(
            _("This file has more than %(count)s rows: split it.") % {"count": MAX_ROWS}
        )
    reader = _Reader(partnership=partnership, access=access, today=today)
    rows, seen = [], {}
    grouped: dict = {}

    def cell(cells, key):
        position = positions.get(key)
        return cells[position] if position is not None and position < len(cells) else None

    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        row = PreviewRow(number=number)
        rows.append(row)
        indicator = reader.indicator(row, cell(cells, "indicator_id"), cell(cells, "indicator"))
        if indicator is None:
            continue
        row.indicator = indicator
        start = reader.period(row, indicator, cell(cells, "period"))
        group = reader.group(row, indicator, cell(cells, "group"))
        row.figure = reader.figure(row, indicator, cell(cells, "value"))
        row.comment = str(cell(cells, "comment") or "").strip()
        if start is None or group is None:
            continue
        row.period_start, row.key, row.group_label = start, group.key, group.label
        if (where := (indicator.pk, start, group.key)) in seen:
            row.errors.append((_("Group"), _("Same as row %(row)s.") % {"row": seen[where]}))
            continue
        seen[where] = number
        reader.state(row, indicator, start)
        if row.errors:
            continue
        existing = reader.values.get(where)
        before = existing.value if existing else None
        if row.figure is None and not (group.key == "" and row.comment):
            row.action = _("unchanged")
            continue
        entry = grouped.setdefault((indicator.pk, start), {"indicator": indicator, "values": {}})
        if row.figure is not None:
            entry["values"][group.key] = row.figure
        if group.key == "" and row.comment:
            entry["comment"] = row.comment
        if row.figure is None or before == row.figure:
            changed = group.key == "" and row.comment != (existing.comment if existing else "")
            row.action = _("comment changed") if changed else _("unchanged")
        elif before is None:
            row.action = _("new")
        else:
            row.action = _("change from %(before)s") % {"before": _figure_text(before)}
    entries = [
        Entry(
            indicator=data["indicator"],
            period_start=start,
            figures=Figures(values=data["values"], comment=data.get("comment", ""), partial=True),
        )
        for (_pk, start), data in grouped.items()
    ]
    return ImportPreview(rows=rows, entries=entries)


# The export


def _export_headers() -> list[str]:
    return [
        _("Indicator"),
        _("Indicator id"),
        _("Unit"),
        _("Period"),
        _("Period start"),
        _("Group"),
        _("Value"),
        _("Status"),
        _("Source"),
        _("Respondents"),
        _("Note"),
        _("Comment"),
    ]


def _export_row(value: Value) -> list:
    indicator = value.indicator
    group = value.disaggregation_key.replace("|", ", ")
    note = ""
    figure = value.value
    if value.suppressed:
        figure = None
        note = _("fewer than %(count)s respondents") % {"count": SMALL_CELL_THRESHOLD}
    return [
        indicator.title,
        str(indicator.uuid),
        indicator.unit,
        period_label(value.period_start, indicator.frequency),
        value.period_start,
        group,
        figure,
        value.get_status_display(),
        value.get_source_display(),
        None if value.suppressed else value.respondents,
        note,
        value.comment,
    ]


def export_csv(values) -> bytes:
    decimal_comma = (translation.get_language() or "").startswith("fr")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_export_headers())
    for value in values:
        cells = []
        for item in _export_row(value):
            if item is None:
                cells.append("")
            elif isinstance(item, Decimal):
                text = format(item.normalize(), "f")
                cells.append(text.replace(".", ",") if decimal_comma else text)
            elif isinstance(item, date):
                cells.append(item.isoformat())
            else:
                cells.append(_safe(str(item)))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(values, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Values")[:31]
    sheet.append(_export_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, value in enumerate(values, start=2):
        for position, item in enumerate(_export_row(value), start=1):
            cell = sheet.cell(row=row_number, column=position)
            if isinstance(item, str):
                cell.value = item
                cell.data_type = "s"
            else:
                cell.value = item
                if isinstance(item, date):
                    cell.number_format = "yyyy-mm-dd"
    for position, width in enumerate([40, 38, 12, 14, 12, 30, 12, 14, 14, 12, 24, 40], start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
