"""The data behind the dashboards' charts, as CSV and XLSX.

Only what the dashboard shows goes out: approved and survey-computed values. A suppressed
cell (fewer respondents than the small-cell threshold) leaves its value and respondents
empty, with a note saying why. CSV is written for French Excel: UTF-8 with a byte-order mark,
semicolons, and the decimal comma when the reader works in French.
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

from alliances.indicators.grouping import SMALL_CELL_THRESHOLD
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.dashboards import (
    IndicatorDashboard,
    Portfolio,
    counted_values,
    status_labels,
)

FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {"csv", "xlsx"}


def export_filename(title: str, what: str, extension: str) -> str:
    slug = slugify(title)[:60] or "export"
    return f"{slug}-{slugify(what)}-{timezone.localdate().isoformat()}.{extension}"


def indicator_headers() -> list[str]:
    return [
        _("Indicator"),
        _("Unit"),
        _("Period"),
        _("Period start"),
        _("Breakdown"),
        _("Group"),
        _("Value"),
        _("Running total"),
        _("Target"),
        _("Respondents"),
        _("Status"),
        _("Note"),
    ]


def indicator_rows(*, partnership, items: list[IndicatorDashboard]) -> list[list]:
    """Totals as the dashboard computed them, then every group of every period."""
    labels = status_labels()
    hidden = _("Not shown: fewer than %(count)s respondents.") % {"count": SMALL_CELL_THRESHOLD}
    by_id = {item.indicator.pk: item for item in items}
    groups: dict[int, list] = {item.indicator.pk: [] for item in items}
    values = (
        counted_values()
        .filter(partnership=partnership, indicator_id__in=list(by_id))
        .exclude(disaggregation_key="")
        .values_list(
            "indicator_id", "period_start", "disaggregation", "value", "respondents", "suppressed"
        )
        .order_by("indicator_id", "period_start", "disaggregation_key")
    )
    for indicator_id, start, disaggregation, value, respondents, suppressed in values:
        groups[indicator_id].append((start, disaggregation, value, respondents, suppressed))
    rows = []
    for item in items:
        indicator = item.indicator
        unit = indicator.unit or ("%" if indicator.type == "percentage" else "")
        dimensions = {
            dimension.get("name"): dimension.get("label") or dimension.get("name")
            for dimension in indicator.disaggregations or []
        }
        for point in item.points:
            if point.recorded is None and not point.suppressed and point.target is None:
                continue
            rows.append(
                [
                    indicator.title,
                    unit,
                    point.label,
                    point.start,
                    _("Total"),
                    "",
                    point.recorded,
                    point.value if item.accumulates else None,
                    point.target,
                    point.respondents,
                    labels.get(point.status, ""),
                    hidden if point.suppressed else "",
                ]
            )
        for start, disaggregation, value, respondents, suppressed in groups[indicator.pk]:
            rows.append(
                [
                    indicator.title,
                    unit,
                    period_label(start, indicator.frequency),
                    start,
                    " × ".join(str(dimensions.get(name, name)) for name in disaggregation),
                    " × ".join(str(category) for category in disaggregation.values()),
                    None if suppressed else value,
                    None,
                    None,
                    None if suppressed else respondents,
                    "",
                    hidden if suppressed else "",
                ]
            )
    return rows


def portfolio_headers() -> list[str]:
    return [
        _("Partnership"),
        _("Indicator"),
        _("Unit"),
        _("Latest period"),
        _("Latest value"),
        _("Target"),
        _("Progress (%)"),
        _("Status"),
        _("Reason"),
        _("Respondents"),
    ]


def portfolio_rows(portfolio: Portfolio) -> list[list]:
    labels = status_labels()
    rows = []
    for line in portfolio.lines:
        for item in line.indicators:
            latest = item.latest
            indicator = item.indicator
            rows.append(
                [
                    line.partnership.title,
                    indicator.title,
                    indicator.unit or ("%" if indicator.type == "percentage" else ""),
                    latest.label if latest else "",
                    latest.value if latest else None,
                    item.final_target.value if item.final_target else None,
                    item.progress,
                    labels.get(item.status, ""),
                    item.reason,
                    item.respondents,
                ]
            )
    return rows


def _safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_SIGNS) else value


def _csv_value(value, *, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, date):
        return value.isoformat()
    return _safe_text(str(value))


def rows_csv(headers: list[str], rows: list[list]) -> bytes:
    decimal_comma = (translation.get_language() or "").startswith("fr")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value, decimal_comma=decimal_comma) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def rows_xlsx(headers: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Data")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for position in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(position)].width = 18
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(rows, start=2):
        for position, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=position)
            if isinstance(value, str):
                # openpyxl would store text that starts with "=" as a formula.
                cell.value = value
                cell.data_type = "s"
            else:
                cell.value = value
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, Decimal):
                    cell.number_format = "#,##0.####"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
