"""A survey's questions: add, change, delete and move them in the definition."""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliances.partnerships.services.workspace import ensure_open
from alliances.surveys.definition import ANSWERED_TYPES, iter_questions
from alliances.surveys.expressions import ExpressionError, compile_expression
from alliances.surveys.models import Survey, SurveyIndicator, SurveyStatus
from alliances.surveys.services.surveys.lifecycle import (
    ConfirmationNeeded,
    locked_survey,
    log_change,
    save_definition,
)
from alliances.surveys.services.surveys.tree import (
    CONTAINERS,
    NAME_PATTERN,
    answered_count,
    is_section,
    label_of,
    locate,
    names_within,
    order_problems,
    ordering_message,
    referencing,
    rename_references,
    walk,
)


def _check_expressions(definition: dict, item: dict) -> None:
    """The item's own expressions compile and only use questions asked before it."""
    before: set[str] = set()
    for other in walk(definition.get("items", [])):
        if other is item:
            break
        before.add(other.get("name"))
    errors = {}
    for key in ("relevant", "constraint"):
        text = item.get(key) or ""
        if not text:
            continue
        try:
            references = set(compile_expression(text).references)
        except ExpressionError as exc:
            errors[key] = str(exc)
            continue
        unknown = sorted(references - before - {item.get("name")})
        if unknown:
            errors[key] = _(
                "This expression uses %(names)s: only questions asked before this one can be used."
            ) % {"names": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)


def _check_name(definition: dict, name: str, *, current: dict | None) -> None:
    if not NAME_PATTERN.match(name or ""):
        raise ValidationError(
            {
                "name": _(
                    "Use letters, digits and underscores, starting with a letter, "
                    "for example age_group."
                )
            }
        )
    for other in walk(definition.get("items", [])):
        if other is not current and other.get("name") == name:
            raise ValidationError({"name": _("Another question already has this name.")})


def _merge(old: dict, new: dict) -> dict:
    """The new values over the old item; empty values drop keys, other keys are kept."""
    merged = {**old, **new}
    for key in list(merged):
        if key not in ("items", "name", "type") and merged[key] in ("", None, {}, [], False):
            del merged[key]
    if merged.get("type") in CONTAINERS:
        merged.setdefault("items", [])
    return merged


def _target_items(definition: dict, section: str) -> list:
    if not section:
        return definition["items"]
    found = locate(definition["items"], section)
    if not found or not is_section(found[0][found[1]]):
        raise ValidationError({"section": _("This section no longer exists.")})
    return found[0][found[1]]["items"]


@transaction.atomic
def question_save(
    *,
    survey: Survey,
    actor,
    question: dict,
    original_name: str = "",
    section: str | None = None,
    confirm: bool = False,
) -> dict:
    """Add a question (at the end of `section`, or of the survey) or change one.

    `question` holds the keys the form edits; the others of an existing item (an imported
    calculation, appearance...) are kept. `section` None leaves an existing question where it
    is; a name ("" = no section) moves it to the end of that section.
    """
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    definition = copy.deepcopy(locked.definition or {})
    definition.setdefault("items", [])
    old = None
    if original_name:
        found = locate(definition["items"], original_name)
        if not found:
            raise ValidationError(_("This question has been deleted in the meantime."), code="gone")
        siblings, index, parent = found
        old = siblings[index]
    item = _merge(old or {}, question)
    _check_name(definition, item["name"], current=old)
    renamed = old is not None and old["name"] != item["name"]
    if renamed and item.get("type") not in CONTAINERS and not confirm:
        count = answered_count(locked, {old["name"]})
        if count:
            raise ConfirmationNeeded(name=old["name"], responses=count)
    problems_before = order_problems(definition)
    if old is None:
        _target_items(definition, section or "").append(item)
    elif section is not None and section != (parent or {}).get("name", ""):
        if parent is not None and parent.get("type") == "repeat":
            raise ValidationError({"section": _("A question of a repeat stays in it.")})
        target = _target_items(definition, section)
        del siblings[index]
        target.append(item)
    else:
        siblings[index] = item
    if renamed:
        rename_references(definition, old["name"], item["name"])
        for link in SurveyIndicator.objects.filter(survey=locked):
            moved = {
                k: (item["name"] if v == old["name"] else v)
                for k, v in link.disaggregate_by.items()
            }
            if link.question == old["name"] or moved != link.disaggregate_by:
                link.question = item["name"] if link.question == old["name"] else link.question
                link.disaggregate_by = moved
                link.save(update_fields=["question", "disaggregate_by"])
    _check_expressions(definition, item)
    new_problems = order_problems(definition) - problems_before
    if new_problems:
        raise ValidationError(ordering_message(definition, new_problems), code="order")
    save_definition(locked, definition)
    verb = "survey.question_changed" if old is not None else "survey.question_added"
    data = {"question": item["name"]}
    if renamed:
        data["renamed_from"] = old["name"]
    log_change(survey=locked, actor=actor, verb=verb, data=data)
    return item


