"""Evaluation: the context, XPath 1.0 conversions, answer lookup, comparisons and arithmetic."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from alliances.surveys.expressions.tokens import SPACE

_XPATH_NUMBER_RE = re.compile(r"^[ \t\r\n]*-?(?:\d+(?:\.\d*)?|\.\d+)[ \t\r\n]*$", re.ASCII)
_DATE_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$",
    re.ASCII,
)
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$", re.ASCII)


class NodeSet(tuple):
    """The string values of one field in every instance of a repeat (XPath node-set)."""


@dataclass(slots=True)
class EvalContext:
    answers: Mapping[str, Any] = field(default_factory=dict)
    current: Any = None  # the value of "." (the answer being checked)
    today: date | str | None = None
    now: datetime | str | None = None
    # Answers of the enclosing repeat instances, outermost first, and the names of the questions
    # they hold (so that an unanswered question of the same instance reads as "").
    scopes: Sequence[Mapping[str, Any]] = ()
    scope_names: frozenset[str] | None = None
    position: int | None = None  # 1-based index of the current repeat instance
    choice: Mapping[str, Any] | None = None  # {"name": ..., **filter} while filtering choices
    choice_label: Callable[[str, str], str] | None = None  # (question, choice name) → label


# --- conversions (XPath 1.0 section 4) ------------------------------------------------------


def number_to_string(n: float) -> str:
    if n != n:
        return "NaN"
    if math.isinf(n):
        return "Infinity" if n > 0 else "-Infinity"
    if n == int(n) and abs(n) < 1e21:
        return str(int(n))
    text = repr(float(n))
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def _date_number(text: str) -> float:
    m = _DATE_RE.match(text)
    if m:
        try:
            days = date(int(m[1]), int(m[2]), int(m[3])).toordinal() - 719163
        except ValueError:
            return math.nan
        if m[4] is None:
            return float(days)
        hours, minutes = int(m[4]), int(m[5])
        seconds = float(m[6]) if m[6] else 0.0
        if hours > 23 or minutes > 59 or seconds >= 60:
            return math.nan
        offset = 0
        zone = m[7]
        if zone and zone != "Z":
            zone = zone.replace(":", "")
            offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * (-1 if zone[0] == "-" else 1)
        return days + (hours * 3600 + minutes * 60 + seconds - offset * 60) / 86400
    m = _TIME_RE.match(text)
    if m:
        hours, minutes = int(m[1]), int(m[2])
        seconds = float(m[3]) if m[3] else 0.0
        if hours > 23 or minutes > 59 or seconds >= 60:
            return math.nan
        return (hours * 3600 + minutes * 60 + seconds) / 86400
    return math.nan


def string_to_number(text: str) -> float:
    if _XPATH_NUMBER_RE.match(text):
        return float(text)
    return _date_number(text.strip(SPACE))


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_to_string(value)
    if isinstance(value, NodeSet):
        return value[0] if value else ""
    return str(value)


def to_number(value: Any) -> float:
    if isinstance(value, float):
        return value
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return string_to_number(to_string(value))


def to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value == value and value != 0
    return len(value) > 0  # strings and node sets


def answer_value(value: Any) -> Any:
    """An answer as the expression language sees it (strings, numbers, node sets)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        if value and all(isinstance(v, Mapping) for v in value):
            return NodeSet("" for _ in value)  # a repeat: its instances, for count()
        return " ".join(to_string(answer_value(v)) for v in value)
    return ""  # a matrix (dict) has no single value


def _collect(answers: Mapping[str, Any], name: str, found: list) -> None:
    for value in answers.values():
        if isinstance(value, list):
            for instance in value:
                if isinstance(instance, Mapping):
                    if name in instance:
                        found.append(to_string(answer_value(instance[name])))
                    _collect(instance, name, found)


def lookup(context: EvalContext, name: str) -> Any:
    for scope in reversed(context.scopes):
        if name in scope:
            return answer_value(scope[name])
    if context.scope_names is not None and name in context.scope_names:
        return ""
    if name in context.answers:
        return answer_value(context.answers[name])
    found: list[str] = []
    _collect(context.answers, name, found)
    return NodeSet(found) if found else ""


# --- comparisons and arithmetic -------------------------------------------------------------

_RELATIONAL = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _compare_atoms(op: str, a: Any, b: Any) -> bool:
    if op in ("=", "!="):
        if isinstance(a, bool) or isinstance(b, bool):
            equal = to_boolean(a) == to_boolean(b)
        elif isinstance(a, float) or isinstance(b, float):
            equal = to_number(a) == to_number(b)
        else:
            equal = to_string(a) == to_string(b)
        return equal if op == "=" else not equal
    return _RELATIONAL[op](to_number(a), to_number(b))


def compare(op: str, a: Any, b: Any) -> bool:
    a_set, b_set = isinstance(a, NodeSet), isinstance(b, NodeSet)
    if a_set and b_set:
        return any(_compare_atoms(op, x, y) for x in a for y in b)
    if a_set or b_set:
        if isinstance(a, bool) or isinstance(b, bool):
            return _compare_atoms(op, to_boolean(a), to_boolean(b))
        if a_set:
            return any(_compare_atoms(op, x, b) for x in a)
        return any(_compare_atoms(op, a, y) for y in b)
    return _compare_atoms(op, a, b)


def _divide(a: float, b: float) -> float:
    if b == 0:
        if a != a or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _modulo(a: float, b: float) -> float:
    try:
        return math.fmod(a, b)
    except ValueError:
        return math.nan


_ARITHMETIC = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "div": _divide,
    "mod": _modulo,
}


def column(context: EvalContext, name: str) -> Any:
    if context.choice is not None and name in context.choice:
        return answer_value(context.choice[name])
    return lookup(context, name)


def binary(op: str, left: Callable, right: Callable) -> Callable:
    if op == "or":
        return lambda c: to_boolean(left(c)) or to_boolean(right(c))
    if op == "and":
        return lambda c: to_boolean(left(c)) and to_boolean(right(c))
    if op in _ARITHMETIC:
        fn = _ARITHMETIC[op]
        return lambda c: fn(to_number(left(c)), to_number(right(c)))
    return lambda c: compare(op, left(c), right(c))
