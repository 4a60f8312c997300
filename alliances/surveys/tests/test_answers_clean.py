"""Cleaning answers: types, required, relevance, constraints, choices, repeats, calculations."""

import time
from datetime import date, datetime

import pytest

from alliances.surveys.answers import clean_answers, content_hash

TODAY = date(2024, 5, 1)


def survey(*items, languages=("fr", "en")):
    return {"languages": list(languages), "items": list(items)}


def q(name, kind, **extra):
    return {"name": name, "type": kind, "label": {"fr": name, "en": name}, **extra}


CHOICES = [{"name": n, "label": {"fr": n.upper()}} for n in ("a", "b", "c")]


def clean(definition, raw, **kw):
    return clean_answers(definition, raw, today=TODAY, **kw)


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("integer", "42", 42),
        ("integer", 42, 42),
        ("integer", 42.0, 42),
        ("integer", " -3 ", -3),
        ("decimal", "12,50", "12.5"),
        ("decimal", 12.5, "12.5"),
        ("decimal", "100", "100"),
        ("decimal", 3, "3"),
        ("date", "2024-02-29", "2024-02-29"),
        ("time", "08:30", "08:30"),
        ("time", "08:30:15", "08:30"),
        ("datetime", "2024-05-01T10:30", "2024-05-01T10:30:00"),
        ("datetime", "2024-05-01T10:30:00Z", "2024-05-01T10:30:00+00:00"),
        ("agreement", "4", 4),
        ("rating", 0, 0),
        ("rating", "10", 10),
        ("text", " hi ", "hi"),
        ("text", 12, "12"),
        ("textarea", "a\nb", "a\nb"),
        ("email", "lea@example.org", "lea@example.org"),
        ("phone", "+33 5 49 00 00 00", "+33 5 49 00 00 00"),
        ("acknowledge", "OK", "OK"),
        ("acknowledge", True, "OK"),
        ("select_one", "b", "b"),
        ("select_one", ["b"], "b"),
        ("select_multiple", ["c", "a"], ["a", "c"]),
        ("select_multiple", "c a a", ["a", "c"]),
    ],
)
def test_values_are_typed(kind, raw, value):
    definition = survey(q("x", kind, choices=CHOICES))
    assert clean(definition, {"x": raw}) == ({"x": value}, {})


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("integer", "1.5"),
        ("integer", 1.5),
        ("integer", True),
        ("integer", "1e3"),
        ("integer", "9" * 20),
        ("decimal", "abc"),
        ("decimal", "1e5"),
        ("decimal", "NaN"),
        ("date", "2023-02-29"),
        ("date", "01/02/2024"),
        ("date", "20240101"),
        ("time", "25:00"),
        ("datetime", "2024-05-01"),
        ("agreement", 6),
        ("agreement", 0),
        ("rating", 11),
        ("rating", -1),
        ("text", "x" * 2001),
        ("textarea", "x" * 10001),
        ("email", "nope"),
        ("phone", "call me"),
        ("acknowledge", "maybe"),
        ("select_one", "z"),
        ("select_one", ["a", "b"]),
        ("select_multiple", ["a", "z"]),
        ("select_multiple", 3),
        ("text", {"a": 1}),
    ],
)
def test_bad_values_are_refused_with_a_message(kind, raw):
    definition = survey(q("x", kind, choices=CHOICES))
    answers, errors = clean(definition, {"x": raw})
    assert answers == {}
    assert errors["x"]


@pytest.mark.parametrize("raw", [None, "", "  ", []])
def test_empty_values_are_unanswered(raw):
    definition = survey(q("x", "text"), q("y", "select_multiple", choices=CHOICES))
    assert clean(definition, {"x": raw, "y": raw if raw is not None else []}) == ({}, {})


def test_unknown_keys_and_notes_and_calculations_from_the_device_are_dropped():
    definition = survey(
        q("x", "integer"), q("n", "note"), q("c", "calculate", calculation="${x} * 2")
    )
    answers, errors = clean(definition, {"x": 2, "n": "hi", "c": 99, "other": "x"})
    assert answers == {"x": 2, "c": 4}


