"""Indicators computed from survey responses.

A SurveyIndicator says which question (and, for a matrix, which statement) feeds an indicator
and how: the share of respondents giving one of the chosen answers, the mean answer, the number
giving one of the chosen answers, or the number of respondents. Respondents are those who
answered the question. Figures are computed per reporting period (the indicator's frequency,
from each response's `collected_on`) for the total and for each category of each dimension
alone (dimensions are never crossed: crossing them would make most cells too small to show).

Scale: a survey may hold 100 000 responses. The database aggregates them per collection day
and group (a few hundred rows at most), and only those rows are folded into periods here.

Small-cell protection: a group of fewer than SMALL_CELL_THRESHOLD respondents is stored
without a figure (value NULL, suppressed, respondents NULL). When exactly one category of a
dimension is suppressed in a period, the next smallest category is suppressed too, because
the total minus the other categories would otherwise reveal it.
"""

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Q, Sum, TextField, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks import task

from alliances.indicators.grouping import SMALL_CELL_THRESHOLD, disaggregation_key
from alliances.indicators.models import PeriodLock, Value, ValueSource, ValueStatus
from alliances.indicators.periods import period_start
from alliances.surveys.models import Method, Response, Survey, SurveyIndicator

logger = logging.getLogger(__name__)

FOUR_PLACES = Decimal("0.0001")
# Accepted as a number for means: integers and decimals as the answers store them.
NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def iter_items(items: list) -> list[dict]:
    """Every question of a definition's items, groups and repeats included (depth-first)."""
    found = []
    for item in items or []:
        if item.get("type") in {"group", "repeat"}:
            found.extend(iter_items(item.get("items", [])))
        else:
            found.append(item)
    return found


def question_in(definition: dict, name: str) -> dict | None:
    for question in iter_items((definition or {}).get("items", [])):
        if question.get("name") == name:
            return question
    return None


def _label(item: dict, language: str | None = None) -> str:
    label = item.get("label") or {}
    if isinstance(label, str):
        return label
    if language and label.get(language):
        return label[language]
    return next((text for text in label.values() if text), item.get("name", ""))


def category_names(dimension: dict) -> list[str]:
    """The categories of an indicator dimension, as strings."""
    names = []
    for category in dimension.get("categories", []):
        if isinstance(category, dict):
            category = category.get("label") or category.get("name") or ""
        names.append(str(category))
    return names


def category_of_answer(question: dict | None, categories: list[str]) -> dict[str, str]:
    """Answer code → indicator category: the code itself, or the label of its choice (in any
    language) when that is what the indicator's categories list."""
    mapping = {}
    wanted = set(categories)
    for choice in (question or {}).get("choices", []):
        code = str(choice.get("name", ""))
        if code in wanted:
            mapping[code] = code
            continue
        labels = choice.get("label") or {}
        labels = [labels] if isinstance(labels, str) else list(labels.values())
        mapping[code] = next((label for label in labels if label in wanted), code)
    return mapping


@dataclass
class Cell:
    respondents: int = 0
    hits: int = 0
    total: float = 0.0

    def add(self, respondents: int, hits: int, total: float | None) -> None:
        self.respondents += respondents
        self.hits += hits
        self.total += total or 0.0


def _answer_path(link: SurveyIndicator) -> str:
    path = f"answers__{link.question}"
    return f"{path}__{link.statement}" if link.statement else path


