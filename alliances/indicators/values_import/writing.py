"""Writing the template to fill in and the export."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from alliances.indicators.grouping import SMALL_CELL_THRESHOLD
from alliances.indicators.models import Value
from alliances.indicators.periods import period_label, period_start
from alliances.indicators.selectors.values import (
    active_parties_in_partnership,
    indicator_groups,
    indicator_periods,
    indicators_in_partnership,
    may_enter,
)
from alliances.indicators.values_import.columns import _safe, column_labels

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