def test_required_with_message_in_the_response_language():
    definition = survey(
        q("x", "text", required=True, required_message={"fr": "Obligatoire", "en": "Needed"}),
        q("y", "integer", required=True),
    )
    assert clean(definition, {}, language="en")[1] == {
        "x": "Needed",
        "y": "This question needs an answer.",
    }
    assert clean(definition, {}, language="de")[1]["x"] == "Obligatoire"


def test_required_can_be_a_condition():
    definition = survey(q("a", "integer"), q("b", "text", required="${a} > 3"))
    assert clean(definition, {"a": 2})[1] == {}
    assert set(clean(definition, {"a": 5})[1]) == {"b"}


def test_relevance_drops_answers_and_never_requires():
    definition = survey(
        q("smoker", "select_one", choices=[{"name": "yes"}, {"name": "no"}]),
        q("per_day", "integer", relevant="${smoker} = 'yes'", required=True),
        {
            "type": "group",
            "name": "g",
            "relevant": "${smoker} = 'yes'",
            "items": [q("brand", "text", required=True)],
        },
        q("after", "integer", relevant="${per_day} > 10"),
    )
    answers, errors = clean(definition, {"smoker": "no", "per_day": "20", "brand": "x", "after": 1})
    assert answers == {"smoker": "no"}
    assert errors == {}
    answers, errors = clean(definition, {"smoker": "yes", "per_day": "abc"})
    assert set(errors) == {"per_day", "brand"}
    answers, errors = clean(definition, {"smoker": "no", "per_day": "abc"})
    assert errors == {}  # a bad answer to a hidden question is forgotten, not an error


def test_constraint_and_its_message():
    definition = survey(
        q(
            "age",
            "integer",
            constraint=". >= 0 and . < 130",
            constraint_message={"fr": "Âge impossible"},
        ),
        q("email", "text", constraint="regex(., '@')"),
    )
    assert clean(definition, {"age": 200, "email": "x"}, language="en")[1] == {
        "age": "Âge impossible",
        "email": "This answer is not accepted.",
    }
    assert clean(definition, {"age": 30, "email": "a@b"})[1] == {}


def test_choice_filter_after_the_answers():
    definition = survey(
        q("state", "select_one", choices=[{"name": "tx"}, {"name": "wa"}]),
        q(
            "county",
            "select_multiple",
            choice_filter="cf = ${state}",
            choices=[
                {"name": "king", "filter": {"cf": "wa"}},
                {"name": "king", "filter": {"cf": "tx"}},
                {"name": "pierce", "filter": {"cf": "wa"}},
                {"name": "cameron", "filter": {"cf": "tx"}},
            ],
        ),
    )
    assert clean(definition, {"state": "wa", "county": ["king", "pierce"]})[1] == {}
    assert set(clean(definition, {"state": "tx", "county": ["king", "pierce"]})[1]) == {"county"}


def test_matrix():
    statements = [{"name": "trust", "label": {"fr": "T"}}, {"name": "safety", "label": {"fr": "S"}}]
    definition = survey(q("m", "matrix", statements=statements, required=True))
    assert clean(definition, {"m": {"trust": "4", "safety": 2, "other": 3}}) == (
        {"m": {"trust": 4, "safety": 2}},
        {},
    )
    assert clean(definition, {"m.trust": "5", "m.safety": "1"})[0] == {
        "m": {"trust": 5, "safety": 1}
    }
    assert clean(definition, {"m": {"trust": 4}})[1] == {"m": "Answer every statement."}
    assert clean(definition, {"m": {"trust": 9, "safety": 1}})[1]["m"]
    assert clean(definition, {})[1] == {"m": "This question needs an answer."}


