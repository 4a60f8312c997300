"""Reads for the survey builder: a partnership's surveys, a survey's outline in plain words.

Conditions written by the builder have a few fixed shapes (see `condition_build`); they are
read back into the builder's fields and into sentences. Anything else (typed by hand, or
imported) is shown as the expression itself.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.partnerships.models import Partnership
from alliances.surveys.definition import AGREEMENT_CHOICES, ANSWERED_TYPES, text
from alliances.surveys.models import Survey

PERSONAL_TYPES = frozenset({"email", "phone"})
NUMERIC_TYPES = frozenset({"integer", "decimal", "agreement", "rating"})

TYPE_LABELS = {
    "text": gettext_lazy("Short text"),
    "textarea": gettext_lazy("Long text"),
    "integer": gettext_lazy("Whole number"),
    "decimal": gettext_lazy("Decimal number"),
    "date": gettext_lazy("Date"),
    "time": gettext_lazy("Time"),
    "datetime": gettext_lazy("Date and time"),
    "select_one": gettext_lazy("Single choice"),
    "select_multiple": gettext_lazy("Multiple choice"),
    "agreement": gettext_lazy("Agreement scale (5 points)"),
    "rating": gettext_lazy("Rating from 0 to 10"),
    "matrix": gettext_lazy("Statements on the agreement scale"),
    "note": gettext_lazy("Note (text only)"),
    "acknowledge": gettext_lazy("Acknowledgement"),
    "calculate": gettext_lazy("Calculation (hidden)"),
    "email": gettext_lazy("E-mail address (personal data)"),
    "phone": gettext_lazy("Phone number (personal data)"),
    "start": gettext_lazy("Start time (recorded automatically)"),
    "end": gettext_lazy("End time (recorded automatically)"),
    "today": gettext_lazy("Date of the day (recorded automatically)"),
    "group": gettext_lazy("Section"),
    "repeat": gettext_lazy("Repeated questions"),
}

OPERATORS = {
    "is": gettext_lazy("is"),
    "is_not": gettext_lazy("is not"),
    "one_of": gettext_lazy("is one of"),
    "at_least": gettext_lazy("is at least"),
    "at_most": gettext_lazy("is at most"),
    "answered": gettext_lazy("is answered"),
}


def surveys_in_partnership(*, partnership: Partnership) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(partnership=partnership)
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-id")
    )


def survey_response_count(*, survey: Survey) -> int:
    return survey.responses.count()


def collects_personal_data(definition: dict) -> bool:
    return any(item.get("type") in PERSONAL_TYPES for item in _walk(definition.get("items", [])))


def _walk(items: list, depth: int = 0, parent: dict | None = None):
    for item in items:
        yield item
        if item.get("type") in ("group", "repeat"):
            yield from _walk(item.get("items", []), depth + 1, item)


# Conditions

_REF = r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}"
_LITERAL = r"'([^']*)'|(-?\d+(?:\.\d+)?)"
_COMPARE = re.compile(rf"^{_REF}\s*(=|!=|>=|<=)\s*(?:{_LITERAL})$")
_SELECTED = re.compile(rf"^selected\(\s*{_REF}\s*,\s*'([^']*)'\s*\)$")
_NOT_SELECTED = re.compile(rf"^not\(\s*selected\(\s*{_REF}\s*,\s*'([^']*)'\s*\)\s*\)$")
_ANY_SELECTED = re.compile(rf"^count-selected\(\s*{_REF}\s*\)\s*>\s*0$")


@dataclass(frozen=True)
class Condition:
    question: str
    operator: str
    values: tuple[str, ...] = field(default=())


def _quote(value: str) -> str:
    return "'" + value.replace("'", "’") + "'"


def condition_build(question: dict, operator: str, values: list[str]) -> str:
    """The expression for "show only if [question] [operator] [values]"."""
    name = "${" + question["name"] + "}"
    multiple = question.get("type") == "select_multiple"
    numeric = question.get("type") in NUMERIC_TYPES

    def literal(value: str) -> str:
        return value if numeric else _quote(value)

    if operator == "answered":
        return f"count-selected({name}) > 0" if multiple else f"{name} != ''"
    if operator in ("at_least", "at_most"):
        return f"{name} {'>=' if operator == 'at_least' else '<='} {values[0]}"
    if multiple:
        parts = [f"selected({name}, {_quote(value)})" for value in values]
        if operator == "is_not":
            return f"not({parts[0]})"
        return " or ".join(parts)
    if operator == "is_not":
        return f"{name} != {literal(values[0])}"
    return " or ".join(f"{name} = {literal(value)}" for value in values)


def _single(part: str) -> tuple[str, str, str] | None:
    """(question, operator, value) of one builder-shaped comparison."""
    part = part.strip()
    match = _COMPARE.match(part)
    if match:
        name, sign, quoted, number = match.groups()
        value = number if number is not None else quoted
        if sign in (">=", "<="):
            if number is None:
                return None
            return name, "at_least" if sign == ">=" else "at_most", value
        if sign == "!=" and quoted == "":
            return name, "answered", ""
        return name, "is" if sign == "=" else "is_not", value
    match = _SELECTED.match(part)
    if match:
        return match.group(1), "is", match.group(2)
    match = _NOT_SELECTED.match(part)
    if match:
        return match.group(1), "is_not", match.group(2)
    match = _ANY_SELECTED.match(part)
    if match:
        return match.group(1), "answered", ""
    return None


def condition_parse(expression: str) -> Condition | None:
    """The builder's reading of an expression it could have written, else None."""
    expression = (expression or "").strip()
    if not expression:
        return None
    parts = [_single(part) for part in re.split(r"\s+or\s+", expression)]
    if any(part is None for part in parts):
        return None
    names = {part[0] for part in parts}
    if len(parts) == 1:
        name, operator, value = parts[0]
        return Condition(name, operator, (value,) if operator != "answered" else ())
    if len(names) != 1 or any(part[1] != "is" for part in parts):
        return None
    return Condition(parts[0][0], "one_of", tuple(part[2] for part in parts))