def _aggregate(link: SurveyIndicator, question_type: str, group_path: str | None) -> list[dict]:
    """One row per collection day (and group answer): respondents, hits, sum of numbers."""
    answer = Cast(KT(_answer_path(link)), TextField())
    rows = (
        Response.objects.filter(survey_id=link.survey_id)
        .annotate(answer=answer)
        .filter(answer__isnull=False)
        .exclude(answer__in=["", "[]"])
    )
    choices = [str(choice) for choice in link.choices or []]
    if not choices:
        chosen = Q(pk__in=[])
    elif question_type == "select_multiple":
        # The list comes back as its JSON text: a chosen code appears quoted inside it.
        chosen = Q()
        for code in choices:
            chosen |= Q(answer__contains=f'"{code}"')
    else:
        chosen = Q(answer__in=choices)
    is_number = Q(answer__regex=NUMBER_PATTERN)
    keys = ["collected_on"]
    if group_path:
        rows = rows.annotate(group=Cast(KT(group_path), TextField())).filter(group__isnull=False)
        keys.append("group")
    aggregates = {"respondents": Count("pk")}
    if link.method in {Method.SHARE, Method.COUNT}:
        aggregates["hits"] = Count(Case(When(chosen, then=1)))
    if link.method == Method.MEAN:
        rows = rows.filter(is_number)
        aggregates["total"] = Sum(Cast(F("answer"), FloatField()))
    return list(rows.values(*keys).annotate(**aggregates).order_by())


def _figure(link: SurveyIndicator, cell: Cell) -> Decimal | None:
    if link.method == Method.SHARE:
        result = Decimal(100 * cell.hits) / Decimal(cell.respondents)
    elif link.method == Method.MEAN:
        result = Decimal(str(cell.total)) / Decimal(cell.respondents)
    elif link.method == Method.COUNT:
        result = Decimal(cell.hits)
    else:
        result = Decimal(cell.respondents)
    return result.quantize(FOUR_PLACES)


def _suppressed_keys(cells: dict[tuple[date, str], Cell], dimensions: list[str]) -> set:
    """(period, key) of every cell that must not show a figure."""
    hidden = {where for where, cell in cells.items() if cell.respondents < SMALL_CELL_THRESHOLD}
    periods = {period for period, _key in cells}
    for period in periods:
        for name in dimensions:
            prefix = f"{name}="
            group = [
                (cell.respondents, key)
                for (start, key), cell in cells.items()
                if start == period and key.startswith(prefix)
            ]
            small = [key for _n, key in group if (period, key) in hidden]
            if len(small) != 1:
                continue
            others = sorted(item for item in group if (period, item[1]) not in hidden)
            if others:
                hidden.add((period, others[0][1]))
    return hidden


def compute_cells(link: SurveyIndicator) -> dict[tuple[date, str], tuple[dict, Cell]]:
    """(period, disaggregation key) → (disaggregation, accumulated cell), from the database."""
    indicator = link.indicator
    definition = link.survey.definition or {}
    question = question_in(definition, link.question) or {}
    question_type = question.get("type", "")
    frequency = indicator.frequency
    cells: dict[tuple[date, str], tuple[dict, Cell]] = {}

    def fold(rows, groups_of):
        for row in rows:
            groups = groups_of(row)
            if groups is None:
                continue
            start = period_start(row["collected_on"], frequency)
            where = (start, disaggregation_key(groups))
            cell = cells.setdefault(where, (groups, Cell()))[1]
            cell.add(row["respondents"], row.get("hits") or 0, row.get("total"))

    fold(_aggregate(link, question_type, None), lambda row: {})
    for dimension in indicator.disaggregations or []:
        name = dimension.get("name")
        source = (link.disaggregate_by or {}).get(name)
        if not name or not source:
            continue
        mapping = category_of_answer(question_in(definition, source), category_names(dimension))

        def groups_of(row, name=name, mapping=mapping):
            answer = row["group"]
            if answer in ("", "[]"):
                return None
            return {name: mapping.get(answer, answer)}

        fold(_aggregate(link, question_type, f"answers__{source}"), groups_of)
    return cells


