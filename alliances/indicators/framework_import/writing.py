"""Writing the template and the export, in the format the reader accepts."""

import io
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from alliances.indicators.framework_import.columns import COLUMNS, FREQUENCY_ORDER
from alliances.indicators.models import Objective
from alliances.indicators.periods import MONTHS_PER_PERIOD
from alliances.partnerships.models import Partnership, PartyStatus

# The words written in the sheet, per language; the reader accepts them in both.
WORDS = {
    "en": {
        "type": {"quantitative": "quantity", "percentage": "percentage", "score": "score"},
        "direction": {"higher": "higher", "lower": "lower"},
        "accumulation": {"per_period": "per period", "cumulative": "cumulative"},
        "frequency": {
            "monthly": "monthly",
            "quarterly": "quarterly",
            "half_yearly": "half-yearly",
            "yearly": "yearly",
        },
    },
    "fr": {
        "type": {"quantitative": "quantité", "percentage": "pourcentage", "score": "score"},
        "direction": {"higher": "hausse", "lower": "baisse"},
        "accumulation": {"per_period": "par période", "cumulative": "cumulé"},
        "frequency": {
            "monthly": "mensuelle",
            "quarterly": "trimestrielle",
            "half_yearly": "semestrielle",
            "yearly": "annuelle",
        },
    },
}


def _language() -> str:
    return "fr" if (translation.get_language() or "fr").startswith("fr") else "en"


def target_header(frequency: str, start: date, *, language: str) -> str:
    number = (start.month - 1) // MONTHS_PER_PERIOD[frequency] + 1
    french = language == "fr"
    if frequency == "yearly":
        spec = str(start.year)
    elif frequency == "quarterly":
        spec = f"T{number} {start.year}" if french else f"{start.year}-Q{number}"
    elif frequency == "half_yearly":
        spec = f"S{number} {start.year}" if french else f"{start.year}-H{number}"
    else:
        spec = f"{start.year}-{start.month:02d}"
    return f"{'Cible' if french else 'Target'} {spec}"


def _headers(language: str) -> list[str]:
    return [french if language == "fr" else english for _k, english, french, _h in COLUMNS]


def _number(value: Decimal | None):
    return None if value is None else value.normalize()


def _disaggregations_text(dimensions: list[dict]) -> str:
    return " | ".join(f"{d['label']}: {', '.join(d['categories'])}" for d in dimensions or [])


def _workbook(language: str, rows: list[list], periods: list[tuple[str, date]]):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Framework")[:31]
    headers = _headers(language) + [target_header(f, s, language=language) for f, s in periods]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
    sheet.freeze_panes = "A2"
    return workbook, sheet


def _bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_workbook(*, partnership: Partnership) -> bytes:
    """An empty framework sheet with one example row, and a sheet that explains each column."""
    from openpyxl.styles import Alignment, Font

    language = _language()
    words = WORDS[language]
    first = partnership.starts_on or date.today()
    last = partnership.ends_on if partnership.ends_on and partnership.ends_on >= first else None
    years = list(range(first.year, (last.year if last else first.year + 2) + 1))[:6]
    periods = [("yearly", date(year, 1, 1)) for year in years]
    coordinator = partnership.parties.filter(status=PartyStatus.ACTIVE).select_related(
        "organisation"
    )
    party = next((p for p in coordinator if p.is_coordinator), None)
    example = [
        _("Strengthen social ties in the neighbourhood"),
        _("Residents feel safer in their neighbourhood"),
        _("Residents who feel safe after dark"),
        _("Share of residents surveyed who feel safe walking alone after dark."),
        words["type"]["percentage"],
        None,
        None,
        "%",
        Decimal("42"),
        date(first.year - 1, 12, 31),
        words["direction"]["higher"],
        words["accumulation"]["per_period"],
        words["frequency"]["yearly"],
        _("Neighbourhood: Couronneries, Trois-Cités | Gender: women, men"),
        _("Residents survey"),
        str(party) if party else "",
        "16.1.4, 11.7.2",
    ] + [Decimal(45 + 5 * index) for index in range(len(periods))]
    workbook, sheet = _workbook(language, [example], periods)
    help_sheet = workbook.create_sheet(_("How to fill it in")[:31])
    help_sheet.append([_("Column"), _("What to write")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for (_key, _english, _french, explanation), header in zip(
        COLUMNS, _headers(language), strict=True
    ):
        help_sheet.append([header, str(explanation)])
    help_sheet.append(
        [
            target_header("yearly", date(first.year, 1, 1), language=language),
            _(
                "One column per period, named like “Target 2026”, “Target 2026-Q1”, "
                "“Target 2026-H1” or “Target 2026-03” (in French “Cible 2026”, “Cible T1 2026”, "
                "“Cible S1 2026”). Fill the columns that match the indicator's frequency."
            ),
        ]
    )
    for note in (
        _("One row per indicator. Objective, Outcome and Indicator are required."),
        _("A blank Objective or Outcome cell repeats the row above."),
        _("A row with an objective and an outcome but no indicator creates them only."),
        _("Indicators already in the framework (same outcome, same title) are left as they are."),
        _("Numbers may use a decimal comma. Headers and values may be in French or English."),
        _("Delete the example row before importing your own."),
    ):
        help_sheet.append(["", note])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 100
    for row in help_sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    return _bytes(workbook)


def export_workbook(*, objectives: list[Objective]) -> bytes:
    """The framework (from `selectors.framework.framework_in_partnership`) in the import
    format: one row per indicator, and one per objective or outcome without indicators."""
    language = _language()
    words = WORDS[language]
    periods = sorted(
        {
            (indicator.frequency, target.period_start)
            for objective in objectives
            for outcome in objective.outcomes.all()
            for indicator in outcome.indicators.all()
            for target in indicator.targets.all()
        },
        key=lambda item: (item[1], FREQUENCY_ORDER[item[0]]),
    )
    position = {period: index for index, period in enumerate(periods)}
    rows = []
    for objective in objectives:
        outcomes = list(objective.outcomes.all())
        if not outcomes:
            rows.append([objective.title])
        for outcome in outcomes:
            indicators = list(outcome.indicators.all())
            if not indicators:
                rows.append([objective.title, outcome.title])
            for indicator in indicators:
                targets = [None] * len(periods)
                for target in indicator.targets.all():
                    targets[position[(indicator.frequency, target.period_start)]] = _number(
                        target.value
                    )
                rows.append(
                    [
                        objective.title,
                        outcome.title,
                        indicator.title,
                        indicator.definition,
                        words["type"][indicator.type],
                        _number(indicator.score_min),
                        _number(indicator.score_max),
                        indicator.unit,
                        _number(indicator.baseline_value),
                        indicator.baseline_date,
                        words["direction"][indicator.direction],
                        words["accumulation"][indicator.accumulation],
                        words["frequency"][indicator.frequency],
                        _disaggregations_text(indicator.disaggregations),
                        indicator.data_source,
                        str(indicator.responsible_party) if indicator.responsible_party else "",
                        ", ".join(indicator.sdg_indicators or []),
                        *targets,
                    ]
                )
    workbook, _sheet = _workbook(language, rows, periods)
    return _bytes(workbook)
