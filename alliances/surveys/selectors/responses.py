"""Reading responses: the public link's survey, the team's lists, the aggregated results.

Results never show a figure for a question fewer than SMALL_CELL_THRESHOLD people answered,
and never show free text: they are read by every member of the partnership, while raw answers
stay with the people who manage the survey.
"""

import statistics
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alliances.indicators.grouping import SMALL_CELL_THRESHOLD
from alliances.surveys.definition import AGREEMENT_CHOICES, text
from alliances.surveys.models import Response, Survey

# The public endpoint reads the survey behind a token on every submission; a short cache spares
# that query during a busy collection. A closed survey may accept answers this much longer.
SURVEY_CACHE_SECONDS = 5.0
_survey_cache: dict[str, tuple[float, Survey]] = {}
_survey_cache_lock = threading.Lock()

CHOICE_TYPES = frozenset({"select_one", "select_multiple"})
SCALE_TYPES = frozenset({"agreement", "rating"})
NUMBER_TYPES = frozenset({"integer", "decimal"})
FREE_TEXT_TYPES = frozenset(
    {"text", "textarea", "email", "phone", "date", "time", "datetime", "start", "end", "today"}
)


def survey_by_public_token(token: str, *, cached: bool = False) -> Survey | None:
    now = time.monotonic()
    if cached:
        with _survey_cache_lock:
            hit = _survey_cache.get(token)
        if hit and hit[0] > now:
            return hit[1]
    survey = Survey.objects.filter(public_token=token).first()
    if cached and survey is not None:
        with _survey_cache_lock:
            if len(_survey_cache) > 1000:
                _survey_cache.clear()
            _survey_cache[token] = (now + SURVEY_CACHE_SECONDS, survey)
    return survey


def survey_cache_clear() -> None:
    with _survey_cache_lock:
        _survey_cache.clear()


def responses_in_survey(*, survey: Survey, filters: dict | None = None) -> QuerySet[Response]:
    filters = filters or {}
    responses = Response.objects.filter(survey=survey).select_related("entered_by")
    if filters.get("channel"):
        responses = responses.filter(channel=filters["channel"])
    if filters.get("start"):
        responses = responses.filter(collected_on__gte=filters["start"])
    if filters.get("end"):
        responses = responses.filter(collected_on__lte=filters["end"])
    return responses.order_by("-received_at", "-id")


def labels_language(survey: Survey, preferred: str) -> str:
    languages = (survey.definition or {}).get("languages") or ["default"]
    for language in languages:
        if language == preferred or language.endswith(f"({preferred})"):
            return language
    return languages[0]


# Reading one response --------------------------------------------------------------------


@dataclass
class AnswerLine:
    label: str
    answer: str
    depth: int = 0


def answer_lines(definition: dict, answers: dict, language: str) -> list[AnswerLine]:
    """Every question of the survey with the answer given, choices by their label."""
    lines: list[AnswerLine] = []
    _answer_lines((definition or {}).get("items", []), answers or {}, language, 0, lines)
    return lines


def _answer_lines(items, answers, language, depth, lines) -> None:
    for item in items:
        kind = item.get("type", "")
        name = item.get("name", "")
        label = text(item, "label", language) if item.get("label") else name
        if kind == "group":
            lines.append(AnswerLine(label=label, answer="", depth=depth))
            _answer_lines(item.get("items", []), answers, language, depth + 1, lines)
        elif kind == "repeat":
            for index, instance in enumerate(answers.get(name) or [], start=1):
                lines.append(AnswerLine(label=f"{label} #{index}", answer="", depth=depth))
                _answer_lines(item.get("items", []), instance, language, depth + 1, lines)
        elif kind == "matrix":
            given = answers.get(name) or {}
            lines.append(AnswerLine(label=label, answer="", depth=depth))
            for statement in item.get("statements", []):
                value = given.get(statement["name"])
                lines.append(
                    AnswerLine(
                        label=text(statement, "label", language),
                        answer=choice_label(item, value, language, scale="agreement"),
                        depth=depth + 1,
                    )
                )
        elif kind != "note":
            lines.append(
                AnswerLine(
                    label=label,
                    answer=choice_label(item, answers.get(name), language),
                    depth=depth,
                )
            )


