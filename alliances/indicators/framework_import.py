"""The results framework as a spreadsheet: read a sheet (XLSX or CSV) into rows, check every
row against the same rules as the form, and write the template and the export in the same
format, so that a framework round-trips. docs/framework-import.md describes the format.

Nothing here writes to the database: `services.framework.framework_import_save` does, once
the person has seen the preview.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.indicators.models import (
    Accumulation,
    Direction,
    Frequency,
    IndicatorType,
    Objective,
)
from alliances.indicators.periods import MONTHS_PER_PERIOD
from alliances.indicators.services.framework import IndicatorData, indicator_clean
from alliances.partnerships.forms.contributions import parse_decimal
from alliances.partnerships.models import Partnership, Party, PartyStatus

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500

# (key, English header, French header, explanation). Headers are matched without accents,
# case or punctuation; ALIASES adds other common ways of naming a column.
COLUMNS = (
    ("objective", "Objective", "Objectif", gettext_lazy("The objective the row belongs to.")),
    ("outcome", "Outcome", "Résultat", gettext_lazy("The outcome, under that objective.")),
    ("indicator", "Indicator", "Indicateur", gettext_lazy("The indicator's title.")),
    ("definition", "Definition", "Définition", gettext_lazy("How it is computed.")),
    (
        "type",
        "Type",
        "Type",
        gettext_lazy("quantity, percentage or score (a qualitative score, e.g. 1 to 5)."),
    ),
    ("score_min", "Lowest score", "Note minimale", gettext_lazy("Scores only, e.g. 1.")),
    ("score_max", "Highest score", "Note maximale", gettext_lazy("Scores only, e.g. 5.")),
    ("unit", "Unit", "Unité", gettext_lazy("e.g. residents, households, kg, %.")),
    ("baseline", "Baseline", "Valeur de référence", gettext_lazy("The value before acting.")),
    (
        "baseline_date",
        "Baseline date",
        "Date de référence",
        gettext_lazy("When the baseline was measured: 2025-12-31 or 31/12/2025."),
    ),
    ("direction", "Direction", "Sens", gettext_lazy("higher or lower (which is better).")),
    (
        "accumulation",
        "Accumulation",
        "Cumul",
        gettext_lazy("per period, or cumulative (total since the start)."),
    ),
    (
        "frequency",
        "Frequency",
        "Fréquence",
        gettext_lazy("monthly, quarterly, half-yearly or yearly."),
    ),
    (
        "disaggregations",
        "Disaggregations",
        "Ventilations",
        gettext_lazy(
            "Up to 3, e.g. “Neighbourhood: Couronneries, Trois-Cités | Gender: women, men”."
        ),
    ),
    ("data_source", "Data source", "Source des données", gettext_lazy("Where figures come from.")),
    (
        "responsible_party",
        "Responsible party",
        "Partie responsable",
        gettext_lazy("The name of a party's organisation, as on the Parties page."),
    ),
    (
        "sdg_indicators",
        "SDG indicators",
        "Indicateurs ODD",
        gettext_lazy("UN SDG indicator numbers, e.g. “16.1.4, 11.7.1”."),
    ),
)
ALIASES = {
    "objective": ("objectif", "objectives", "objectifs"),
    "outcome": ("resultat", "resultats", "result", "outcomes", "effet", "resultat attendu"),
    "indicator": ("indicateur", "indicators", "indicateurs"),
    "definition": ("definition",),
    "type": ("type d indicateur", "indicator type"),
    "score_min": ("score min", "minimum score", "note min", "min"),
    "score_max": ("score max", "maximum score", "note max", "max"),
    "unit": ("unite",),
    "baseline": ("baseline value", "valeur de reference", "reference", "valeur initiale"),
    "baseline_date": ("date de reference", "date de la valeur de reference"),
    "direction": ("sens", "sens souhaite", "tendance souhaitee"),
    "accumulation": ("cumul", "cumulatif"),
    "frequency": ("frequence", "periodicite"),
    "disaggregations": ("disaggregation", "ventilations", "ventilation", "desagregations"),
    "data_source": ("source", "source des donnees", "source de donnees"),
    "responsible_party": ("responsible", "partie responsable", "responsable"),
    "sdg_indicators": ("sdg", "sdgs", "indicateurs odd", "odd", "sdg indicator"),
}
REQUIRED = ("objective", "outcome", "indicator")
# Values accepted in French and in English, besides the model's own values and labels.
VALUE_ALIASES = {
    "type": {
        IndicatorType.QUANTITATIVE: ("quantity", "quantite", "nombre", "number", "count"),
        IndicatorType.PERCENTAGE: ("pourcentage", "percent", "%", "taux", "rate", "part"),
        IndicatorType.SCORE: ("score qualitatif", "note", "echelle", "scale", "qualitative"),
    },
    "direction": {
        Direction.HIGHER: ("hausse", "up", "increase", "augmentation", "plus haut", "higher"),
        Direction.LOWER: ("baisse", "down", "decrease", "diminution", "plus bas", "lower"),
    },
    "accumulation": {
        Accumulation.PER_PERIOD: ("per period", "par periode", "periodique", "non cumule"),
        Accumulation.CUMULATIVE: ("cumule", "cumulee", "cumul", "cumulatif", "cumulative"),
    },
    "frequency": {
        Frequency.MONTHLY: ("mensuelle", "mensuel", "month", "mois", "monthly"),
        Frequency.QUARTERLY: ("trimestrielle", "trimestriel", "quarter", "trimestre"),
        Frequency.HALF_YEARLY: (
            "semestrielle",
            "semestriel",
            "half yearly",
            "semestre",
            "biannual",
            "six monthly",
        ),
        Frequency.YEARLY: ("annuelle", "annuel", "annual", "year", "an", "annee"),
    },
}
TARGET_WORDS = ("target", "cible", "objectif chiffre", "valeur cible")
FREQUENCY_ORDER = {"yearly": 0, "half_yearly": 1, "quarterly": 2, "monthly": 3}


class ImportFileError(Exception):
    """The file cannot be read as a framework sheet; the message says why, for people."""


def normalise(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9%./ ]+", " ", text.lower())
    return " ".join(text.split())


_HEADERS = {}
for _key, _english, _french, _help in COLUMNS:
    for _name in (_key, _english, _french, *ALIASES.get(_key, ())):
        _HEADERS[normalise(_name)] = _key


# Reading


@dataclass
class Sheet:
    """What was read from the file: headers and rows of text, kept between the preview and
    the confirmation (JSON-friendly)."""

    filename: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def as_json(self) -> dict:
        return {"filename": self.filename, "headers": self.headers, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict) -> "Sheet":
        return cls(data["filename"], list(data["headers"]), [tuple(r) for r in data["rows"]])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _table(filename: str, lines: list[tuple[int, list]]) -> Sheet:
    rows = [(number, [_cell_text(v) for v in values]) for number, values in lines]
    rows = [(number, values) for number, values in rows if any(values)]
    if not rows:
        raise ImportFileError(_("The file is empty: it has no header row and no rows."))
    header_number, headers = rows[0]
    body = rows[1:]
    if not body:
        raise ImportFileError(_("The file has a header row but no rows below it."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(count)s rows: at most %(max)s can be imported at once.")
            % {"count": len(body), "max": MAX_ROWS}
        )
    del header_number
    return Sheet(filename, headers, body)


def _is_framework_header(values) -> bool:
    return any(_HEADERS.get(normalise(_cell_text(v))) == "indicator" for v in values)


def _read_xlsx(content: bytes, filename: str) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            _("This file cannot be opened as an Excel workbook: it may be damaged.")
        ) from exc
    try:
        for worksheet in workbook.worksheets:
            lines = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if len(lines) > MAX_ROWS + 50:
                    break
                lines.append((number, list(values)))
            first = next((values for _n, values in lines if any(v is not None for v in values)), [])
            if _is_framework_header(first):
                return _table(filename, lines)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _("This file cannot be opened as an Excel workbook: it may be damaged.")
        ) from exc
    finally:
        workbook.close()
    raise ImportFileError(
        _(
            "No sheet of this workbook starts with the expected columns (Objective, Outcome, "
            "Indicator...). Download the template to see them."
        )
    )


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if b"\x00" in content:
        raise ImportFileError(_("This file is not a spreadsheet: use .xlsx or .csv."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in Windows-1252.
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes, filename: str) -> Sheet:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        lines = [
            (number, values)
            for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
        ]
    except csv.Error as exc:
        raise ImportFileError(
            _("This CSV file cannot be read: %(error)s") % {"error": exc}
        ) from exc
    sheet = _table(filename, lines)
    if not _is_framework_header(sheet.headers):
        raise ImportFileError(
            _(
                "The first row does not have the expected columns (Objective, Outcome, "
                "Indicator...). Download the template to see them."
            )
        )
    return sheet


def read_sheet(content: bytes, *, filename: str) -> Sheet:
    """Read an uploaded file; raise ImportFileError with a message for people."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel file (.xls): open it and save it as .xlsx, then try again.")
        )
    if content.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile as exc:
            raise ImportFileError(_("This file is damaged: it cannot be opened.")) from exc
        if "xl/workbook.xml" not in names:
            raise ImportFileError(
                _("This file is not an Excel workbook: save it as .xlsx or .csv, then try again.")
            )
        return _read_xlsx(content, filename)
    return _read_csv(content, filename)


