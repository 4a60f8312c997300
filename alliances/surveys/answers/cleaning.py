"""The walk over a survey's items: relevance, calculations, required, choice filters and
constraints, applied to the typed answers; and the hash that identifies a set of answers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from alliances.surveys.answers.plan import Node, compile_definition
from alliances.surveys.answers.values import MAX_REPEAT_INSTANCES, type_level
from alliances.surveys.definition import text
from alliances.surveys.expressions import EvalContext, NodeSet, to_number

# --- the cleaning walk ----------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    language: str | None
    today: date
    now: datetime | None
    context: EvalContext
    errors: dict[str, str]


def _message(node: Node, key: str, language: str | None, default: str) -> str:
    return text(node.item, key, language) or default


def _apply_rules(run: _Run, nodes: list[Node], answers: dict, prefix: str, scopes: tuple) -> None:
    """In order: relevance, calculations, required, choice filters and constraints."""
    ctx = run.context
    for node in nodes:
        ctx.current = answers.get(node.name)
        if node.relevant is not None and not node.relevant.is_true(ctx):
            _drop(run, node, answers, prefix)
            continue
        if node.kind == "group":
            _apply_rules(run, node.children, answers, prefix, scopes)
        elif node.kind == "repeat":
            _apply_repeat(run, node, answers, prefix, scopes)
        elif node.kind == "calculate":
            if node.calculation is not None:
                ctx.current = answers.get(node.name)
                value = _stored(node.calculation.evaluate(ctx))
                if value is None:
                    answers.pop(node.name, None)
                else:
                    answers[node.name] = value
        elif node.kind == "note":
            answers.pop(node.name, None)
        else:
            _check_question(run, node, answers, prefix)


def _apply_repeat(run: _Run, node: Node, answers: dict, prefix: str, scopes: tuple) -> None:
    ctx = run.context
    instances = answers.get(node.name)
    instances = list(instances) if isinstance(instances, list) else []
    if node.repeat_count is not None:
        count = to_number(node.repeat_count.evaluate(ctx))
        count = int(count) if count == count and count > 0 else 0
        count = min(count, MAX_REPEAT_INSTANCES)
        instances = instances[:count] + [{} for _ in range(count - len(instances))]
    outer = (ctx.scopes, ctx.position, ctx.scope_names)
    for index, instance in enumerate(instances, start=1):
        ctx.scopes, ctx.position, ctx.scope_names = (*scopes, instance), index, node.names
        _apply_rules(run, node.children, instance, f"{prefix}{node.name}.{index}.", ctx.scopes)
    ctx.scopes, ctx.position, ctx.scope_names = outer
    if instances:
        answers[node.name] = instances
    else:
        answers.pop(node.name, None)


def _drop(run: _Run, node: Node, answers: dict, prefix: str) -> None:
    answers.pop(node.name, None)
    own = prefix + node.name
    for key in [k for k in run.errors if k == own or k.startswith(own + ".")]:
        del run.errors[key]
    if node.kind == "group":
        for child in node.children:
            _drop(run, child, answers, prefix)


def _check_question(run: _Run, node: Node, answers: dict, prefix: str) -> None:
    key = prefix + node.name
    if key in run.errors:
        return
    ctx = run.context
    value = answers.get(node.name)
    ctx.current = value
    required = node.required
    if not isinstance(required, bool):
        required = required.is_true(ctx)
    if required and (
        value is None or (node.kind == "matrix" and len(value) < len(node.statements))
    ):
        default = (
            _("Answer every statement.")
            if node.kind == "matrix" and value
            else _("This question needs an answer.")
        )
        run.errors[key] = _message(node, "required_message", run.language, default)
        return
    if value is None:
        return
    if node.choice_filter is not None and not _choices_allowed(ctx, node, value):
        run.errors[key] = _("Choose one of the proposed answers.")
        return
    if node.constraint is not None and not node.constraint.is_true(ctx):
        default = _("This answer is not accepted.")
        run.errors[key] = _message(node, "constraint_message", run.language, default)


def _choices_allowed(ctx: EvalContext, node: Node, value: Any) -> bool:
    chosen = value if isinstance(value, list) else [value]
    try:
        for name in chosen:
            allowed = False
            for choice in node.choices.get(name, ()):
                ctx.choice = {**(choice.get("filter") or {}), "name": name}
                if node.choice_filter.is_true(ctx):
                    allowed = True
                    break
            if not allowed:
                return False
        return True
    finally:
        ctx.choice = None


def _stored(value: Any) -> Any:
    """A calculation's result as stored: numbers as numbers, empty or NaN as no answer."""
    if isinstance(value, NodeSet):
        value = value[0] if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value or None


def clean_answers(
    definition: dict,
    raw: dict,
    *,
    today: date,
    language: str | None = None,
    now: datetime | None = None,
) -> tuple[dict, dict[str, str]]:
    """(typed answers, errors by question name) for raw answers (JSON or form values).

    Errors of questions inside a repeat are keyed "repeat.2.question" (instances from 1).
    Messages are in `language` where the definition has them, else in the active language."""
    plan = compile_definition(definition)
    if not isinstance(raw, dict):
        raw = {}
    context = EvalContext(today=today, now=now)
    run = _Run(language=language, today=today, now=now, context=context, errors={})
    answers: dict = {}
    type_level(plan.nodes, raw, answers, "", errors=run.errors, today=today)
    context.answers = answers
    labels = plan.labels

    def choice_label(question: str, value: str) -> str:
        label = labels.get(question, {}).get(value)
        return text({"label": label}, "label", language) if label is not None else ""

    context.choice_label = choice_label
    _apply_rules(run, plan.nodes, answers, "", ())
    return answers, run.errors


def content_hash(answers: dict) -> str:
    """sha256 of the canonical JSON of the answers (sorted keys, no spaces)."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