def choice_label(item: dict, value, language: str, *, scale: str = "") -> str:
    if value is None or value == "":
        return ""
    kind = scale or item.get("type", "")
    if kind == "agreement":
        labels = {str(number): str(label) for number, label in AGREEMENT_CHOICES}
        return f"{value} · {labels.get(str(value), '')}".rstrip(" ·")
    if kind in CHOICE_TYPES:
        labels = {str(c.get("name")): text(c, "label", language) for c in item.get("choices", [])}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(one)) or str(one) for one in values)
    if isinstance(value, list):
        return ", ".join(str(one) for one in value)
    return str(value)


# Results ---------------------------------------------------------------------------------


@dataclass
class ChoiceFigure:
    value: str
    label: str
    count: int
    percent: float

    @property
    def bar(self) -> int:
        return round(self.percent)


@dataclass
class QuestionResult:
    name: str
    label: str
    type: str
    statement: str = ""
    respondents: int = 0
    suppressed: bool = False
    free_text: bool = False
    choices: list[ChoiceFigure] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    rows: list["QuestionResult"] = field(default_factory=list)  # a matrix's statements


@dataclass
class SurveyResults:
    total: int
    questions: list[QuestionResult]
    threshold: int = SMALL_CELL_THRESHOLD


def survey_results(*, survey: Survey, language: str) -> SurveyResults:
    """Per question: how many answered, the distribution, mean and median, or nothing when
    fewer than the threshold answered."""
    answers = list(
        Response.objects.filter(survey=survey).values_list("answers", flat=True).iterator()
    )
    questions = [
        _question_result(item, answers, language)
        for item in _top_questions((survey.definition or {}).get("items", []))
    ]
    return SurveyResults(total=len(answers), questions=questions)


def _top_questions(items):
    """Questions outside repeated sections (a repeat's answers are several per person)."""
    for item in items:
        kind = item.get("type", "")
        if kind == "group":
            yield from _top_questions(item.get("items", []))
        elif kind not in {"repeat", "note", "calculate"}:
            yield item


def _question_result(item: dict, answers: list[dict], language: str) -> QuestionResult:
    kind = item.get("type", "")
    name = item.get("name", "")
    result = QuestionResult(
        name=name, label=text(item, "label", language) if item.get("label") else name, type=kind
    )
    if kind == "matrix":
        given = [answer.get(name) or {} for answer in answers if isinstance(answer.get(name), dict)]
        result.respondents = len(given)
        for statement in item.get("statements", []):
            values = [row[statement["name"]] for row in given if statement["name"] in row]
            row = QuestionResult(
                name=f"{name}.{statement['name']}",
                label=result.label,
                statement=text(statement, "label", language),
                type="agreement",
            )
            _distribution(row, {"type": "agreement"}, values, language)
            result.rows.append(row)
        result.suppressed = result.respondents < SMALL_CELL_THRESHOLD
        return result
    values = [answer[name] for answer in answers if answer.get(name) not in (None, "", [])]
    if kind in FREE_TEXT_TYPES:
        result.free_text = True
        result.respondents = len(values)
        result.suppressed = result.respondents < SMALL_CELL_THRESHOLD
        return result
    _distribution(result, item, values, language)
    return result


def _distribution(result: QuestionResult, item: dict, values: list, language: str) -> None:
    result.respondents = len(values)
    if result.respondents < SMALL_CELL_THRESHOLD:
        result.suppressed = True
        return
    kind = item.get("type", "")
    if kind in CHOICE_TYPES or kind in SCALE_TYPES or kind == "acknowledge":
        counts: dict[str, int] = {}
        for value in values:
            for one in value if isinstance(value, list) else [value]:
                counts[str(one)] = counts.get(str(one), 0) + 1
        for code, label in _options(item, language):
            count = counts.get(code, 0)
            result.choices.append(
                ChoiceFigure(
                    value=code,
                    label=label,
                    count=count,
                    percent=round(100 * count / result.respondents, 1),
                )
            )
    if kind in SCALE_TYPES or kind in NUMBER_TYPES:
        numbers = [number for number in (_number(value) for value in values) if number is not None]
        if len(numbers) >= SMALL_CELL_THRESHOLD:
            result.mean = round(statistics.fmean(numbers), 2)
            result.median = round(float(statistics.median(numbers)), 2)


