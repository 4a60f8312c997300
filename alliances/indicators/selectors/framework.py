"""Reads of the results framework: the tree of a partnership, one indicator, its reporting
periods, and the SDG indicators that indicators are tagged with."""

import csv
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from alliances.indicators.models import Indicator, Objective, Outcome, Target, Value
from alliances.indicators.periods import next_period, period_label, period_start, periods_between
from alliances.partnerships.models import Partnership, Party, PartyStatus

SDG_FILE = Path(__file__).resolve().parent.parent / "data" / "sdg_indicators.csv"
GOALS_FILE = (
    Path(__file__).resolve().parent.parent.parent / "organisations" / "data" / "sdg_goals.csv"
)
# Without an end date, targets are asked for this many periods ahead.
PERIODS_WITHOUT_END = 8
# A monthly indicator over a ten-year partnership would ask for 120 targets: stop before.
MAX_PERIODS = 60


# SDG indicators


@dataclass(frozen=True)
class SdgIndicator:
    id: str
    goal: int
    title_en: str
    title_fr: str

    @property
    def title(self) -> str:
        return self.title_fr if _language() == "fr" else self.title_en

    @property
    def short_title(self) -> str:
        """The official titles run long: the part before "by sex, age..." is enough to name
        it on a busy page."""
        text = self.title
        for cut in (", by ", ", par ", " by sex", " par sexe"):
            if cut in text:
                text = text.split(cut, 1)[0]
        if len(text) > 90:
            text = text[:88].rsplit(" ", 1)[0] + "…"
        return text


@dataclass(frozen=True)
class SdgGoal:
    number: int
    short_en: str
    short_fr: str
    indicators: tuple[SdgIndicator, ...]

    @property
    def short(self) -> str:
        return self.short_fr if _language() == "fr" else self.short_en


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


@functools.cache
def _sdg_data() -> tuple[dict[str, SdgIndicator], tuple[SdgGoal, ...]]:
    with open(SDG_FILE, encoding="utf-8", newline="") as handle:
        indicators = {
            row["id"]: SdgIndicator(row["id"], int(row["goal"]), row["title_en"], row["title_fr"])
            for row in csv.DictReader(handle)
        }
    with open(GOALS_FILE, encoding="utf-8", newline="") as handle:
        names = {
            int(row["id"]): (row["short_en"], row["short_fr"]) for row in csv.DictReader(handle)
        }
    goals = tuple(
        SdgGoal(
            number,
            *names.get(number, (str(number), str(number))),
            tuple(item for item in indicators.values() if item.goal == number),
        )
        for number in sorted({item.goal for item in indicators.values()})
    )
    return indicators, goals


def sdg_indicator(indicator_id: str) -> SdgIndicator | None:
    return _sdg_data()[0].get(indicator_id)


def sdg_goals() -> tuple[SdgGoal, ...]:
    return _sdg_data()[1]


def sdg_tags(ids) -> list[SdgIndicator]:
    found = (sdg_indicator(indicator_id) for indicator_id in ids or ())
    return [item for item in found if item is not None]


# Periods


def default_reporting_start(partnership: Partnership, *, today: date | None = None) -> date:
    return partnership.starts_on or today or timezone.localdate()


def reporting_periods(
    *, partnership: Partnership, frequency: str, first: date | None
) -> list[date]:
    """The periods an indicator reports on: from its first period to the partnership's end,
    or the next few periods when the partnership has no end date."""
    first = first or default_reporting_start(partnership)
    if partnership.ends_on and partnership.ends_on >= first:
        periods = []
        for start in periods_between(first, partnership.ends_on, frequency):
            periods.append(start)
            if len(periods) == MAX_PERIODS:
                break
        return periods
    periods = [period_start(first, frequency)]
    while len(periods) < PERIODS_WITHOUT_END:
        periods.append(next_period(periods[-1], frequency))
    return periods


@dataclass(frozen=True)
class PeriodTarget:
    start: date
    label: str
    value: object


# The tree


def _indicators() -> QuerySet:
    return Indicator.objects.select_related("responsible_party__organisation").annotate(
        has_values=Exists(Value.objects.filter(indicator=OuterRef("pk")))
    )


