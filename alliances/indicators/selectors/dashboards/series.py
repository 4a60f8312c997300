"""One indicator on a dashboard: its periods, what was expected by then, its status.

Accumulation. Values are always recorded per period: what happened during that period. For a
cumulative quantity (type "quantitative", accumulation "cumulative", e.g. people reached since
the start) the dashboard shows the running sum of the period values, and its targets are read
as running totals too. Percentages and scores never add up: they are shown as recorded,
whatever their accumulation says.

Status of the latest period:
- off track: a period whose reporting deadline has passed has no value; or the latest value is
  below 90 % of the value expected by then (above 110 % when lower is better);
- on track: the latest value is within that margin;
- no target: values but nothing to compare them with;
- no data: no value yet, and nothing overdue.
The value expected at a period is its target when it has one, else the straight line between
the previous anchor (the baseline, or an earlier target) and the next target; past the last
target, the last target. Without a previous anchor, a cumulative quantity starts from 0 and
anything else is held to the next target.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliances.indicators.models import (
    Accumulation,
    Direction,
    Indicator,
    IndicatorSource,
    IndicatorType,
)
from alliances.indicators.periods import deadline, period_label, period_start, periods_between

ON_TRACK_MARGIN = Decimal("0.9")
OFF_TRACK_ABOVE = Decimal("1.1")


class Status:
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"
    # Per period only
    MISSING = "missing"
    PENDING = "pending"


def format_figure(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return ""
    rounded = value.quantize(Decimal("0.01")).normalize()
    places = max(0, -rounded.as_tuple().exponent)
    text = formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)
    unit = indicator.unit or ("%" if indicator.type == IndicatorType.PERCENTAGE else "")
    return f"{text}\u202f{unit}" if unit else text


@dataclass
class Point:
    start: date
    label: str
    value: Decimal | None = None  # as shown: the running total for cumulative quantities
    recorded: Decimal | None = None  # as recorded for the period
    target: Decimal | None = None
    expected: Decimal | None = None
    respondents: int | None = None
    suppressed: bool = False
    status: str = ""
    value_text: str = ""
    target_text: str = ""


@dataclass
class Cell:
    category: str
    value: Decimal | None
    respondents: int | None
    suppressed: bool
    value_text: str = ""
    share: str = "0"  # of the largest value, for the bar (a CSS number, never localised)


@dataclass
class Breakdown:
    name: str
    label: str
    cells: list[Cell]


@dataclass
class IndicatorDashboard:
    indicator: Indicator
    points: list[Point]
    baseline: Decimal | None
    latest: Point | None
    final_target: Point | None
    progress: int | None  # % of the way from the baseline (or 0) to the last target
    status: str
    reason: str
    overdue: Point | None = None
    breakdown: list[Breakdown] = field(default_factory=list)
    survey_uuid: str | None = None
    reason_is_overdue: bool = False

    @property
    def is_survey(self) -> bool:
        return self.indicator.source == IndicatorSource.SURVEY

    @property
    def alert_period(self) -> str:
        """The period to open to fix an off-track status, as in the value entry URL."""
        point = self.overdue if self.reason_is_overdue else self.latest
        return point.start.isoformat() if point else ""

    @property
    def baseline_text(self) -> str:
        return self.figure(self.baseline)

    @property
    def accumulates(self) -> bool:
        return _accumulates(self.indicator)

    @property
    def respondents(self) -> int | None:
        return self.latest.respondents if self.latest else None

    def figure(self, value: Decimal | None) -> str:
        return format_figure(value, self.indicator)

    @property
    def summary(self) -> str:
        """One sentence, the text alternative of the indicator's chart."""
        status = status_labels()[self.status]
        if self.latest is None:
            return _("No value yet (%(status)s).") % {"status": status}
        values = {
            "value": self.figure(self.latest.value),
            "period": self.latest.label,
            "status": status,
        }
        target = self.latest.target
        if target is None and self.final_target is not None:
            target = self.final_target.value
        if target is None:
            return _("Latest: %(value)s in %(period)s, %(status)s.") % values
        values["target"] = self.figure(target)
        return _("Latest: %(value)s in %(period)s, target %(target)s, %(status)s.") % values

    def chart_data(self) -> dict:
        """What static/indicators/charts.js draws (JSON-serialisable)."""

        def number(value):
            return None if value is None else float(value)

        return {
            "title": self.indicator.title,
            "names": {
                "period": _("Period"),
                "value": _("Value"),
                "target": _("Target"),
                "baseline": _("Baseline"),
            },
            "unit": self.indicator.unit
            or ("%" if self.indicator.type == IndicatorType.PERCENTAGE else ""),
            "labels": [point.label for point in self.points],
            "series": {
                "value": [number(point.value) for point in self.points],
                "target": [number(point.target) for point in self.points],
                "baseline": number(self.baseline),
            },
        }