def answer_label(question: dict | None, value: str, language: str) -> str:
    """How an answer code reads: the label of its choice, or the value itself."""
    if question is None:
        return value
    if question.get("type") == "agreement":
        labels = {str(code): str(label) for code, label in AGREEMENT_CHOICES}
        return labels.get(str(value), value)
    for choice in question.get("choices", []):
        if str(choice.get("name")) == str(value):
            return text(choice, "label", language) or value
    return value


def condition_in_words(expression: str, definition: dict, language: str) -> str:
    """A sentence for a condition; the expression as it is when no sentence fits."""
    condition = condition_parse(expression)
    questions = {item.get("name"): item for item in _walk(definition.get("items", []))}
    if condition is None or condition.question not in questions:
        return _("Shown only if: %(expression)s") % {"expression": expression}
    question = questions[condition.question]
    label = text(question, "label", language) or condition.question
    values = [f"“{answer_label(question, value, language)}”" for value in condition.values]
    if condition.operator == "answered":
        return _("Shown only if “%(question)s” is answered") % {"question": label}
    return _("Shown only if “%(question)s” %(operator)s %(values)s") % {
        "question": label,
        "operator": OPERATORS[condition.operator],
        "values": _(" or ").join(values),
    }


# The survey page


@dataclass
class OutlineRow:
    item: dict
    depth: int
    number: int | None
    label: str
    type_label: str
    condition: str
    in_repeat: bool
    editable: bool
    is_section: bool
    is_container: bool
    first: bool
    last: bool
    choices: list[str]


def survey_outline(*, survey: Survey, language: str) -> list[OutlineRow]:
    """The survey's items in the order respondents meet them, described for its builders."""
    definition = survey.definition or {}
    language = language if language in definition.get("languages", []) else ""
    rows: list[OutlineRow] = []
    counter = 0

    def visit(items: list, depth: int, in_repeat: bool, parent: dict | None):
        nonlocal counter
        for index, item in enumerate(items):
            kind = item.get("type", "")
            container = kind in ("group", "repeat")
            number = None
            if kind in ANSWERED_TYPES:
                counter += 1
                number = counter
            section = kind == "group" and "row" not in item
            movable_out = parent is not None and parent.get("type") != "repeat"
            rows.append(
                OutlineRow(
                    item=item,
                    depth=depth,
                    number=number,
                    label=text(item, "label", language) if item.get("label") else "",
                    type_label=str(TYPE_LABELS.get(kind, kind)),
                    condition=(
                        condition_in_words(item["relevant"], definition, language)
                        if item.get("relevant")
                        else ""
                    ),
                    in_repeat=in_repeat,
                    editable=not container or section,
                    is_section=section,
                    is_container=container,
                    first=index == 0 and not movable_out,
                    last=index == len(items) - 1 and not movable_out,
                    choices=[
                        text(choice, "label", language) or str(choice.get("name"))
                        for choice in item.get("choices", [])
                    ][:12],
                )
            )
            if container:
                visit(item.get("items", []), depth + 1, in_repeat or kind == "repeat", item)

    visit(definition.get("items", []), 0, False, None)
    return rows


def earlier_questions(definition: dict, name: str | None, *, section: str = "") -> list[dict]:
    """Questions that a condition of `name` may use: those asked before it; for a new question
    (added at the end of `section`, or of the survey), every question before that point."""

    def usable(item: dict) -> bool:
        return item.get("type") in ANSWERED_TYPES and item.get("type") != "matrix"

    found = []
    for item in _walk(definition.get("items", [])):
        if name and item.get("name") == name:
            return found
        if not name and section and item.get("name") == section:
            return found + [child for child in _walk(item.get("items", [])) if usable(child)]
        if usable(item):
            found.append(item)
    return found