# Checking


def _target_period(header: str) -> tuple[str, date] | None:
    """("quarterly", 2026-01-01) for "Target 2026-Q1", "Cible T1 2026"; None otherwise."""
    text = normalise(header)
    word = next((w for w in TARGET_WORDS if text.startswith(w + " ")), None)
    if word is None:
        return None
    spec = text[len(word) :].strip().replace(" ", "-")
    patterns = (
        (r"^(\d{4})$", "yearly", lambda m: (int(m[1]), 1)),
        (r"^(\d{4})-?[qt]([1-4])$", "quarterly", lambda m: (int(m[1]), int(m[2]) * 3 - 2)),
        (r"^[qt]([1-4])-?(\d{4})$", "quarterly", lambda m: (int(m[2]), int(m[1]) * 3 - 2)),
        (r"^(\d{4})-?[hs]([12])$", "half_yearly", lambda m: (int(m[1]), int(m[2]) * 6 - 5)),
        (r"^[hs]([12])-?(\d{4})$", "half_yearly", lambda m: (int(m[2]), int(m[1]) * 6 - 5)),
        (r"^(\d{4})-(\d{1,2})$", "monthly", lambda m: (int(m[1]), int(m[2]))),
        (r"^(\d{1,2})/(\d{4})$", "monthly", lambda m: (int(m[2]), int(m[1]))),
    )
    for pattern, frequency, year_month in patterns:
        match = re.match(pattern, spec)
        if match:
            year, month = year_month(match)
            if 1 <= month <= 12 and 1900 < year < 2200:
                return frequency, date(year, month, 1)
    return None