def status_labels() -> dict:
    # Built per call so that the active language is used.
    return {
        Status.ON_TRACK: _("on track"),
        Status.OFF_TRACK: _("off track"),
        Status.NO_TARGET: _("no target"),
        Status.NO_DATA: _("no data"),
    }


class StatusCounts:
    """How many indicators are in each status; subclasses list them in `all_items()`."""

    def count(self, status: str) -> int:
        return sum(1 for item in self.all_items() if item.status == status)

    @property
    def on_track(self) -> int:
        return self.count(Status.ON_TRACK)

    @property
    def off_track(self) -> int:
        return self.count(Status.OFF_TRACK)

    @property
    def no_data(self) -> int:
        return self.count(Status.NO_DATA)

    @property
    def no_target(self) -> int:
        return self.count(Status.NO_TARGET)


def _accumulates(indicator: Indicator) -> bool:
    return (
        indicator.accumulation == Accumulation.CUMULATIVE
        and indicator.type == IndicatorType.QUANTITATIVE
    )


def _expected(indicator, starts, targets, index) -> Decimal | None:
    start = starts[index]
    if start in targets:
        return targets[start]
    later = [(i, targets[s]) for i, s in enumerate(starts) if i > index and s in targets]
    earlier = [(i, targets[s]) for i, s in enumerate(starts) if i < index and s in targets]
    if not later:
        return earlier[-1][1] if earlier else None
    next_index, next_value = later[0]
    if earlier:
        prev_index, prev_value = earlier[-1]
    elif indicator.baseline_value is not None:
        prev_index, prev_value = -1, indicator.baseline_value
    elif _accumulates(indicator):
        prev_index, prev_value = -1, Decimal(0)
    else:
        return next_value
    share = Decimal(index - prev_index) / Decimal(next_index - prev_index)
    return prev_value + (next_value - prev_value) * share


def _on_track(indicator, value: Decimal, expected: Decimal) -> bool:
    if indicator.direction == Direction.LOWER:
        return value <= expected * OFF_TRACK_ABOVE
    return value >= expected * ON_TRACK_MARGIN


def _progress(indicator, value: Decimal | None, target: Decimal | None) -> int | None:
    if value is None or target is None:
        return None
    start = indicator.baseline_value
    if start is None:
        start = Decimal(0)
    if target == start:
        reached = value <= target if indicator.direction == Direction.LOWER else value >= target
        return 100 if reached else 0
    return max(0, round((value - start) / (target - start) * 100))


def _first_period(indicator, rows, targets) -> date | None:
    candidates = list(rows) + list(targets)
    if indicator.reporting_start:
        candidates.append(indicator.reporting_start)
    if not candidates:
        return None
    return period_start(min(candidates), indicator.frequency)


def _period_labels(frequency: str):
    """period_label, remembered per period while one series (or one page) is built: the
    label is translated, and a portfolio asks for the same few periods thousands of times."""
    language = get_language()
    cache = _LABELS.setdefault((language, frequency), {})

    def label(start: date) -> str:
        if start not in cache:
            cache[start] = period_label(start, frequency)
        return cache[start]

    return label


# (language, frequency) → {period start: label}. Labels depend on nothing else; a few
# hundred periods per frequency and language at most.
_LABELS: dict[tuple, dict] = {}


