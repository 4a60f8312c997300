"""The contributions ledger as files: CSV for any spreadsheet, XLSX with a totals sheet.

The CSV opens as columns in French Excel: UTF-8 with a byte-order mark, semicolons between
fields, and the decimal comma when the reader works in French.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from alliances.partnerships.models import Contribution, Partnership
from alliances.partnerships.selectors.contributions import Ledger

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")


def export_filename(partnership: Partnership, extension: str) -> str:
    slug = slugify(partnership.title)[:60] or "partnership"
    return f"{slug}-{slugify(_('contributions'))}-{timezone.localdate().isoformat()}.{extension}"


def _headers(currency: str) -> list[str]:
    return [
        _("Party"),
        _("Type"),
        _("Description"),
        _("From"),
        _("To"),
        _("Rate (%(currency)s)") % {"currency": currency},
        _("Days or hours planned"),
        _("Days or hours given"),
        _("Planned value (%(currency)s)") % {"currency": currency},
        _("Actual value (%(currency)s)") % {"currency": currency},
        _("Received by"),
    ]


def _row(line: Contribution) -> list:
    return [
        str(line.party),
        line.get_kind_display(),
        line.description,
        line.period_start,
        line.period_end,
        line.unit_rate,
        line.planned_quantity,
        line.actual_quantity,
        line.planned_amount,
        line.actual_amount,
        str(line.recipient) if line.recipient_id else "",
    ]


def _safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_SIGNS) else value


# CSV


def _csv_value(value, *, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value:.2f}"
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, date):
        return value.isoformat()
    return _safe_text(str(value))


def _lines(ledger: Ledger) -> list[Contribution]:
    return [line.contribution for group in ledger.groups for line in group.lines]


def contributions_csv(*, ledger: Ledger) -> bytes:
    decimal_comma = (translation.get_language() or "").startswith("fr")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers(ledger.currency))
    for line in _lines(ledger):
        writer.writerow([_csv_value(value, decimal_comma=decimal_comma) for value in _row(line)])
    return buffer.getvalue().encode("utf-8-sig")


# XLSX

AMOUNT_FORMAT = "#,##0.00"
QUANTITY_FORMAT = "#,##0.##"
DATE_FORMAT = "yyyy-mm-dd"
# Column formats of the lines sheet, by position (1-based, as spreadsheets count).
LINE_FORMATS = {
    4: DATE_FORMAT,
    5: DATE_FORMAT,
    6: AMOUNT_FORMAT,
    7: QUANTITY_FORMAT,
    8: QUANTITY_FORMAT,
    9: AMOUNT_FORMAT,
    10: AMOUNT_FORMAT,
}
LINE_WIDTHS = [28, 22, 40, 12, 12, 12, 12, 12, 16, 16, 28]


def _header_row(sheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"


def _put_text(cell, value: str) -> None:
    # openpyxl would store text that starts with "=" as a formula: force a string.
    cell.value = value
    cell.data_type = "s"


def _lines_sheet(sheet, ledger: Ledger) -> None:
    sheet.title = _("Contributions")[:31]
    _header_row(sheet, _headers(ledger.currency), LINE_WIDTHS)
    lines = _lines(ledger)
    for row_number, line in enumerate(lines, start=2):
        for position, value in enumerate(_row(line), start=1):
            cell = sheet.cell(row=row_number, column=position)
            if isinstance(value, str):
                _put_text(cell, value)
            else:
                cell.value = value
                if position in LINE_FORMATS:
                    cell.number_format = LINE_FORMATS[position]
    if lines:
        sheet.auto_filter.ref = sheet.dimensions


def _totals_sheet(sheet, ledger: Ledger) -> None:
    currency = ledger.currency
    _header_row(
        sheet,
        [
            _("Party"),
            _("Type"),
            _("Planned value (%(currency)s)") % {"currency": currency},
            _("Actual value (%(currency)s)") % {"currency": currency},
            _("Realisation rate"),
        ],
        [28, 28, 18, 18, 14],
    )

    def add(party: str, kind: str, planned: Decimal, actual: Decimal, *, bold=False) -> None:
        row = sheet.max_row + 1
        _put_text(sheet.cell(row=row, column=1), party)
        _put_text(sheet.cell(row=row, column=2), kind)
        for column, value in ((3, planned), (4, actual)):
            sheet.cell(row=row, column=column, value=value).number_format = AMOUNT_FORMAT
        if planned:
            rate = sheet.cell(row=row, column=5, value=actual / planned)
            rate.number_format = "0.0%"
        if bold:
            for cell in sheet[row]:
                cell.font = Font(bold=True)

    for group in ledger.groups:
        for total in group.kinds:
            add(str(group.party), total.label, total.planned.amount, total.actual.amount)
        if group.lines:
            add(
                str(group.party),
                _("All types"),
                group.planned.amount,
                group.actual.amount,
                bold=True,
            )
    for total in ledger.kinds:
        add(_("All parties"), total.label, total.planned.amount, total.actual.amount)
    add(_("All parties"), _("All types"), ledger.planned.amount, ledger.actual.amount, bold=True)


def contributions_xlsx(*, partnership: Partnership, ledger: Ledger) -> bytes:
    workbook = Workbook()
    _lines_sheet(workbook.active, ledger)
    _totals_sheet(workbook.create_sheet(_("Totals")[:31]), ledger)
    workbook.properties.title = partnership.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