def survey_indicator_compute(link: SurveyIndicator) -> int:
    """Rewrite the indicator's survey values from all the survey's responses, in one
    transaction, leaving locked periods untouched. Returns the number of values written."""
    indicator = link.indicator
    cells = compute_cells(link)
    dimensions = [
        dimension.get("name")
        for dimension in indicator.disaggregations or []
        if dimension.get("name") in (link.disaggregate_by or {})
    ]
    hidden = _suppressed_keys({where: cell for where, (_g, cell) in cells.items()}, dimensions)
    now = timezone.now()
    with transaction.atomic():
        locked = set(
            PeriodLock.objects.filter(indicator=indicator).values_list("period_start", flat=True)
        )
        Value.objects.filter(indicator=indicator, source=ValueSource.SURVEY).exclude(
            period_start__in=locked
        ).delete()
        # Figures typed by hand for the same cell are never overwritten.
        taken = set(
            Value.objects.filter(indicator=indicator).values_list(
                "period_start", "disaggregation_key"
            )
        )
        rows = []
        for (start, key), (groups, cell) in sorted(cells.items()):
            if start in locked or (start, key) in taken:
                continue
            suppressed = (start, key) in hidden
            rows.append(
                Value(
                    partnership_id=indicator.partnership_id,
                    indicator=indicator,
                    period_start=start,
                    disaggregation=groups,
                    disaggregation_key=key,
                    value=None if suppressed else _figure(link, cell),
                    respondents=None if suppressed else cell.respondents,
                    suppressed=suppressed,
                    status=ValueStatus.APPROVED,
                    source=ValueSource.SURVEY,
                    party_id=indicator.responsible_party_id,
                    reviewed_at=now,
                )
            )
        Value.objects.bulk_create(rows, batch_size=500)
        link.computed_at = now
        link.save(update_fields=["computed_at"])
    return len(rows)


def survey_indicators_recompute(*, survey_id: int) -> int:
    """Recompute every indicator fed by the survey; returns the number of values written."""
    written = 0
    links = SurveyIndicator.objects.filter(survey_id=survey_id).select_related(
        "indicator", "survey"
    )
    for link in links:
        written += survey_indicator_compute(link)
    return written


@task()
def survey_indicators_recompute_task(*, survey_id: int) -> int:
    return survey_indicators_recompute(survey_id=survey_id)


def recompute_cache_key(survey_id: int) -> str:
    return f"surveys:recompute:{survey_id}"


# Survey id → when the recomputation claimed in the cache runs (wall clock, this process).
_claimed_until: dict[int, float] = {}
# Seconds taken off a claim's deadline, for clocks of several servers a little apart.
CLOCK_MARGIN = 1.0


def survey_indicators_schedule(survey: Survey) -> None:
    """Recompute the survey's indicators after new responses.

    With SURVEY_RECOMPUTE_DELAY at 0 this happens at once. Otherwise the first response of a
    burst claims a cache key for the delay and queues one recomputation to run when it ends;
    responses arriving meanwhile find the key taken and ride on that run, which reads them all.
    The key is claimed before looking for indicators, so a busy survey costs one query per
    delay, not one per response (a survey without indicators just holds the key meanwhile),
    and each process remembers the claim until it ends: no cache round trip either.
    """
    delay = settings.SURVEY_RECOMPUTE_DELAY
    if delay <= 0:
        if SurveyIndicator.objects.filter(survey=survey).exists():
            survey_indicators_recompute(survey_id=survey.pk)
        return
    now = time.time()
    if _claimed_until.get(survey.pk, 0.0) > now:
        return
    key = recompute_cache_key(survey.pk)
    deadline = now + delay
    if not cache.add(key, deadline, timeout=delay):
        # Claimed by another process: its run covers responses until its deadline, so this
        # process need not ask the cache again until then (one read per window, not one
        # round trip per response).
        claimed = cache.get(key)
        if isinstance(claimed, float):
            _claimed_until[survey.pk] = claimed - CLOCK_MARGIN
        return
    _claimed_until[survey.pk] = deadline - CLOCK_MARGIN
    if not SurveyIndicator.objects.filter(survey=survey).exists():
        return
    queued = survey_indicators_recompute_task
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + timedelta(seconds=delay))
    queued.enqueue(survey_id=survey.pk)