def indicator_series(
    indicator, rows: dict, targets: dict, today: date, *, formatted: bool = True
) -> IndicatorDashboard:
    """rows: period start → (value, respondents, suppressed) of the total.

    formatted=False decides the status only: no labels, figures as text nor reason (what a
    portfolio needs for the partnerships it counts but does not show).
    """
    frequency = indicator.frequency
    label = _period_labels(frequency) if formatted else (lambda start: "")
    grace = settings.REPORTING_GRACE_DAYS
    first = _first_period(indicator, rows, targets)
    starts: list[date] = []
    if first is not None:
        end = indicator.partnership.ends_on
        last_due = today if end is None else min(today, end)
        last = max([*rows, *targets, period_start(last_due, frequency)])
        starts = list(periods_between(first, last, frequency))
    points, running, overdue = [], Decimal(0), None
    for index, start in enumerate(starts):
        point = Point(start=start, label=label(start))
        point.target = targets.get(start)
        recorded, respondents, suppressed = rows.get(start, (None, None, False))
        point.recorded, point.respondents, point.suppressed = recorded, respondents, suppressed
        if recorded is not None:
            running += recorded
            point.value = running if _accumulates(indicator) else recorded
        if formatted:
            # Without words, only the latest value's expectation is needed (below).
            point.expected = _expected(indicator, starts, targets, index)
        if point.value is not None:
            _judge(indicator, point)
        elif start in rows:
            point.status = ""  # suppressed: the figure exists but may not be shown
        elif deadline(start, frequency, grace) < today and _reportable(indicator, start, today):
            point.status = Status.MISSING
            overdue = point
        else:
            point.status = Status.PENDING
        if formatted:
            point.value_text = format_figure(point.value, indicator)
            point.target_text = format_figure(point.target, indicator)
        points.append(point)
    shown = [point for point in points if point.value is not None]
    latest = shown[-1] if shown else None
    if not formatted and latest is not None:
        latest.expected = _expected(indicator, starts, targets, starts.index(latest.start))
        _judge(indicator, latest)
    with_target = [point for point in points if point.target is not None]
    final_target = with_target[-1] if with_target else None
    final_point = None
    if final_target is not None:
        final_point = Point(final_target.start, final_target.label, value=final_target.target)
        final_point.value_text = final_target.target_text
    item = IndicatorDashboard(
        indicator=indicator,
        points=points,
        baseline=indicator.baseline_value,
        latest=latest,
        final_target=final_point,
        progress=_progress(
            indicator, latest.value if latest else None, final_point.value if final_point else None
        ),
        status=Status.NO_DATA,
        reason="",
        overdue=overdue,
    )
    _decide(item, formatted=formatted)
    return item


def _judge(indicator, point: Point) -> None:
    if point.expected is not None:
        on = _on_track(indicator, point.value, point.expected)
        point.status = Status.ON_TRACK if on else Status.OFF_TRACK


def _reportable(indicator, start: date, today: date) -> bool:
    """Periods before the indicator's first reporting period are never overdue."""
    first = indicator.reporting_start or indicator.partnership.starts_on
    return first is None or start >= period_start(first, indicator.frequency)


def _decide(item: IndicatorDashboard, *, formatted: bool = True) -> None:
    latest = item.latest
    if item.overdue is not None and (latest is None or latest.start < item.overdue.start):
        item.status = Status.OFF_TRACK
        item.reason_is_overdue = True
        if not formatted:
            return
        item.reason = _("No value for %(period)s, whose reporting deadline has passed.") % {
            "period": item.overdue.label
        }
    elif latest is None:
        item.status = Status.NO_DATA
        item.reason = _("No value yet.")
    elif latest.expected is None:
        item.status = Status.NO_TARGET
        item.reason = _("No target to compare with.")
    elif latest.status == Status.OFF_TRACK:
        item.status = Status.OFF_TRACK
        if not formatted:
            return
        values = {
            "value": item.figure(latest.value),
            "period": latest.label,
            "expected": item.figure(latest.expected),
        }
        if item.indicator.direction == Direction.LOWER:
            item.reason = (
                _("%(value)s in %(period)s, above the %(expected)s expected by then.") % values
            )
        else:
            item.reason = (
                _("%(value)s in %(period)s, below the %(expected)s expected by then.") % values
            )
    else:
        item.status = Status.ON_TRACK
        if not formatted:
            return
        item.reason = _("%(value)s in %(period)s, in line with the %(expected)s expected.") % {
            "value": item.figure(latest.value),
            "period": latest.label,
            "expected": item.figure(latest.expected),
        }
