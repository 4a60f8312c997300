"""The expression language of survey definitions: the part of XLSForm's XPath that surveys use.

Relevance, constraints, calculations, choice filters and repeat counts are written in it.
Texts come from people (the builder, imported XLSForm files), so they are parsed by a small
tokenizer and recursive-descent parser into closures, never handed to eval(). The same language
is implemented in static/surveys/expressions.js; both pass the cases of
alliances/surveys/tests/expression_cases.json.

Values follow XPath 1.0: strings, numbers (float; an empty answer is "" and NaN in arithmetic),
booleans, and node sets (the values of one field across a repeat's instances). One extension:
ISO dates, date-times and times convert to numbers (days since 1970-01-01, fraction of a day),
as ODK does, so `. <= today()` and `today() - ${birth_date}` work.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

MAX_LENGTH = 4000
MAX_DEPTH = 40
MAX_REGEX_LENGTH = 300
MAX_REGEX_INPUT = 10000
NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
NAME_RE = re.compile(NAME, re.ASCII)
_QNAME_RE = re.compile(rf"{NAME}(?::{NAME})?", re.ASCII)
_NUMBER_RE = re.compile(r"\d+(?:\.\d*)?|\.\d+", re.ASCII)
_XPATH_NUMBER_RE = re.compile(r"^[ \t\r\n]*-?(?:\d+(?:\.\d*)?|\.\d+)[ \t\r\n]*$", re.ASCII)
_DATE_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$",
    re.ASCII,
)
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$", re.ASCII)
_OPERATOR_WORDS = {"and", "or", "div", "mod"}
_QUANT = r"(?:[+*?]|\{\d*(?:,\d*)?\})\??"
_SPACE = " \t\r\n\u00a0"
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"


class ExpressionError(ValueError):
    """A text that is not a valid expression; the message is shown to the survey's author."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
    return _date_number(text.strip(_SPACE))


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


# --- tokenizer ------------------------------------------------------------------------------


@dataclass(slots=True)
class Token:
    kind: str  # number string ref path name op dot dotdot end
    value: Any
    position: int  # 1-based, for messages


def _read_path(text: str, i: int) -> tuple[str | None, int]:
    """Read `../a`, `./a`, `data/group/a` from i; return (last name, or None for `..`, end).

    The end is -1 when the path stops after a slash."""
    last: str | None = None
    while True:
        if text.startswith("..", i):
            last, i = None, i + 2
        elif text.startswith(".", i) and not NAME_RE.match(text, i + 1):
            last, i = None, i + 1
        else:
            m = NAME_RE.match(text, i)
            if not m:
                return last, -1
            last, i = m.group(), m.end()
        if i < len(text) and text[i] == "/":
            i += 1
            continue
        return last, i


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        start = i + 1
        if c in _SPACE:
            i += 1
        elif text.startswith("${", i):
            end = text.find("}", i)
            if end < 0:
                raise ExpressionError(f"Unclosed reference '${{' at position {start}")
            name = text[i + 2 : end].strip()
            if not NAME_RE.fullmatch(name):
                raise ExpressionError(f"Invalid reference '${{{name}}}' at position {start}")
            tokens.append(Token("ref", name, start))
            i = end + 1
        elif c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                raise ExpressionError(f"Unclosed string at position {start}")
            tokens.append(Token("string", text[i + 1 : end], start))
            i = end + 1
        elif c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER_RE.match(text, i)
            tokens.append(Token("number", float(m.group()), start))
            i = m.end()
        elif c == "/" or text.startswith("../", i) or text.startswith("./", i):
            j = i + 1 if c == "/" else i
            name, end = _read_path(text, j)
            if end < 0:
                raise ExpressionError(f"Incomplete path at position {start}")
            tokens.append(Token("path" if name else "dotdot", name, start))
            i = end
        elif text.startswith("..", i):
            tokens.append(Token("dotdot", None, start))
            i += 2
        elif c == ".":
            tokens.append(Token("dot", None, start))
            i += 1
        elif c in _LETTERS:
            m = _QNAME_RE.match(text, i)
            tokens.append(Token("name", m.group(), start))
            i = m.end()
        elif text.startswith(("!=", "<=", ">="), i):
            tokens.append(Token("op", text[i : i + 2], start))
            i += 2
        elif c in "=<>+-*(),":
            tokens.append(Token("op", c, start))
            i += 1
        else:
            raise ExpressionError(f"Unexpected character '{c}' at position {start}")
    tokens.append(Token("end", None, n + 1))
    return tokens


# --- parser: each node compiles to a closure taking the context -----------------------------

