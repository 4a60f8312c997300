"""A survey's definition: the question types, walking the items, and checking a definition.

The format (docs/surveys.md) is a JSON document {"languages": [...], "items": [...]} written by
the builder or by the XLSForm import; both check it with validate_definition() before saving.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.surveys.expressions import NAME_RE, ExpressionError, compile_expression

QUESTION_TYPES: dict[str, Any] = {
    "text": gettext_lazy("Short text"),
    "textarea": gettext_lazy("Long text"),
    "integer": gettext_lazy("Whole number"),
    "decimal": gettext_lazy("Decimal number"),
    "date": gettext_lazy("Date"),
    "time": gettext_lazy("Time"),
    "datetime": gettext_lazy("Date and time"),
    "select_one": gettext_lazy("One choice"),
    "select_multiple": gettext_lazy("Several choices"),
    "agreement": gettext_lazy("Agreement scale (1 to 5)"),
    "rating": gettext_lazy("Rating from 0 to 10"),
    "matrix": gettext_lazy("Statements on the agreement scale"),
    "note": gettext_lazy("Text to read (no answer)"),
    "acknowledge": gettext_lazy("Checkbox to acknowledge"),
    "calculate": gettext_lazy("Calculation (hidden)"),
    "email": gettext_lazy("E-mail address"),
    "phone": gettext_lazy("Phone number"),
    "start": gettext_lazy("Start time (recorded automatically)"),
    "end": gettext_lazy("End time (recorded automatically)"),
    "today": gettext_lazy("Day of the answer (recorded automatically)"),
}
CONTAINER_TYPES = frozenset({"group", "repeat"})
# Questions the respondent answers (what an indicator can be computed from, with calculations).
ANSWERED_TYPES = frozenset(QUESTION_TYPES) - {"note", "calculate", "start", "end", "today"}
METADATA_TYPES = frozenset({"start", "end", "today"})
# Types whose answer is stored in a response.
STORED_TYPES = ANSWERED_TYPES | {"calculate"} | METADATA_TYPES
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
NUMERIC_TYPES = frozenset({"integer", "decimal", "agreement", "rating"})
# Questions shown to the respondent, which need a label.
SHOWN_TYPES = frozenset(QUESTION_TYPES) - {"calculate"} - METADATA_TYPES

AGREEMENT_CHOICES = [
    (1, gettext_lazy("Strongly disagree")),
    (2, gettext_lazy("Disagree")),
    (3, gettext_lazy("Neither agree nor disagree")),
    (4, gettext_lazy("Agree")),
    (5, gettext_lazy("Strongly agree")),
]
RATING_MIN, RATING_MAX = 0, 10
TEXT_MAX_LENGTH = 2000
TEXTAREA_MAX_LENGTH = 10000
MAX_ITEMS = 1000
MAX_DEPTH = 8
EXPRESSION_KEYS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


def iter_items(items: list, parents: tuple = ()) -> Iterator[tuple[dict, tuple]]:
    """(item, enclosing groups and repeats) for every item, depth-first, in order."""
    for item in items:
        if not isinstance(item, dict):
            continue
        yield item, parents
        children = item.get("items")
        if item.get("type") in CONTAINER_TYPES and isinstance(children, list):
            yield from iter_items(children, (*parents, item))


def iter_questions(definition: dict) -> Iterator[dict]:
    """Every item dict, depth-first in order: questions, and the groups and repeats themselves
    (followed by their contents). Filter on `type` to keep what you need."""
    for item, _parents in iter_items(definition.get("items") or []):
        yield item


def find_question(definition: dict, name: str) -> dict | None:
    for item in iter_questions(definition):
        if item.get("name") == name:
            return item
    return None


def enclosing_repeat(definition: dict, name: str) -> dict | None:
    """The innermost repeat holding the question `name`, or None at the top level."""
    for item, parents in iter_items(definition.get("items") or []):
        if item.get("name") == name:
            repeats = [p for p in parents if p.get("type") == "repeat"]
            return repeats[-1] if repeats else None
    return None


def text(item: dict, key: str, language: str | None) -> str:
    """A label, hint or message in `language`, else in the first language that has it."""
    value = item.get(key)
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    if language and value.get(language):
        return str(value[language])
    for candidate in value.values():
        if candidate:
            return str(candidate)
    return ""


def default_language(definition: dict) -> str:
    languages = definition.get("languages") or []
    return languages[0] if languages else "default"


def _label_missing(item: dict, key: str, language: str) -> bool:
    value = item.get(key)
    if isinstance(value, str):
        return not value.strip()
    return not (isinstance(value, dict) and str(value.get(language) or "").strip())


def _is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def validate_definition(definition: Any) -> list[str]:
    """Human messages for every problem of a definition; an empty list means it is valid."""
    if not isinstance(definition, dict):
        return [_("The survey definition is not a JSON object.")]
    messages: list[str] = []
    languages = definition.get("languages")
    if not isinstance(languages, list) or not languages:
        messages.append(_("The survey needs at least one language."))
        language = "default"
    elif not all(isinstance(lang, str) and lang for lang in languages):
        messages.append(_("Each language must be a non-empty text."))
        language = "default"
    else:
        language = languages[0]
        if len(set(languages)) != len(languages):
            messages.append(_("A language is listed twice."))
    items = definition.get("items")
    if not isinstance(items, list):
        return [*messages, _("The survey has no list of questions.")]
    everything = list(iter_items(items))
    if len(everything) > MAX_ITEMS:
        return [
            *messages,
            _("The survey has too many questions (at most %(n)s).") % {"n": MAX_ITEMS},
        ]
    if not any(item.get("type") not in CONTAINER_TYPES for item, _p in everything):
        messages.append(_("The survey has no question."))

    names: set[str] = set()
    for item, _parents in everything:
        name = item.get("name")
        if not isinstance(name, str) or not NAME_RE.fullmatch(name):
            messages.append(
                _(
                    "“%(name)s” is not a valid question name: use letters, digits and _ "
                    "(starting with a letter)."
                )
                % {"name": name}
            )
        elif name in names:
            messages.append(_("The name “%(name)s” is used twice.") % {"name": name})
        else:
            names.add(name)
    # Questions left out of an imported XLSForm: expressions may still name them (they read "").
    known = names | {n for n in definition.get("left_out") or [] if isinstance(n, str)}
    for item, parents in everything:
        messages.extend(_validate_item(item, parents, language, known))
    return messages


def _validate_item(item: dict, parents: tuple, language: str, names: set[str]) -> list[str]:
    name = item.get("name")
    kind = item.get("type")
    where = {"name": name}
    messages: list[str] = []
    if len(parents) >= MAX_DEPTH:
        messages.append(_("“%(name)s” is nested in too many groups.") % where)
    if kind not in QUESTION_TYPES and kind not in CONTAINER_TYPES:
        return [_("“%(name)s” has an unknown type “%(type)s”.") % {"name": name, "type": kind}]
    if kind in CONTAINER_TYPES:
        if not isinstance(item.get("items"), list):
            messages.append(_("The group “%(name)s” has no list of questions.") % where)
        elif not item["items"]:
            messages.append(_("The group “%(name)s” is empty.") % where)
    elif "items" in item:
        messages.append(_("“%(name)s” is a question and cannot hold other questions.") % where)
    if kind in SHOWN_TYPES and _label_missing(item, "label", language):
        messages.append(
            _("“%(name)s” has no label in the main language (%(language)s).")
            % {"name": name, "language": language}
        )
    if kind in SELECT_TYPES:
        messages.extend(_validate_choices(item, language))
    if kind == "matrix":
        messages.extend(_validate_statements(item, language))
    if kind == "calculate" and not _is_expression(item.get("calculation")):
        messages.append(_("The calculation “%(name)s” has no formula.") % where)
    required = item.get("required", False)
    if not isinstance(required, bool) and not isinstance(required, str):
        messages.append(_("“%(name)s”: “required” must be true, false or a condition.") % where)
    keys = EXPRESSION_KEYS + (("required",) if isinstance(required, str) else ())
    for key in keys:
        if _is_expression(item.get(key)):
            messages.extend(_validate_expression(item, key, names))
    return messages


def _validate_choices(item: dict, language: str) -> list[str]:
    where = {"name": item.get("name")}
    choices = item.get("choices")
    if not isinstance(choices, list) or not choices:
        return [_("“%(name)s” needs at least one choice.") % where]
    messages: list[str] = []
    seen: set[tuple] = set()
    for choice in choices:
        if not isinstance(choice, dict) or not str(choice.get("name", "")).strip():
            messages.append(_("A choice of “%(name)s” has no name.") % where)
            continue
        key = (str(choice["name"]), repr(sorted((choice.get("filter") or {}).items())))
        if key in seen:
            messages.append(
                _("The choice “%(choice)s” of “%(name)s” is listed twice.")
                % {"choice": choice["name"], "name": item.get("name")}
            )
        seen.add(key)
        if _label_missing(choice, "label", language):
            messages.append(
                _("The choice “%(choice)s” of “%(name)s” has no label.")
                % {"choice": choice["name"], "name": item.get("name")}
            )
    return messages


def _validate_statements(item: dict, language: str) -> list[str]:
    where = {"name": item.get("name")}
    statements = item.get("statements")
    if not isinstance(statements, list) or not statements:
        return [_("“%(name)s” needs at least one statement.") % where]
    messages: list[str] = []
    seen: set[str] = set()
    for statement in statements:
        statement_name = statement.get("name") if isinstance(statement, dict) else None
        if not isinstance(statement_name, str) or not NAME_RE.fullmatch(statement_name):
            messages.append(_("A statement of “%(name)s” has no valid name.") % where)
            continue
        if statement_name in seen:
            messages.append(
                _("The statement “%(statement)s” of “%(name)s” is listed twice.")
                % {"statement": statement_name, "name": item.get("name")}
            )
        seen.add(statement_name)
        if _label_missing(statement, "label", language):
            messages.append(
                _("The statement “%(statement)s” of “%(name)s” has no label.")
                % {"statement": statement_name, "name": item.get("name")}
            )
    return messages


def _validate_expression(item: dict, key: str, names: set[str]) -> list[str]:
    where = {"name": item.get("name"), "key": key}
    try:
        expression = compile_expression(item[key])
    except ExpressionError as error:
        return [_("“%(name)s”, %(key)s: %(error)s") % {**where, "error": error.message}]
    messages = [
        _("“%(name)s”, %(key)s: there is no question “%(ref)s”.") % {**where, "ref": ref}
        for ref in sorted(expression.references - names)
    ]
    if key == "choice_filter":
        columns = {"name", "label"}
        for choice in item.get("choices") or []:
            if isinstance(choice, dict):
                columns.update((choice.get("filter") or {}).keys())
        unknown = expression.columns - columns - names
    else:
        unknown = expression.columns - names
    messages.extend(
        _("“%(name)s”, %(key)s: “%(column)s” is unknown (write ${%(column)s} for a question).")
        % {**where, "column": column}
        for column in sorted(unknown)
    )
    return messages
