"""The expression parser: messages people can act on, references, and robustness."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.surveys.expressions import (
    EvalContext,
    ExpressionError,
    compile_expression,
    risky_pattern,
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo(1) + 1", "Unknown function 'foo' at position 1"),
        ("1 + bar(2)", "Unknown function 'bar' at position 5"),
        ("(1 + 2", "Unclosed parenthesis opened at position 1"),
        ("selected(${a})", "Function 'selected' takes 2 arguments, got 1 (position 1)"),
        ("'abc", "Unclosed string at position 1"),
        ("${age", "Unclosed reference '${' at position 1"),
        ("1 2", "Unexpected '2' at position 3: an operator (such as =, and, or, +) is missing"),
        ("", "The expression is empty"),
        ("1 +", "The expression ends too early: a value is missing"),
        ("x # 2", "Unexpected character '#' at position 3"),
    ],
)
def test_error_messages(text, message):
    with pytest.raises(ExpressionError) as raised:
        compile_expression(text)
    assert raised.value.message == message


def test_references_and_columns():
    expression = compile_expression(
        "${a} > 1 and ../b = /data/g/c and jr:choice-name(${d}, '${e}') and cf = ${f}"
    )
    assert expression.references == {"a", "b", "c", "d", "e", "f"}
    assert expression.columns == {"cf"}


def test_compiled_expressions_are_cached():
    assert compile_expression("${x} + 1") is compile_expression("${x} + 1")


def test_length_and_depth_are_bounded():
    with pytest.raises(ExpressionError, match="too long"):
        compile_expression("1" + " + 1" * 2000)
    with pytest.raises(ExpressionError, match="nested too deeply"):
        compile_expression("(" * 100 + "1" + ")" * 100)
    assert compile_expression("(" * 10 + "1" + ")" * 10).evaluate(EvalContext()) == 1


@pytest.mark.parametrize(
    ("pattern", "risky"),
    [
        ("(a+)+", True),
        ("(\\w+\\s?)*", True),
        ("((ab)+)+", True),
        ("(.*)*x", True),
        ("^[a-z]+(-[a-z]+)*$", False),
        ("^([0-9]{3})+$", False),
        ("^\\d{5}$", False),
    ],
)
def test_risky_patterns(pattern, risky):
    assert risky_pattern(pattern) is risky


def test_dynamic_risky_pattern_never_runs():
    expression = compile_expression("regex(${text}, ${pattern})")
    context = EvalContext(answers={"text": "a" * 40 + "!", "pattern": "^(a+)+$"})
    assert expression.evaluate(context) is False


ALPHABET = st.sampled_from(
    list("abc019 .,()'\"$/{}=<>!+-*:_")
    + ["${a}", "${b}", "and", "or", "div", "mod", "selected(", "if(", "..", "concat(", "é", "\t"]
)


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_parser_only_raises_expression_error(text):
    try:
        expression = compile_expression(text)
    except ExpressionError:
        return
    context = EvalContext(answers={"a": 3, "b": ["x", "y"]}, current="z", today="2024-01-01")
    expression.evaluate(context)  # evaluating never raises


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=40))
def test_random_text_only_raises_expression_error(text):
    with contextlib.suppress(ExpressionError):
        compile_expression(text).evaluate(EvalContext(current=text))
