"""Cleaning a respondent's answers against a survey definition.

clean_answers() is the one gate every answer passes (public form, offline sync, paper entry):
it types each value, applies relevance (answers to hidden questions are dropped), required,
choice filters and constraints, and computes calculations on the server. The public endpoint
calls it for every submission, so each definition is compiled once into a plan and cached.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from threading import Lock
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from alliances.surveys.definition import (
    CONTAINER_TYPES,
    RATING_MAX,
    RATING_MIN,
    TEXT_MAX_LENGTH,
    TEXTAREA_MAX_LENGTH,
    text,
)
from alliances.surveys.expressions import (
    EvalContext,
    Expression,
    NodeSet,
    compile_expression,
    number_to_string,
    to_number,
)

MAX_REPEAT_INSTANCES = 200
_INTEGER_RE = re.compile(r"^[+-]?\d{1,15}$")
_DECIMAL_RE = re.compile(r"^[+-]?(\d{1,20}([.,]\d{0,10})?|[.,]\d{1,10})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{3,30}$")
_ACKNOWLEDGED = {"ok", "true", "on", "yes", "1"}


class Invalid(Exception):
    """A raw value that cannot be typed; the message is shown next to the question."""


# --- the compiled plan of a definition ------------------------------------------------------


def _expression(item: dict, key: str) -> Expression | None:
    value = item.get(key)
    if isinstance(value, str) and value.strip():
        return compile_expression(value)
    return None


@dataclass(slots=True)
class Node:
    item: dict
    name: str
    kind: str
    relevant: Expression | None
    required: bool | Expression = False
    constraint: Expression | None = None
    calculation: Expression | None = None
    choice_filter: Expression | None = None
    repeat_count: Expression | None = None
    choices: dict[str, list[dict]] = field(default_factory=dict)  # name → choices with that name
    statements: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # group/repeat: question names inside (repeats: own level)


def _plan(items: list) -> list[Node]:
    nodes = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        kind = item.get("type")
        required = item.get("required", False)
        node = Node(
            item=item,
            name=item["name"],
            kind=kind,
            relevant=_expression(item, "relevant"),
            required=_expression(item, "required") if isinstance(required, str) else bool(required),
            constraint=_expression(item, "constraint"),
            calculation=_expression(item, "calculation"),
            choice_filter=_expression(item, "choice_filter"),
            repeat_count=_expression(item, "repeat_count"),
        )
        for choice in item.get("choices") or []:
            node.choices.setdefault(str(choice.get("name")), []).append(choice)
        node.statements = tuple(s["name"] for s in item.get("statements") or [])
        if kind in CONTAINER_TYPES:
            node.children = _plan(item.get("items") or [])
            node.names = frozenset(_names(node.children, kind == "repeat"))
        nodes.append(node)
    return nodes


def _names(nodes: list[Node], own_level: bool) -> set[str]:
    names = set()
    for node in nodes:
        names.add(node.name)
        if node.kind == "group" or (node.kind == "repeat" and not own_level):
            names.update(_names(node.children, own_level))
    return names


@dataclass(slots=True)
class Plan:
    nodes: list[Node]
    labels: dict[str, dict[str, Any]]  # question → choice name → label (for jr:choice-name)


_plans: OrderedDict[str, Plan] = OrderedDict()
_plans_lock = Lock()


def compile_definition(definition: dict) -> Plan:
    """The plan of a definition, cached by its content (a survey reloaded is the same plan)."""
    key = json.dumps(definition, sort_keys=True, separators=(",", ":"), default=str)
    with _plans_lock:
        plan = _plans.get(key)
        if plan is not None:
            _plans.move_to_end(key)
            return plan
    nodes = _plan(definition.get("items") or [])
    labels = {}
    for node in _walk(nodes):
        if node.choices:
            labels[node.name] = {n: c[0].get("label") for n, c in node.choices.items()}
    plan = Plan(nodes=nodes, labels=labels)
    with _plans_lock:
        _plans[key] = plan
        while len(_plans) > 64:
            _plans.popitem(last=False)
    return plan


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


# --- typing raw values ----------------------------------------------------------------------


def _single(value: Any) -> Any:
    """One value from JSON or a form field (a form may send a list of one)."""
    if isinstance(value, (list, tuple)):
        if len(value) > 1:
            raise Invalid(_("Give only one answer."))
        value = value[0] if value else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise Invalid(_("Enter a text."))
    return value if isinstance(value, str) else number_to_string(float(value))


def _integer(value: Any, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool):
        raise Invalid(_("Enter a whole number."))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, str) and _INTEGER_RE.match(value):
        value = int(value)
    if not isinstance(value, int) or abs(value) >= 10**15:
        raise Invalid(_("Enter a whole number."))
    if low is not None and not low <= value <= high:
        raise Invalid(_("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high})
    return value


def _decimal(value: Any) -> str:
    if isinstance(value, bool):
        raise Invalid(_("Enter a number."))
    if isinstance(value, (int, float)):
        value = number_to_string(float(value)) if isinstance(value, float) else str(value)
    if not isinstance(value, str) or not _DECIMAL_RE.match(value):
        raise Invalid(_("Enter a number."))
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise Invalid(_("Enter a number.")) from None
    return format(number.normalize(), "f")


def _date(value: Any) -> str:
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise Invalid(_("Enter a date (year-month-day)."))


def _time(value: Any) -> str:
    m = _TIME_RE.match(value) if isinstance(value, str) else None
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return f"{m[1]}:{m[2]}"
    raise Invalid(_("Enter a time (hours:minutes)."))


def _datetime(value: Any) -> str:
    if isinstance(value, str) and _DATETIME_RE.match(value):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat("T", "seconds")
        except ValueError:
            pass
    raise Invalid(_("Enter a date and a time."))


def _limited(value: Any, limit: int) -> str:
    value = _as_text(value)
    if len(value) > limit:
        raise Invalid(_("At most %(n)s characters.") % {"n": limit})
    return value


def _email(value: Any) -> str:
    value = _limited(value, 254)
    try:
        validate_email(value)
    except ValidationError:
        raise Invalid(_("Enter a valid e-mail address.")) from None
    return value


def _phone(value: Any) -> str:
    value = _as_text(value)
    if not _PHONE_RE.match(value) or sum(c.isdigit() for c in value) < 3:
        raise Invalid(_("Enter a phone number."))
    return value


def _acknowledge(value: Any) -> str | None:
    if value is True or (isinstance(value, str) and value.lower() in _ACKNOWLEDGED):
        return "OK"
    if value is False or (isinstance(value, str) and value.lower() in {"false", "no", "0"}):
        return None
    raise Invalid(_("Tick the box or leave it empty."))


_SINGLE = {
    "text": lambda v: _limited(v, TEXT_MAX_LENGTH),
    "textarea": lambda v: _limited(v, TEXTAREA_MAX_LENGTH),
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "agreement": lambda v: _integer(v, 1, 5),
    "rating": lambda v: _integer(v, RATING_MIN, RATING_MAX),
    "email": _email,
    "phone": _phone,
    "acknowledge": _acknowledge,
}


def _select_one(node: Node, value: Any) -> str:
    value = _as_text(value)
    if value not in node.choices:
        raise Invalid(_("Choose one of the proposed answers."))
    return value


def _select_multiple(node: Node, value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, (list, tuple)):
        raise Invalid(_("Choose among the proposed answers."))
    chosen = {_as_text(v).strip() for v in value} - {""}
    if not chosen <= node.choices.keys():
        raise Invalid(_("Choose among the proposed answers."))
    # In the definition's order, so that the same answers always hash the same.
    return [name for name in node.choices if name in chosen] or None


def _matrix(node: Node, value: Any) -> dict[str, int] | None:
    if not isinstance(value, dict):
        raise Invalid(_("Answer each statement on the scale."))
    answers = {}
    for statement in node.statements:
        raw = _single(value.get(statement))
        if raw is not None:
            answers[statement] = _integer(raw, 1, 5)
    return answers or None


def _raw_for(node: Node, raw: dict) -> Any:
    value = raw.get(node.name)
    if value is None and node.kind in ("matrix", "repeat"):
        # A form without JavaScript posts "matrix.statement" and "repeat.2.question" fields.
        prefix = node.name + "."
        nested = {k[len(prefix) :]: v for k, v in raw.items() if k.startswith(prefix)}
        if nested and node.kind == "matrix":
            return nested
        if nested:
            instances: dict[int, dict] = {}
            for key, item in nested.items():
                index, _sep, rest = key.partition(".")
                if index.isdigit() and rest and 0 < int(index) <= MAX_REPEAT_INSTANCES:
                    instances.setdefault(int(index), {})[rest] = item
            return [instances.get(i, {}) for i in range(1, max(instances, default=0) + 1)]
    return value


def _type_value(node: Node, value: Any) -> Any:
    if node.kind == "select_multiple":
        return _select_multiple(node, value)
    if node.kind == "matrix":
        return _matrix(node, value)
    value = _single(value)
    if value is None:
        return None
    if node.kind == "select_one":
        return _select_one(node, value)
    convert = _SINGLE.get(node.kind)
    return convert(value) if convert else None


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


def _clean_level(run: _Run, nodes: list[Node], raw: dict, out: dict, prefix: str) -> None:
    """Type every raw value of one level (top level or one repeat instance) into `out`."""
    for node in nodes:
        if node.kind == "group":
            _clean_level(run, node.children, raw, out, prefix)
        elif node.kind == "repeat":
            value = _raw_for(node, raw)
            if isinstance(value, list):
                instances = []
                for index, instance in enumerate(value[:MAX_REPEAT_INSTANCES], start=1):
                    cleaned: dict = {}
                    if isinstance(instance, dict):
                        key = f"{prefix}{node.name}.{index}."
                        _clean_level(run, node.children, instance, cleaned, key)
                    instances.append(cleaned)
                out[node.name] = instances
        elif node.kind in _SINGLE or node.kind in ("select_one", "select_multiple", "matrix"):
            value = _raw_for(node, raw)
            if value is None:
                continue
            try:
                typed = _type_value(node, value)
            except Invalid as error:
                run.errors[prefix + node.name] = str(error)
                continue
            if typed is not None:
                out[node.name] = typed
        elif node.kind in ("start", "end", "today"):
            value = _single(raw.get(node.name))
            try:
                typed = (_date if node.kind == "today" else _datetime)(value)
            except Invalid:
                typed = run.today.isoformat()
            out[node.name] = typed


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
    _clean_level(run, plan.nodes, raw, answers, "")
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
