"""Checking the rows read: what would change and what is wrong, row by row."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

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
from alliances.indicators.values_import.columns import (
    MAX_ROWS,
    ImportFileError,
    _figure_text,
    _header_positions,
    _norm,
)
from alliances.indicators.values_import.reading import read_table
from alliances.partnerships.forms.contributions import parse_decimal


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
