"""The definition tree as the builder changes it: finding, walking and checking items."""

import re

from django.utils.translation import gettext as _

from alliances.surveys.expressions import ExpressionError, compile_expression
from alliances.surveys.models import Response, Survey

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CONTAINERS = ("group", "repeat")
# Expressions whose references must name questions asked before (a choice filter and a
# calculation may look further, as XLSForm allows).
ORDERED_EXPRESSIONS = ("relevant", "constraint")
EXPRESSIONS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


def is_section(item: dict) -> bool:
    """A page break made here: a group shown on one screen, not one imported from XLSForm."""
    return item.get("type") == "group" and "row" not in item


def locate(items: list, name: str, parent: dict | None = None):
    """(siblings, index, parent container) of the item with this name, or None."""
    for index, item in enumerate(items):
        if item.get("name") == name:
            return items, index, parent
        if item.get("type") in CONTAINERS:
            found = locate(item.get("items", []), name, item)
            if found:
                return found
    return None


def walk(items: list):
    """Every item, containers included, in the order a respondent meets them."""
    for item in items:
        yield item
        if item.get("type") in CONTAINERS:
            yield from walk(item.get("items", []))


def names_within(item: dict) -> set[str]:
    names = {item.get("name")}
    if item.get("type") in CONTAINERS:
        names |= {child.get("name") for child in walk(item.get("items", []))}
    return names


def references_in(text: str) -> set[str]:
    try:
        return set(compile_expression(text).references)
    except ExpressionError:
        return set()


def order_problems(definition: dict) -> set[tuple[str, str]]:
    """(item, referenced name) for each condition that uses a question not asked before it."""
    problems = set()
    seen: set[str] = set()
    for item in walk(definition.get("items", [])):
        for key in ORDERED_EXPRESSIONS:
            for ref in references_in(item.get(key) or ""):
                if ref not in seen and ref != item.get("name"):
                    problems.add((item.get("name"), ref))
        seen.add(item.get("name"))
    return problems


def referencing(definition: dict, names: set[str]) -> list[dict]:
    """Items (outside `names`) whose expressions use one of these names."""
    found = []
    for item in walk(definition.get("items", [])):
        if item.get("name") in names:
            continue
        if any(references_in(item.get(key) or "") & names for key in EXPRESSIONS):
            found.append(item)
    return found


def label_of(item: dict) -> str:
    label = item.get("label") or {}
    if isinstance(label, str):
        return label or item.get("name", "")
    return next((text for text in label.values() if text), item.get("name", ""))


def rename_references(definition: dict, old: str, new: str) -> None:
    pattern = re.compile(r"\$\{\s*" + re.escape(old) + r"\s*\}")
    for item in walk(definition.get("items", [])):
        for key in EXPRESSIONS:
            if item.get(key):
                item[key] = pattern.sub("${" + new + "}", item[key])


def answered_count(survey: Survey, names: set[str]) -> int:
    """Responses holding an answer to one of these questions (top-level keys of the answers)."""
    if not names:
        return 0
    query = None
    for name in names:
        condition = Response.objects.filter(survey=survey, answers__has_key=name)
        query = condition if query is None else query | condition
    return query.count()


def ordering_message(definition: dict, problems: set[tuple[str, str]]) -> str:
    item_name, ref = sorted(problems)[0]
    return _(
        "The condition of “%(item)s” uses “%(ref)s”, which would then be asked after it. "
        "Move or change that condition first."
    ) % {
        "item": label_of(find_item(definition, item_name) or {"name": item_name}),
        "ref": label_of(find_item(definition, ref) or {"name": ref}),
    }


def find_item(definition: dict, name: str) -> dict | None:
    found = locate(definition.get("items", []), name)
    return found[0][found[1]] if found else None