@transaction.atomic
def question_delete(*, survey: Survey, actor, name: str, confirm: bool = False) -> None:
    """Delete a question, or a group: a section's questions stay (moved up a level), a
    repeat goes with its questions."""
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    definition = copy.deepcopy(locked.definition or {})
    found = locate(definition.get("items", []), name)
    if not found:
        raise ValidationError(_("This question has been deleted in the meantime."), code="gone")
    siblings, index, _parent = found
    item = siblings[index]
    keeps_children = item.get("type") == "group"
    removed = {name} if keeps_children else names_within(item)
    users = referencing(definition, removed)
    if users:
        raise ValidationError(
            _("“%(other)s” uses this question in a condition or a calculation: change it first.")
            % {"other": label_of(users[0])},
            code="referenced",
        )
    links = [
        link
        for link in SurveyIndicator.objects.filter(survey=locked).select_related("indicator")
        if link.question in removed or removed & set(link.disaggregate_by.values())
    ]
    if links:
        raise ValidationError(
            _("The indicator “%(indicator)s” is computed from this question: it cannot be deleted.")
            % {"indicator": links[0].indicator.title},
            code="indicator",
        )
    if not confirm:
        count = answered_count(locked, removed)
        if count:
            raise ConfirmationNeeded(name=name, responses=count)
    siblings[index : index + 1] = item.get("items", []) if keeps_children else []
    if locked.status == SurveyStatus.OPEN and not any(
        q.get("type") in ANSWERED_TYPES for q in iter_questions(definition)
    ):
        raise ValidationError(
            _("An open survey needs at least one question: close it before deleting this one."),
            code="last",
        )
    save_definition(locked, definition)
    log_change(survey=locked, actor=actor, verb="survey.question_deleted", data={"question": name})


def _move(definition: dict, name: str, direction: str) -> None:
    siblings, index, parent = locate(definition["items"], name)
    item = siblings[index]
    step = -1 if direction == "up" else 1
    neighbour = index + step
    if 0 <= neighbour < len(siblings):
        other = siblings[neighbour]
        if is_section(other) and item.get("type") not in CONTAINERS:
            # Into the section next to it: at its end going up, at its start going down.
            del siblings[index]
            other["items"].insert(len(other["items"]) if step < 0 else 0, item)
        else:
            siblings[index], siblings[neighbour] = other, item
        return
    if parent is None or parent.get("type") == "repeat":
        raise ValidationError(
            _("This question is already first.")
            if step < 0
            else _("This question is already last.")
        )
    # Out of its section, just before or after it.
    outer, outer_index, _grandparent = locate(definition["items"], parent["name"])
    del siblings[index]
    outer.insert(outer_index if step < 0 else outer_index + 1, item)


@transaction.atomic
def question_move(*, survey: Survey, actor, name: str, direction: str) -> None:
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the question up or down."), code="direction")
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    definition = copy.deepcopy(locked.definition or {})
    if not locate(definition.get("items", []), name):
        raise ValidationError(_("This question has been deleted in the meantime."), code="gone")
    problems_before = order_problems(definition)
    _move(definition, name, direction)
    new_problems = order_problems(definition) - problems_before
    if new_problems:
        raise ValidationError(ordering_message(definition, new_problems), code="order")
    save_definition(locked, definition)
    log_change(
        survey=locked,
        actor=actor,
        verb="survey.question_moved",
        data={"question": name, "direction": direction},
    )