def _options(item: dict, language: str) -> list[tuple[str, str]]:
    kind = item.get("type", "")
    if kind == "agreement":
        return [(str(number), str(label)) for number, label in AGREEMENT_CHOICES]
    if kind == "rating":
        return [(str(number), str(number)) for number in range(11)]
    if kind == "acknowledge":
        return [("OK", "OK")]
    return [
        (str(choice.get("name")), text(choice, "label", language) or str(choice.get("name")))
        for choice in item.get("choices", [])
    ]


def _number(value) -> float | None:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


# Exports ---------------------------------------------------------------------------------


@dataclass
class Column:
    header: str
    question: dict
    statement: str = ""


def export_columns(definition: dict) -> tuple[list[Column], list[dict]]:
    """One column per question (per statement for a matrix), and the repeated sections."""
    columns: list[Column] = []
    repeats: list[dict] = []
    _columns((definition or {}).get("items", []), columns, repeats)
    return columns, repeats


def _columns(items, columns: list[Column], repeats: list[dict]) -> None:
    for item in items:
        kind = item.get("type", "")
        if kind == "group":
            _columns(item.get("items", []), columns, repeats)
        elif kind == "repeat":
            repeats.append(item)
        elif kind == "matrix":
            for statement in item.get("statements", []):
                columns.append(
                    Column(f"{item['name']}.{statement['name']}", item, statement["name"])
                )
        elif kind != "note":
            columns.append(Column(item.get("name", ""), item))


def cell(column: Column, answers: dict):
    value = answers.get(column.question.get("name", ""))
    if column.statement:
        value = value.get(column.statement) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, list):
        # Several choices in one cell, space-separated as XLSForm tools write them.
        return " ".join(str(one) for one in value)
    if isinstance(value, dict):
        return str(value)
    return value


META_HEADERS = ["response", "collected_on", "channel", "language", "survey_version"]


def response_rows(*, survey: Survey, responses, columns: list[Column]):
    """The main table: one row per response, anonymous (no one who entered it, no time)."""
    for response in (
        responses.select_related(None)
        .only("uuid", "collected_on", "channel", "language", "survey_version", "answers")
        .iterator()
    ):
        answers = response.answers or {}
        yield (
            response,
            [
                str(response.uuid),
                response.collected_on.isoformat(),
                response.channel,
                response.language,
                response.survey_version,
                *(cell(column, answers) for column in columns),
            ],
        )


def repeat_rows(repeat: dict, response: Response):
    columns, _nested = export_columns({"items": repeat.get("items", [])})
    for index, instance in enumerate((response.answers or {}).get(repeat["name"]) or [], 1):
        if isinstance(instance, dict):
            yield [str(response.uuid), index, *(cell(column, instance) for column in columns)]


def label_rows(definition: dict, language: str):
    """Code → label for every question, statement and choice: the export's second sheet."""
    yield ["question", "statement", "answer", "label"]
    for question in _all_questions((definition or {}).get("items", [])):
        name = question.get("name", "")
        yield [name, "", "", text(question, "label", language) if question.get("label") else ""]
        for statement in question.get("statements", []):
            yield [name, statement["name"], "", text(statement, "label", language)]
        for code, label in (
            _options(question, language)
            if question.get("type") in (CHOICE_TYPES | {"agreement"})
            else []
        ):
            yield [name, "", code, label]
        if question.get("type") == "matrix":
            for code, label in _options({"type": "agreement"}, language):
                yield [name, "*", code, label]


def _all_questions(items):
    for item in items:
        if item.get("type") in {"group", "repeat"}:
            yield from _all_questions(item.get("items", []))
        elif item.get("type") != "note":
            yield item


def results_rows(results: SurveyResults):
    """The results table as published: suppressed questions carry no figure at all."""
    yield ["question", "label", "statement", "answer", "answer_label", "count", "percent",
           "respondents", "mean", "median", "note"]  # fmt: skip
    for question in results.questions:
        for row in question.rows or [question]:
            if question.free_text:
                continue
            if row.suppressed or question.suppressed:
                hidden = _("fewer than %(count)s respondents") % {"count": results.threshold}
                yield [row.name, question.label, row.statement, *[""] * 7, hidden]
                continue
            figures = [row.respondents, _blank(row.mean), _blank(row.median)]
            for choice in row.choices:
                yield [row.name, question.label, row.statement, choice.value, choice.label,
                       choice.count, choice.percent, *figures, ""]  # fmt: skip
            if not row.choices:
                yield [row.name, question.label, row.statement, "", "", "", "", *figures, ""]


def _blank(value):
    return "" if value is None else value
