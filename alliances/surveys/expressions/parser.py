"""The parser: tokens → closures taking an EvalContext, wrapped in a cached Expression."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from alliances.surveys.expressions.evaluate import (
    EvalContext,
    answer_value,
    binary,
    column,
    lookup,
    number_to_string,
    to_boolean,
    to_number,
)
from alliances.surveys.expressions.functions import FUNCTIONS, check_regex, question_of
from alliances.surveys.expressions.tokens import ExpressionError, Token, tokenize

MAX_LENGTH = 4000
MAX_DEPTH = 40
_OPERATOR_WORDS = {"and", "or", "div", "mod"}


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
            left = binary(op, left, right)
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
            return lambda c: column(c, value)
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
            question = question_of(raw[1].value)
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
