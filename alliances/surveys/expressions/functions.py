"""The functions of the expression language, and the checks on regex() patterns."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from alliances.surveys.expressions.evaluate import (
    EvalContext,
    NodeSet,
    answer_value,
    number_to_string,
    to_boolean,
    to_number,
    to_string,
)
from alliances.surveys.expressions.tokens import ExpressionError

MAX_REGEX_LENGTH = 300
MAX_REGEX_INPUT = 10000
_QUANT = r"(?:[+*?]|\{\d*(?:,\d*)?\})\??"


def question_of(text: str) -> str:
    text = text.strip()
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1].strip()
    return text.rstrip("/").rsplit("/", 1)[-1]


# --- regular expressions --------------------------------------------------------------------

_GROUP_RE = re.compile(rf"\((?:\?:)?((?:\\.|\[(?:\\.|[^\]\\])*\]|[^()\\\[])*)\)({_QUANT})?")
_ATOM_RE = re.compile(rf"(\\.|\[(?:\\.|[^\]\\])*\]|[^|^$])({_QUANT})?")
_UNBOUNDED_RE = re.compile(r"^(?:[+*]|\{\d*,\})")


def risky_pattern(pattern: str) -> bool:
    """Whether a repeated group holds only variable-length parts, as (a+)+ or (\\w+\\s?)*.

    Such patterns can take exponential time on a failing input; a group that keeps a part of
    fixed length, as (-[a-z]+)* or ([0-9]{3})+, is fine. Groups are read innermost first, each
    becoming one atom "X" of its parent."""
    while True:
        m = _GROUP_RE.search(pattern)
        if m is None:
            return False
        content, quantifier = m[1], m[2] or ""
        if _UNBOUNDED_RE.match(quantifier):
            atoms = _ATOM_RE.findall(content)
            variable = any(_UNBOUNDED_RE.match(q) for _atom, q in atoms)
            fixed = any(q == "" or re.fullmatch(r"\{\d+\}", q) for _atom, q in atoms)
            if variable and not fixed:
                return True
        pattern = pattern[: m.start()] + "X" + quantifier + pattern[m.end() :]


def check_regex(pattern: str) -> re.Pattern:
    """Compile a regex() pattern, refusing long ones and nested quantifiers like (a+)+."""
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ExpressionError(f"The pattern is too long (at most {MAX_REGEX_LENGTH} characters)")
    if risky_pattern(pattern) or "\\1" in pattern:
        raise ExpressionError(
            "The pattern repeats a repeated part, such as (a+)+: it could take too long to check"
        )
    return _compile_regex(pattern)


@lru_cache(maxsize=256)
def _compile_regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.ASCII)
    except re.error as error:
        raise ExpressionError(f"Invalid pattern '{pattern}': {error}") from None


def _regex(value: Callable, pattern: Callable) -> Callable:
    def run(c):
        text = to_string(value(c))
        try:
            compiled = check_regex(to_string(pattern(c)))
        except ExpressionError:
            return False
        return bool(compiled.search(text[:MAX_REGEX_INPUT]))

    return run


# --- functions ------------------------------------------------------------------------------


def _today(c: EvalContext) -> str:
    today = c.today if c.today is not None else date.today()
    return today if isinstance(today, str) else today.isoformat()


def _now(c: EvalContext) -> str:
    now = c.now if c.now is not None else datetime.now()
    if isinstance(now, str):
        return now
    return now.isoformat(timespec="seconds")


def round_number(x: float, digits: float = 0.0) -> float:
    """Half away from zero on the decimal written form (as ODK does), so 2.675 → 2.68."""
    if x != x or math.isinf(x) or digits != digits:
        return x if digits == digits else math.nan
    places = int(max(-400.0, min(400.0, digits)))
    try:
        exponent = Decimal(1).scaleb(-places)
        return float(Decimal(number_to_string(x)).quantize(exponent, rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return x


def _int(x: float) -> float:
    if x != x or math.isinf(x):
        return x
    return float(math.trunc(x))


def _values(args: Sequence[Any]) -> list[float]:
    numbers: list[float] = []
    for arg in args:
        if isinstance(arg, NodeSet):
            numbers.extend(to_number(v) for v in arg)
        else:
            numbers.append(to_number(arg))
    return numbers


def _extreme(pick: Callable) -> Callable:
    def run(*args):
        numbers = _values(args)
        if not numbers or any(n != n for n in numbers):
            return math.nan
        return pick(numbers)

    return run


def _pow(a: float, b: float) -> float:
    # JavaScript's Math.pow on the edges, so that both sides agree.
    if b != b or (math.isinf(b) and abs(a) == 1):
        return math.nan
    try:
        return math.pow(a, b)
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):
        if a == 0 and b < 0:
            return math.inf
        return math.nan


def _clamp(n: float, size: int) -> int:
    return 0 if n <= 0 else size if n >= size else int(n)


def _substr(text: str, start: float, end: float | None = None) -> str:
    if start != start or (end is not None and end != end):
        return ""
    last = len(text) if end is None else _clamp(end, len(text))
    return text[_clamp(start, len(text)) : last]


def _selected_at(text: str, index: float) -> str:
    items = text.split()
    return items[int(index)] if index == index and 0 <= index < len(items) else ""


def _choice_name(c: EvalContext, value: Any, question: Any) -> str:
    if c.choice_label is None:
        return ""
    return c.choice_label(question_of(to_string(question)), to_string(value)) or ""


def _eager(fn: Callable, *convert: Callable) -> Callable:
    """A function whose arguments are all evaluated, then converted, then passed to fn."""

    def make(*args):
        if convert:
            conversions = list(convert) + [convert[-1]] * (len(args) - len(convert))
            return lambda c: fn(*(cv(a(c)) for cv, a in zip(conversions, args, strict=True)))
        return lambda c: fn(*(a(c) for a in args))

    return make


def _with_context(fn: Callable, *convert: Callable) -> Callable:
    def make(*args):
        return lambda c: fn(c, *(cv(a(c)) for cv, a in zip(convert, args, strict=True)))

    return make


def _current_or(fn: Callable) -> Callable:
    """A one-argument function that reads "." when called without argument."""

    def make(*args):
        if args:
            (arg,) = args
            return lambda c: fn(arg(c))
        return lambda c: fn(answer_value(c.current))

    return make


def _if(cond, then, otherwise):
    return lambda c: then(c) if to_boolean(cond(c)) else otherwise(c)


def _coalesce(*args):
    def run(c):
        value = ""
        for arg in args:
            value = arg(c)
            if to_string(value) != "":
                return value
        return value

    return run


def _sum(nodes: Any) -> float:
    if not isinstance(nodes, NodeSet):
        return to_number(nodes)
    numbers = _values([nodes])
    try:
        return math.fsum(numbers)
    except (OverflowError, ValueError):  # infinities: the plain sum gives JavaScript's answer
        return sum(numbers)


def _count(nodes: Any) -> float:
    if isinstance(nodes, NodeSet):
        return float(len(nodes))
    return 0.0 if to_string(nodes) == "" else 1.0


def _join(separator: Any, *values: Any) -> str:
    parts: list[str] = []
    for value in values:
        parts.extend(value if isinstance(value, NodeSet) else [to_string(value)])
    return to_string(separator).join(parts)


def _math(fn: Callable) -> Callable:
    def run(*args: float) -> float:
        try:
            return fn(*args)
        except OverflowError:
            return math.inf
        except ValueError:
            return -math.inf if args[0] == 0 and fn in (math.log, math.log10) else math.nan

    return run


_S, _N, _B = to_string, to_number, to_boolean

# name → (minimum arguments, maximum arguments or None, maker taking the argument closures)
FUNCTIONS: dict[str, tuple[int, int | None, Callable]] = {
    "selected": (2, 2, _eager(lambda a, b: b.strip() in a.split(), _S)),
    "count-selected": (1, 1, _eager(lambda a: float(len(a.split())), _S)),
    "selected-at": (2, 2, _eager(_selected_at, _S, _N)),
    "not": (1, 1, _eager(lambda a: not a, _B)),
    "true": (0, 0, lambda: lambda c: True),
    "false": (0, 0, lambda: lambda c: False),
    "boolean": (1, 1, _eager(lambda a: a, _B)),
    "string": (0, 1, _current_or(to_string)),
    "number": (0, 1, _current_or(to_number)),
    "string-length": (0, 1, _current_or(lambda v: float(len(to_string(v))))),
    "normalize-space": (0, 1, _current_or(lambda v: " ".join(to_string(v).split()))),
    "int": (1, 1, _eager(_int, _N)),
    "round": (1, 2, _eager(round_number, _N)),
    "floor": (1, 1, _eager(lambda a: a if not math.isfinite(a) else float(math.floor(a)), _N)),
    "ceiling": (1, 1, _eager(lambda a: a if not math.isfinite(a) else float(math.ceil(a)), _N)),
    "abs": (1, 1, _eager(abs, _N)),
    "pow": (2, 2, _eager(_pow, _N)),
    "sqrt": (1, 1, _eager(_math(math.sqrt), _N)),
    "exp": (1, 1, _eager(_math(math.exp), _N)),
    "log": (1, 1, _eager(_math(math.log), _N)),
    "log10": (1, 1, _eager(_math(math.log10), _N)),
    "sin": (1, 1, _eager(_math(math.sin), _N)),
    "cos": (1, 1, _eager(_math(math.cos), _N)),
    "tan": (1, 1, _eager(_math(math.tan), _N)),
    "asin": (1, 1, _eager(_math(math.asin), _N)),
    "acos": (1, 1, _eager(_math(math.acos), _N)),
    "atan": (1, 1, _eager(_math(math.atan), _N)),
    "atan2": (2, 2, _eager(_math(math.atan2), _N)),
    "pi": (0, 0, lambda: lambda c: math.pi),
    "min": (1, None, _eager(_extreme(min))),
    "max": (1, None, _eager(_extreme(max))),
    "sum": (1, 1, _eager(_sum)),
    "count": (1, 1, _eager(_count)),
    "concat": (1, None, _eager(lambda *a: "".join(a), _S)),
    "join": (2, None, _eager(_join)),
    "contains": (2, 2, _eager(lambda a, b: b in a, _S)),
    "starts-with": (2, 2, _eager(lambda a, b: a.startswith(b), _S)),
    "ends-with": (2, 2, _eager(lambda a, b: a.endswith(b), _S)),
    "substr": (2, 3, _eager(_substr, _S, _N)),
    "regex": (2, 2, _regex),
    "if": (3, 3, _if),
    "coalesce": (2, None, _coalesce),
    "today": (0, 0, lambda: _today),
    "now": (0, 0, lambda: _now),
    "date": (1, 1, _eager(lambda a: a, _S)),
    "position": (0, 1, lambda *a: lambda c: float(c.position or 1)),
    "jr:choice-name": (2, 2, _with_context(_choice_name, lambda v: v, lambda v: v)),
}