def test_repeats_keep_instances_and_key_errors_by_instance():
    definition = survey(
        q("adults", "integer"),
        {
            "type": "repeat",
            "name": "kids",
            "label": {"fr": "Enfants"},
            "items": [
                q("kid_age", "integer", required=True, constraint=". < 18"),
                q("school", "text", relevant="${kid_age} >= 3"),
                q("rank", "calculate", calculation="position(..)"),
            ],
        },
        q("n", "calculate", calculation="count(${kids})"),
        q("total", "calculate", calculation="sum(${kid_age})"),
    )
    raw = {
        "adults": 2,
        "kids": [{"kid_age": 2, "school": "x"}, {"kid_age": 7, "school": "y"}, {"kid_age": 30}, {}],
    }
    answers, errors = clean(definition, raw)
    assert answers["kids"][:2] == [
        {"kid_age": 2, "rank": 1},
        {"kid_age": 7, "school": "y", "rank": 2},
    ]
    assert errors == {
        "kids.3.kid_age": "This answer is not accepted.",
        "kids.4.kid_age": "This question needs an answer.",
    }
    assert answers["n"] == 4
    # The same from form fields named "repeat.instance.question".
    answers, errors = clean(definition, {"kids.1.kid_age": "4", "kids.2.kid_age": "5"})
    assert answers["kids"] == [{"kid_age": 4, "rank": 1}, {"kid_age": 5, "rank": 2}]
    assert answers["total"] == 9


def test_repeat_count_is_respected():
    definition = survey(
        q("count", "integer"),
        {
            "type": "repeat",
            "name": "r",
            "repeat_count": "${count}",
            "items": [q("v", "integer", required=True)],
        },
    )
    answers, errors = clean(definition, {"count": 2, "r": [{"v": 1}, {"v": 2}, {"v": 3}]})
    assert answers["r"] == [{"v": 1}, {"v": 2}]
    answers, errors = clean(definition, {"count": 2, "r": [{"v": 1}]})
    assert errors == {"r.2.v": "This question needs an answer."}
    assert clean(definition, {"count": 0, "r": [{"v": 1}]})[0] == {"count": 0}


def test_metadata_from_the_device_or_today():
    definition = survey(q("start", "start"), q("end", "end"), q("today", "today"))
    answers, _errors = clean(definition, {"start": "2024-04-30T10:00:00+02:00", "end": "garbage"})
    assert answers == {
        "start": "2024-04-30T10:00:00+02:00",
        "end": "2024-05-01",
        "today": "2024-05-01",
    }


def test_calculations_use_today_and_choice_names():
    definition = survey(
        q("born", "date"),
        q("age", "calculate", calculation="int((today() - ${born}) div 365.25)"),
        q("fruit", "select_one", choices=[{"name": "a", "label": {"fr": "Pomme", "en": "Apple"}}]),
        q("fruit_name", "calculate", calculation="jr:choice-name(${fruit}, '${fruit}')"),
        q("nothing", "calculate", calculation="${missing} + 1"),
    )
    answers, _ = clean(definition, {"born": "2000-05-02", "fruit": "a"}, language="en")
    assert answers == {"born": "2000-05-02", "age": 23, "fruit": "a", "fruit_name": "Apple"}


def test_content_hash_is_canonical():
    assert content_hash({"b": 1, "a": ["x", "é"]}) == content_hash({"a": ["x", "é"], "b": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})
    assert len(content_hash({})) == 64


def test_same_answers_hash_the_same_whatever_their_form():
    definition = survey(q("x", "select_multiple", choices=CHOICES), q("d", "decimal"))
    one, _ = clean(definition, {"x": ["b", "a"], "d": "1.50"})
    two, _ = clean(definition, {"x": "a b", "d": 1.5})
    assert content_hash(one) == content_hash(two)


def test_raw_that_is_not_a_dict():
    assert clean(survey(q("x", "text")), ["nope"]) == ({}, {})


def test_cleaning_is_fast():
    items = [
        q(f"q{i}", "integer", relevant=f"${{q{i - 1}}} > 0" if i else "", constraint=". < 1000")
        for i in range(30)
    ]
    items.append(q("s", "select_multiple", choices=CHOICES, required=True))
    definition = survey(*items)
    raw = {f"q{i}": str(i + 1) for i in range(30)} | {"s": ["a", "b"]}
    clean(definition, raw)
    started = time.perf_counter()
    for _ in range(200):
        answers, errors = clean_answers(definition, raw, today=TODAY, now=datetime(2024, 5, 1, 10))
    elapsed = time.perf_counter() - started
    assert errors == {}
    assert elapsed < 1.0, f"{elapsed / 200 * 1000:.2f} ms per submission"
