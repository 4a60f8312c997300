"""Checking a survey definition, and walking its items."""

import pytest

from alliances.surveys.definition import (
    AGREEMENT_CHOICES,
    ANSWERED_TYPES,
    QUESTION_TYPES,
    find_question,
    iter_questions,
    text,
    validate_definition,
)


def q(name, kind="text", **extra):
    return {"name": name, "type": kind, "label": {"fr": "Question", "en": "Question"}, **extra}


def definition(*items, languages=("fr", "en")):
    return {"languages": list(languages), "items": list(items)}


GOOD = definition(
    q("age", "integer", constraint=". < 130"),
    {
        "type": "group",
        "name": "g",
        "label": {"fr": "G"},
        "relevant": "${age} > 3",
        "items": [
            q("likes", "select_multiple", choices=[{"name": "a", "label": {"fr": "A"}}]),
            {
                "type": "repeat",
                "name": "kids",
                "label": {"fr": "Enfants"},
                "items": [q("kid", "integer", constraint=". < ${age}")],
            },
        ],
    },
    q("m", "matrix", statements=[{"name": "trust", "label": {"fr": "Confiance"}}]),
    {"name": "total", "type": "calculate", "calculation": "sum(${kid})"},
    {"name": "start", "type": "start"},
)


def test_a_good_definition_is_valid():
    assert validate_definition(GOOD) == []


def test_iter_and_find():
    names = [item["name"] for item in iter_questions(GOOD)]
    assert names == ["age", "g", "likes", "kids", "kid", "m", "total", "start"]
    assert find_question(GOOD, "kid")["type"] == "integer"
    assert find_question(GOOD, "nobody") is None


def test_text_falls_back_to_the_first_language():
    item = {"label": {"fr": "Bonjour", "en": ""}, "hint": "plain"}
    assert text(item, "label", "en") == "Bonjour"
    assert text(item, "label", "fr") == "Bonjour"
    assert text(item, "hint", "en") == "plain"
    assert text(item, "constraint_message", "en") == ""


def test_types_and_scale():
    assert "agreement" in ANSWERED_TYPES and "note" not in ANSWERED_TYPES
    assert set(ANSWERED_TYPES) <= set(QUESTION_TYPES)
    assert [value for value, _label in AGREEMENT_CHOICES] == [1, 2, 3, 4, 5]
    assert str(AGREEMENT_CHOICES[0][1]) == "Strongly disagree"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (None, "The survey definition is not a JSON object."),
        ({"languages": [], "items": [q("a")]}, "The survey needs at least one language."),
        (definition(), "The survey has no question."),
        (definition(q("a"), q("a")), "The name “a” is used twice."),
        (definition(q("2a")), "“2a” is not a valid question name"),
        (definition(q("a", "colour")), "“a” has an unknown type “colour”."),
        (definition(q("a", "select_one")), "“a” needs at least one choice."),
        (
            definition(q("a", "select_one", choices=[{"name": "x"}])),
            "The choice “x” of “a” has no label.",
        ),
        (definition(q("a", "matrix")), "“a” needs at least one statement."),
        (
            definition({"name": "a", "type": "text", "label": {"en": "only English"}}),
            "“a” has no label in the main language (fr).",
        ),
        (definition({"name": "c", "type": "calculate"}), "The calculation “c” has no formula."),
        (definition(q("a", relevant="${b} = 1")), "“a”, relevant: there is no question “b”."),
        (
            definition(q("a", constraint="foo(.)")),
            "“a”, constraint: Unknown function 'foo' at position 1",
        ),
        (definition(q("a", relevant="b = 1")), "“a”, relevant: “b” is unknown"),
        (definition({"type": "group", "name": "g", "items": []}), "The group “g” is empty."),
        (definition(q("a", items=[q("b")])), "“a” is a question and cannot hold other questions."),
        (definition(q("a", required=3)), "“a”: “required” must be true, false or a condition."),
    ],
)
def test_problems_are_explained(bad, message):
    messages = validate_definition(bad)
    assert any(m.startswith(message) for m in messages), messages


def test_choice_filter_may_name_choice_columns():
    choices = [{"name": "king", "label": {"fr": "King"}, "filter": {"cf": "wa"}}]
    good = definition(
        q("state"), q("county", "select_one", choices=choices, choice_filter="cf = ${state}")
    )
    assert validate_definition(good) == []
    bad = definition(
        q("state"), q("county", "select_one", choices=choices, choice_filter="zz = ${state}")
    )
    assert validate_definition(bad)


def test_left_out_questions_may_still_be_named():
    item = q("a", relevant="${gps} != ''")
    assert validate_definition(definition(item))
    assert validate_definition({**definition(item), "left_out": ["gps"]}) == []
