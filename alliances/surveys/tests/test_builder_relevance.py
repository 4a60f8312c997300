"""The simple condition builder: the expressions it writes, how they read back, and that the
survey engine evaluates them as the sentence says."""

from django.test import SimpleTestCase

from alliances.surveys.expressions import EvalContext, compile_expression
from alliances.surveys.selectors.surveys import (
    Condition,
    condition_build,
    condition_in_words,
    condition_parse,
)
from alliances.surveys.tests.test_builder_helpers import (
    AGE,
    BELONGING,
    NEIGHBOURHOOD,
    SurveyTestCase,
)

NEEDS = {
    "name": "besoins",
    "type": "select_multiple",
    "label": {"fr": "Besoins", "en": "Needs"},
    "choices": [
        {"name": "food", "label": {"fr": "Alimentation", "en": "Food"}},
        {"name": "housing", "label": {"fr": "Logement", "en": "Housing"}},
    ],
}
COMMENT = {"name": "comment", "type": "text", "label": {"fr": "Commentaire"}}
DEFINITION = {"languages": ["fr", "en"], "items": [AGE, NEIGHBOURHOOD, NEEDS, BELONGING, COMMENT]}


def shows(expression: str, answers: dict) -> bool:
    return bool(compile_expression(expression).evaluate(EvalContext(answers=answers)))


class ConditionBuildTests(SimpleTestCase):
    CASES = [
        (AGE, "is", ["18"], "${age} = 18"),
        (AGE, "at_least", ["18"], "${age} >= 18"),
        (AGE, "at_most", ["25.5"], "${age} <= 25.5"),
        (AGE, "answered", [], "${age} != ''"),
        (NEIGHBOURHOOD, "is", ["couronneries"], "${quartier} = 'couronneries'"),
        (NEIGHBOURHOOD, "is_not", ["couronneries"], "${quartier} != 'couronneries'"),
        (
            NEIGHBOURHOOD,
            "one_of",
            ["couronneries", "trois_cites"],
            "${quartier} = 'couronneries' or ${quartier} = 'trois_cites'",
        ),
        (NEEDS, "is", ["food"], "selected(${besoins}, 'food')"),
        (NEEDS, "is_not", ["food"], "not(selected(${besoins}, 'food'))"),
        (
            NEEDS,
            "one_of",
            ["food", "housing"],
            "selected(${besoins}, 'food') or selected(${besoins}, 'housing')",
        ),
        (NEEDS, "answered", [], "count-selected(${besoins}) > 0"),
        (BELONGING, "at_least", ["4"], "${appartenance} >= 4"),
        (COMMENT, "is", ["it's"], "${comment} = 'it’s'"),
    ]

    def test_expressions_written_and_read_back(self):
        for question, operator, values, expected in self.CASES:
            with self.subTest(expected=expected):
                expression = condition_build(question, operator, values)
                self.assertEqual(expression, expected)
                compile_expression(expression)
                parsed = condition_parse(expression)
                self.assertEqual(parsed.question, question["name"])
                self.assertEqual(parsed.operator, operator)
                if question is not COMMENT:
                    self.assertEqual(list(parsed.values), values)

    def test_the_engine_agrees_with_the_sentence(self):
        self.assertTrue(shows("${age} >= 18", {"age": 18}))
        self.assertFalse(shows("${age} >= 18", {"age": 17}))
        self.assertFalse(shows("${age} != ''", {}))
        self.assertTrue(shows("${age} != ''", {"age": 0}))
        self.assertTrue(shows("selected(${besoins}, 'food')", {"besoins": ["food", "housing"]}))
        self.assertFalse(shows("not(selected(${besoins}, 'food'))", {"besoins": ["food"]}))
        self.assertFalse(shows("count-selected(${besoins}) > 0", {"besoins": []}))
        one_of = "${quartier} = 'couronneries' or ${quartier} = 'trois_cites'"
        self.assertTrue(shows(one_of, {"quartier": "trois_cites"}))
        self.assertFalse(shows(one_of, {"quartier": "autre"}))

    def test_other_expressions_are_not_read_as_builder_conditions(self):
        for expression in (
            "${age} >= 18 and ${quartier} = 'a'",
            "${age} > 18",
            "${age} = 1 or ${quartier} = 'a'",
            "${age} >= 'x'",
            "",
        ):
            with self.subTest(expression=expression):
                self.assertIsNone(condition_parse(expression))

    def test_in_words(self):
        words = condition_in_words("${quartier} = 'couronneries'", DEFINITION, "en")
        self.assertEqual(words, "Shown only if “Your neighbourhood” is “Les Couronneries”")
        words = condition_in_words(
            "selected(${besoins}, 'food') or selected(${besoins}, 'housing')", DEFINITION, "fr"
        )
        self.assertEqual(words, "Shown only if “Besoins” is one of “Alimentation” or “Logement”")
        words = condition_in_words("${appartenance} >= 4", DEFINITION, "en")
        self.assertEqual(words, "Shown only if “I feel at home here” is at least “Agree”")
        words = condition_in_words("${age} != ''", DEFINITION, "en")
        self.assertEqual(words, "Shown only if “Your age” is answered")
        words = condition_in_words("${age} > 1 and ${age} < 9", DEFINITION, "en")
        self.assertEqual(words, "Shown only if: ${age} > 1 and ${age} < 9")
        self.assertEqual(Condition("a", "answered"), condition_parse("${a} != ''"))