def _choice(column: str, text: str) -> str | None:
    wanted = normalise(text)
    for value, aliases in VALUE_ALIASES[column].items():
        if wanted in {normalise(value), *(normalise(a) for a in aliases)}:
            return value
    choices = {
        "type": IndicatorType,
        "direction": Direction,
        "accumulation": Accumulation,
        "frequency": Frequency,
    }[column]
    for language in ("en", "fr"):
        with translation.override(language):
            for value, label in choices.choices:
                if wanted == normalise(label):
                    return value
    return None


def _date(text: str) -> date:
    text = text.strip()
    for pattern in (r"^(\d{4})-(\d{1,2})-(\d{1,2})", r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$"):
        match = re.match(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if pattern.startswith("^(\\d{4})") else parts[::-1]
            return date(year, month, day)
    raise ValueError(text)


def parse_disaggregations(text: str) -> list[dict]:
    dimensions = []
    for part in re.split(r"\s*[|\n]\s*", text.strip()):
        if not part:
            continue
        if ":" not in part:
            raise ValueError(part)
        label, categories = part.split(":", 1)
        dimensions.append(
            {
                "name": "",
                "label": label.strip(),
                "categories": [c.strip() for c in re.split(r"[,;]", categories) if c.strip()],
            }
        )
    return dimensions


@dataclass
class RowPlan:
    number: int
    objective: str
    outcome: str
    indicator: str
    data: IndicatorData | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    skip: bool = False
    new_objective: bool = False
    new_outcome: bool = False
    targets: int = 0


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    problems: list[str]  # about the sheet as a whole
    ignored_columns: list[str]

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(len(row.errors) for row in self.rows)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def counts(self) -> dict[str, int]:
        return {
            "objectives": len({r.objective.casefold() for r in self.rows if r.new_objective}),
            "outcomes": len(
                {(r.objective.casefold(), r.outcome.casefold()) for r in self.rows if r.new_outcome}
            ),
            "indicators": sum(1 for r in self.rows if r.data is not None and not r.skip),
            "skipped": sum(1 for r in self.rows if r.skip),
        }


def _field_column(name: str, headers_by_key: dict, target_headers: dict) -> str:
    if name.startswith("target_"):
        return target_headers.get(name, name)
    key = {
        "title": "indicator",
        "baseline_value": "baseline",
        "reporting_start": "frequency",
    }.get(name, name)
    if key.startswith("dim"):
        key = "disaggregations"
    return headers_by_key.get(key, key)


def plan_import(sheet: Sheet, *, partnership: Partnership) -> ImportPlan:
    columns, targets, problems, ignored = {}, {}, [], []
    for index, header in enumerate(sheet.headers):
        if not header:
            continue
        key = _HEADERS.get(normalise(header))
        period = _target_period(header)
        if key:
            if key in columns:
                problems.append(_("The column “%(name)s” appears twice.") % {"name": header})
            columns[key] = index
        elif period:
            targets[index] = (*period, header)
        else:
            ignored.append(header)
    for key in REQUIRED:
        if key not in columns:
            english, french = next((c[1], c[2]) for c in COLUMNS if c[0] == key)
            problems.append(
                _("The column “%(english)s” (or “%(french)s”) is missing.")
                % {"english": english, "french": french}
            )
    headers_by_key = {key: sheet.headers[index] for key, index in columns.items()}
    parties = {
        normalise(str(party)): party
        for party in Party.objects.filter(
            partnership=partnership, status=PartyStatus.ACTIVE
        ).select_related("organisation")
    }
    existing = {
        (o.objective.title.casefold(), o.title.casefold()): {
            i.title.casefold() for i in o.indicators.all()
        }
        for o in partnership.outcomes.select_related("objective").prefetch_related("indicators")
    }
    objectives = {o.title.casefold() for o in Objective.objects.filter(partnership=partnership)}
    plans, seen, previous = [], set(), ("", "")
    for number, values in sheet.rows:
        if problems:
            break

        def cell(key, values=values):
            index = columns.get(key)
            return values[index].strip() if index is not None and index < len(values) else ""

        objective, outcome = cell("objective"), cell("outcome")
        # Blank objective or outcome cells repeat the row above, as merged cells read.
        if not objective:
            objective = previous[0]
            outcome = outcome or previous[1]
        elif not outcome and objective == previous[0]:
            outcome = previous[1]
        previous = (objective, outcome)
        plan = RowPlan(number, objective, outcome, cell("indicator"))
        plans.append(plan)
        _plan_row(plan, cell, values, targets, parties, partnership, headers_by_key)
        if objective and objective.casefold() not in objectives:
            plan.new_objective = True
        pair = (objective.casefold(), outcome.casefold())
        if outcome and pair not in existing:
            plan.new_outcome = True
        if plan.data is not None:
            key = (*pair, plan.indicator.casefold())
            if plan.indicator.casefold() in existing.get(pair, set()):
                plan.skip = True
            elif key in seen:
                plan.errors.append(
                    (headers_by_key["indicator"], _("This indicator is already on a row above."))
                )
            seen.add(key)
    return ImportPlan(plans, problems, ignored)


def _plan_row(plan, cell, values, targets, parties, partnership, headers_by_key) -> None:
    def error(key, message):
        plan.errors.append((headers_by_key.get(key, key), message))

    if len(plan.objective) > 300 or len(plan.outcome) > 300:
        error("objective", _("Keep titles under 300 characters."))
    if not plan.objective:
        error("objective", _("Name the objective."))
    if not plan.outcome and plan.indicator:
        error("outcome", _("Name the outcome this indicator measures."))
    if not plan.indicator:
        return
    fields = {"title": plan.indicator, "definition": cell("definition")}
    fields["unit"] = cell("unit")
    fields["data_source"] = cell("data_source")
    for key in ("type", "direction", "accumulation", "frequency"):
        if cell(key):
            value = _choice(key, cell(key))
            if value is None:
                error(key, _("“%(value)s” is not understood.") % {"value": cell(key)})
            else:
                fields[key] = value
    for key, name in (
        ("baseline", "baseline_value"),
        ("score_min", "score_min"),
        ("score_max", "score_max"),
    ):
        if cell(key):
            try:
                fields[name] = parse_decimal(cell(key))
            except ValueError:
                error(key, _("“%(value)s” is not a number.") % {"value": cell(key)})
    if cell("baseline_date"):
        try:
            fields["baseline_date"] = _date(cell("baseline_date"))
        except ValueError:
            error("baseline_date", _("Write the date as 2025-12-31 or 31/12/2025."))
    if cell("disaggregations"):
        try:
            fields["disaggregations"] = parse_disaggregations(cell("disaggregations"))
        except ValueError:
            error(
                "disaggregations",
                _("Write each dimension as “Name: category, category”, separated by |."),
            )
    if cell("responsible_party"):
        party = parties.get(normalise(cell("responsible_party")))
        if party is None:
            error(
                "responsible_party",
                _("No active party is called “%(name)s”. Parties: %(names)s.")
                % {
                    "name": cell("responsible_party"),
                    "names": ", ".join(str(p) for p in parties.values()),
                },
            )
        fields["responsible_party"] = party
    if cell("sdg_indicators"):
        fields["sdg_indicators"] = [t for t in re.split(r"[,;\s]+", cell("sdg_indicators")) if t]
    frequency = fields.get("frequency", Frequency.QUARTERLY)
    row_targets, target_headers = {}, {}
    for index, (target_frequency, start, header) in targets.items():
        text = values[index].strip() if index < len(values) else ""
        if not text:
            continue
        if target_frequency != frequency:
            plan.errors.append(
                (
                    header,
                    _("This target is for a %(given)s period, but the indicator is %(frequency)s.")
                    % {
                        "given": Frequency(target_frequency).label.lower(),
                        "frequency": Frequency(frequency).label.lower(),
                    },
                )
            )
            continue
        try:
            row_targets[start] = parse_decimal(text)
        except ValueError:
            plan.errors.append((header, _("“%(value)s” is not a number.") % {"value": text}))
        target_headers[f"target_{start.isoformat()}"] = header
    fields["targets"] = row_targets
    if row_targets:
        fields["reporting_start"] = min(row_targets)
    plan.targets = len(row_targets)
    if plan.errors:
        return
    data = IndicatorData(**fields)
    try:
        indicator_clean(partnership=partnership, data=data)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = _field_column(name, headers_by_key, target_headers)
            for message in messages:
                plan.errors.append((column, message))
        return
    plan.data = data


# Writing


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