def framework_in_partnership(*, partnership: Partnership) -> list[Objective]:
    """Objectives, each with `.outcomes`, each with `.indicators` (with `.targets`, the
    annotation `has_values`, and `next_target`, `sdg` set here), in order, in four queries."""
    indicators = _indicators().prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("period_start"))
    )
    outcomes = Outcome.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    objectives = list(
        Objective.objects.filter(partnership=partnership).prefetch_related(
            Prefetch("outcomes", queryset=outcomes)
        )
    )
    today = timezone.localdate()
    for objective in objectives:
        objective.has_values = False
        for outcome in objective.outcomes.all():
            outcome.has_values = False
            for indicator in outcome.indicators.all():
                _decorate(indicator, today=today)
                outcome.has_values = outcome.has_values or indicator.has_values
            objective.has_values = objective.has_values or outcome.has_values
    return objectives


def _decorate(indicator: Indicator, *, today: date) -> None:
    current = period_start(today, indicator.frequency)
    upcoming = [target for target in indicator.targets.all() if target.period_start >= current]
    indicator.next_target = (
        PeriodTarget(
            upcoming[0].period_start,
            period_label(upcoming[0].period_start, indicator.frequency),
            upcoming[0].value,
        )
        if upcoming
        else None
    )
    indicator.sdg = sdg_tags(indicator.sdg_indicators)


def framework_counts(objectives: list[Objective]) -> dict[str, int]:
    outcomes = [outcome for objective in objectives for outcome in objective.outcomes.all()]
    return {
        "objectives": len(objectives),
        "outcomes": len(outcomes),
        "indicators": sum(len(outcome.indicators.all()) for outcome in outcomes),
    }


def objective_in_partnership(*, partnership: Partnership, uuid) -> Objective:
    try:
        return Objective.objects.get(partnership=partnership, uuid=uuid)
    except Objective.DoesNotExist as exc:
        raise Http404 from exc


def outcome_in_partnership(*, partnership: Partnership, uuid) -> Outcome:
    try:
        return Outcome.objects.select_related("objective").get(partnership=partnership, uuid=uuid)
    except Outcome.DoesNotExist as exc:
        raise Http404 from exc


def indicator_in_partnership(*, partnership: Partnership, uuid) -> Indicator:
    try:
        indicator = (
            _indicators()
            .select_related("outcome__objective")
            .get(partnership=partnership, uuid=uuid)
        )
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    _decorate(indicator, today=timezone.localdate())
    return indicator


def indicator_targets(indicator: Indicator) -> list[PeriodTarget]:
    return [
        PeriodTarget(
            target.period_start,
            period_label(target.period_start, indicator.frequency),
            target.value,
        )
        for target in indicator.targets.all()
    ]


def outcomes_in_partnership(*, partnership: Partnership) -> list[Outcome]:
    return list(
        Outcome.objects.filter(partnership=partnership)
        .select_related("objective")
        .order_by("objective__position", "objective__id", "position", "id")
    )


def responsible_parties_in_partnership(
    *, partnership: Partnership, keep: Party | None = None
) -> QuerySet:
    """Active parties, plus the one already responsible even if it has left since."""
    parties = Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
    if keep is not None:
        parties = parties | Party.objects.filter(pk=keep.pk)
    return parties.select_related("organisation").order_by("created_at", "id")


def value_groups_of(indicator: Indicator) -> set[tuple[str, str]]:
    """The (dimension, category) pairs that values of the indicator were entered for."""
    pairs = set()
    for value in Value.objects.filter(indicator=indicator).values_list("disaggregation", flat=True):
        pairs.update((name, str(category)) for name, category in (value or {}).items())
    return pairs


def has_values(*, objective: Objective | None = None, outcome: Outcome | None = None) -> bool:
    """Whether indicators under this objective or outcome have values (evidence to keep)."""
    values = Value.objects.all()
    if objective is not None:
        values = values.filter(indicator__outcome__objective=objective)
    if outcome is not None:
        values = values.filter(indicator__outcome=outcome)
    return values.exists()
