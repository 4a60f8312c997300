"""The report's figures as a spreadsheet: one sheet per set of figures.

Text that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) is
written with a leading apostrophe, as in every other export of the platform.
"""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from alliances.partnerships.exports import FORMULA_SIGNS
from alliances.reports.content import ReportContent


def safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_SIGNS):
        return f"'{value}"
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet(workbook, title: str, headers: list[str], rows) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe(value) for value in row])
    for position, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"


def _amount(money) -> Decimal | None:
    return None if money is None else money.amount


def _contribution_rows(content: ReportContent):
    for line in content.contributions.lines:
        contribution = line.contribution
        yield [
            str(contribution.party),
            str(contribution.get_kind_display()),
            contribution.description,
            contribution.period_start,
            contribution.period_end,
            contribution.planned_amount,
            contribution.actual_amount,
            content.contributions.currency,
        ]


def _indicator_rows(content: ReportContent):
    for section in content.indicators:
        for point in section.points:
            yield [
                section.objective,
                section.outcome,
                section.title,
                section.unit,
                point.label,
                point.start,
                None if point.hidden else point.value,
                _("hidden: too few respondents") if point.hidden else "",
                point.target,
                section.baseline,
                _("yes") if point.in_period else _("no"),
                section.status,
            ]


def _survey_rows(content: ReportContent):
    for survey in content.surveys:
        if not survey.figures:
            yield [survey.title, survey.responses_text, "", "", "", "", ""]
        for figure in survey.figures:
            yield [
                survey.title,
                survey.responses_text,
                figure.indicator,
                figure.period,
                _("Total"),
                figure.value_text or _("hidden: too few respondents"),
                figure.respondents,
            ]
            for cell in figure.breakdown:
                yield [
                    survey.title,
                    survey.responses_text,
                    figure.indicator,
                    figure.period,
                    cell.group,
                    cell.value_text,
                    None,
                ]
            if figure.hidden_groups:
                yield [
                    survey.title,
                    survey.responses_text,
                    figure.indicator,
                    figure.period,
                    _("Groups hidden (too few respondents)"),
                    figure.hidden_groups,
                    None,
                ]


def _health_rows(content: ReportContent):
    health = content.health
    if health is None or not health.shown:
        return
    for row in health.rows:
        for column, cell in zip(health.columns, row.cells, strict=True):
            yield [health.round_label, row.dimension, column.name, column.respondents, cell.score]


def report_xlsx(*, content: ReportContent) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Report")[:31]
    for label, value in [
        (_("Partnership"), content.partnership.title),
        (_("Report"), content.title),
        (_("From"), content.period_start),
        (_("To"), content.period_end),
        (_("Currency"), content.contributions.currency),
        (_("Planned contributions"), _amount(content.contributions.planned)),
        (_("Actual contributions"), _amount(content.contributions.actual)),
    ]:
        summary.append([safe(label), safe(value)])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 40
    _sheet(
        workbook,
        _("Contributions"),
        [
            _("Party"),
            _("Type"),
            _("Description"),
            _("From"),
            _("To"),
            _("Planned value"),
            _("Actual value"),
            _("Currency"),
        ],
        _contribution_rows(content),
    )
    _sheet(
        workbook,
        _("Indicators"),
        [
            _("Objective"),
            _("Outcome"),
            _("Indicator"),
            _("Unit"),
            _("Period"),
            _("Period start"),
            _("Value"),
            _("Note"),
            _("Target"),
            _("Baseline"),
            _("In the report's period"),
            _("Status"),
        ],
        _indicator_rows(content),
    )
    _sheet(
        workbook,
        _("Surveys"),
        [
            _("Survey"),
            _("Responses in the period"),
            _("Indicator"),
            _("Period"),
            _("Group"),
            _("Value"),
            _("Respondents"),
        ],
        _survey_rows(content),
    )
    _sheet(
        workbook,
        _("Health check"),
        [_("Health check"), _("Question"), _("Group"), _("People who answered"), _("Score")],
        _health_rows(content),
    )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
