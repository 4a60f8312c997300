"""Checking every row of a sheet against the same rules as the form."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliances.indicators.framework_import.columns import (
    _HEADERS,
    COLUMNS,
    REQUIRED,
    _choice,
    _date,
    _target_period,
    normalise,
    parse_disaggregations,
)
from alliances.indicators.framework_import.reading import Sheet
from alliances.indicators.models import Frequency, Objective
from alliances.indicators.services.framework import IndicatorData, indicator_clean
from alliances.partnerships.forms.contributions import parse_decimal
from alliances.partnerships.models import Partnership, Party, PartyStatus


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