class ConditionFormTests(SurveyTestCase):
    def setUp(self):
        self.set_items(AGE, NEIGHBOURHOOD, NEEDS, BELONGING)
        self.login(self.editor)

    def add(self, data):
        return self.client.post(
            self.url("question_add", type="text"), {"label_fr": "Pourquoi ?", **data}
        )

    def relevant(self):
        return self.refreshed().definition["items"][-1].get("relevant")

    def test_labels_or_codes_of_choices(self):
        self.add({"show_if": "besoins", "show_operator": "one_of", "show_value": "logement, food"})
        self.assertEqual(
            self.relevant(), "selected(${besoins}, 'housing') or selected(${besoins}, 'food')"
        )

    def test_agreement_labels_become_scale_points(self):
        self.add({"show_if": "appartenance", "show_operator": "is", "show_value": "Strongly agree"})
        self.assertEqual(self.relevant(), "${appartenance} = 5")

    def test_numbers_with_a_decimal_comma(self):
        self.add({"show_if": "age", "show_operator": "at_most", "show_value": "17,5"})
        self.assertEqual(self.relevant(), "${age} <= 17.5")

    def test_answered_needs_no_value(self):
        self.add({"show_if": "age", "show_operator": "answered"})
        self.assertEqual(self.relevant(), "${age} != ''")

    def test_unknown_choice_is_explained(self):
        response = self.add({"show_if": "quartier", "show_operator": "is", "show_value": "Paris"})
        self.assertEqual(response.status_code, 400)
        error = response.context["form"].errors["show_value"][0]
        self.assertIn("couronneries, trois_cites", error)

    def test_a_number_is_needed_for_at_least(self):
        response = self.add({"show_if": "age", "show_operator": "at_least", "show_value": "old"})
        self.assertIn("show_value", response.context["form"].errors)

    def test_missing_operator_or_value(self):
        response = self.add({"show_if": "age"})
        self.assertIn("show_operator", response.context["form"].errors)
        response = self.add({"show_if": "age", "show_operator": "is"})
        self.assertIn("show_value", response.context["form"].errors)

    def test_simple_and_advanced_together_are_refused(self):
        response = self.add(
            {"show_if": "age", "show_operator": "answered", "relevant": "${age} > 3"}
        )
        self.assertIn("relevant", response.context["form"].errors)

    def test_advanced_expression_is_kept_as_typed(self):
        self.add({"relevant": "${age} >= 18 and selected(${besoins}, 'food')"})
        self.assertEqual(self.relevant(), "${age} >= 18 and selected(${besoins}, 'food')")