_BINDING = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4}
_BINDING.update({"+": 5, "-": 5, "*": 6, "div": 6, "mod": 6})


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.references: set[str] = set()
        self.columns: set[str] = set()

    def peek(self) -> Token:
        return self.tokens[self.index]

    def next(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def infix_operator(self) -> str | None:
        token = self.peek()
        if token.kind == "op" and token.value in _BINDING:
            return token.value
        if token.kind == "name" and token.value in _OPERATOR_WORDS:
            return token.value
        return None

    def parse(self) -> Callable:
        if self.peek().kind == "end":
            raise ExpressionError("The expression is empty")
        node = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            if token.value == ")":
                raise ExpressionError(f"Unexpected ')' at position {token.position}")
            raise ExpressionError(
                f"Unexpected '{_show(token)}' at position {token.position}: an operator "
                "(such as =, and, or, +) is missing"
            )
        return node

    def expression(self, min_binding: int) -> Callable:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("The expression is nested too deeply")
        left = self.prefix()
        while True:
            op = self.infix_operator()
            if op is None or _BINDING[op] <= min_binding:
                break
            self.next()
            right = self.expression(_BINDING[op])
            left = _binary(op, left, right)
        self.depth -= 1
        return left

    def prefix(self) -> Callable:
        token = self.next()
        kind, value = token.kind, token.value
        if kind == "number":
            return lambda c: value
        if kind == "string":
            return lambda c: value
        if kind == "ref" or kind == "path":
            self.references.add(value)
            return lambda c: lookup(c, value)
        if kind == "dot":
            return lambda c: answer_value(c.current)
        if kind == "dotdot":
            raise ExpressionError(f"'..' alone is only allowed in position(..) ({token.position})")
        if kind == "op" and value == "-":
            operand = self.expression(6)
            return lambda c: -to_number(operand(c))
        if kind == "op" and value == "(":
            inner = self.expression(0)
            self.expect_close(token)
            return inner
        if kind == "name":
            if self.peek().kind == "op" and self.peek().value == "(":
                return self.call(token)
            self.columns.add(value)
            return lambda c: _column(c, value)
        if kind == "end":
            raise ExpressionError("The expression ends too early: a value is missing")
        raise ExpressionError(f"Unexpected '{_show(token)}' at position {token.position}")

    def expect_close(self, opening: Token) -> None:
        token = self.next()
        if token.kind == "op" and token.value == ")":
            return
        if token.kind == "end":
            raise ExpressionError(f"Unclosed parenthesis opened at position {opening.position}")
        raise ExpressionError(
            f"Expected ',' or ')' at position {token.position}, found '{_show(token)}'"
        )

    def call(self, name_token: Token) -> Callable:
        name = name_token.value
        opening = self.next()
        args: list[Callable] = []
        raw: list[Token] = []
        if not (self.peek().kind == "op" and self.peek().value == ")"):
            while True:
                raw.append(self.peek())
                if name == "position" and self.peek().kind == "dotdot":
                    self.next()
                    args.append(lambda c: "")
                else:
                    args.append(self.expression(0))
                if self.peek().kind == "op" and self.peek().value == ",":
                    self.next()
                    continue
                break
        self.expect_close(opening)
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise ExpressionError(f"Unknown function '{name}' at position {name_token.position}")
        low, high, make = spec
        if not low <= len(args) <= (high if high is not None else len(args)):
            expected = _arity(low, high)
            raise ExpressionError(
                f"Function '{name}' takes {expected}, got {len(args)} "
                f"(position {name_token.position})"
            )
        if name == "jr:choice-name" and raw[1].kind == "string":
            question = _question_of(raw[1].value)
            if question:
                self.references.add(question)
        if name == "regex" and raw[1].kind == "string":
            check_regex(raw[1].value)
        return make(*args)


def _show(token: Token) -> str:
    if token.kind == "ref":
        return "${" + token.value + "}"
    if token.kind == "string":
        return repr(token.value)
    if token.kind == "number":
        return number_to_string(token.value)
    return {"dot": ".", "dotdot": ".."}.get(token.kind, str(token.value))


def _arity(low: int, high: int | None) -> str:
    if high == low:
        return f"{low} argument" + ("" if low == 1 else "s")
    if high is None:
        return f"at least {low} argument" + ("" if low == 1 else "s")
    return f"{low} to {high} arguments"


def _column(context: EvalContext, name: str) -> Any:
    if context.choice is not None and name in context.choice:
        return answer_value(context.choice[name])
    return lookup(context, name)


def _question_of(text: str) -> str:
    text = text.strip()
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1].strip()
    return text.rstrip("/").rsplit("/", 1)[-1]


def _binary(op: str, left: Callable, right: Callable) -> Callable:
    if op == "or":
        return lambda c: to_boolean(left(c)) or to_boolean(right(c))
    if op == "and":
        return lambda c: to_boolean(left(c)) and to_boolean(right(c))
    if op in _ARITHMETIC:
        fn = _ARITHMETIC[op]
        return lambda c: fn(to_number(left(c)), to_number(right(c)))
    return lambda c: compare(op, left(c), right(c))


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
    return c.choice_label(_question_of(to_string(question)), to_string(value)) or ""


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


class Expression:
    """A compiled expression: `evaluate(context)`, and the question names it refers to."""

    __slots__ = ("text", "references", "columns", "_run")

    def __init__(self, text: str, run: Callable, references: set[str], columns: set[str]):
        self.text = text
        self._run = run
        self.references = frozenset(references)
        # Bare names (`state` in the choice filter `state=${state}`): the choices' columns.
        self.columns = frozenset(columns)

    def evaluate(self, context: EvalContext) -> Any:
        return self._run(context)

    def is_true(self, context: EvalContext) -> bool:
        return to_boolean(self._run(context))

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


@lru_cache(maxsize=4096)
def compile_expression(text: str) -> Expression:
    if not isinstance(text, str):
        raise ExpressionError("The expression must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"The expression is too long (at most {MAX_LENGTH} characters)")
    parser = _Parser(text)
    run = parser.parse()
    return Expression(text, run, parser.references, parser.columns)
