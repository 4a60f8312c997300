"""The suggestion rules, as a pure function of the facts of a self-diagnosis."""

from urllib.parse import parse_qs, urlparse
from uuid import uuid4

from django.test import SimpleTestCase
from django.urls import reverse

from alliances.diagnosis.questions import dimension_scores
from alliances.diagnosis.selectors.portfolio import Portfolio
from alliances.diagnosis.suggestions import Facts, Targets, suggestions_for
from alliances.diagnosis.tests.test_diagnosis_setup import all_answers

ORG = str(uuid4())
FOCUS = str(uuid4())
WITHOUT_FRAMEWORK = str(uuid4())


def portfolio(**by_type) -> Portfolio:
    data = {
        "partnerships": 2,
        "partners": sum(by_type.values()),
        "by_type": by_type,
        "with_agreement": 2,
        "with_framework": 2,
        "with_health_check": 2,
        "focus": FOCUS,
    }
    return Portfolio.from_data(data)


def facts(kind="association", answers=None, **by_type) -> Facts:
    answers = answers if answers is not None else all_answers("established")
    return Facts(kind, portfolio(**by_type), dimension_scores(answers), answers)


TARGETS = Targets(
    organisation_uuid=ORG,
    place="epci:200069854",
    partnerships={"focus": FOCUS, "without_framework": WITHOUT_FRAMEWORK},
)
WELL_ROUNDED = {"local_authority": 1, "association": 1, "school": 1, "company": 1}


def by_code(found) -> dict:
    return {suggestion.code: suggestion for suggestion in found}


class SuggestionRuleTests(SimpleTestCase):
    def test_a_well_rounded_portfolio_with_good_practice_needs_no_suggestion(self):
        self.assertEqual(suggestions_for(facts(**WELL_ROUNDED), TARGETS), [])

    def test_no_school_points_to_calls_near_the_organisation_with_the_national_figure(self):
        found = by_code(
            suggestions_for(facts(local_authority=1, association=1, company=1), TARGETS)
        )
        self.assertEqual(list(found), ["no_school"])
        school = found["no_school"]
        self.assertIn("47 in 100 associations", school.reason)
        calls = urlparse(school.links[0].url)
        self.assertEqual(calls.path, reverse("matching:call_list"))
        self.assertEqual(parse_qs(calls.query), {"where": ["epci:200069854"]})
        partners = urlparse(school.links[1].url)
        self.assertEqual(partners.path, reverse("matching:organisation_suggestions", args=[ORG]))
        self.assertEqual(parse_qs(partners.query), {"sectors": ["public"]})

    def test_other_kinds_get_the_suggestion_without_the_association_figures(self):
        found = by_code(
            suggestions_for(facts("company", local_authority=1, association=1), TARGETS)
        )
        self.assertNotIn("47 in 100", found["no_school"].reason)
        self.assertIn("school", found["no_school"].reason)
        self.assertNotIn("no_company", found)  # a company is not told to find companies

    def test_few_types_of_partners_point_to_the_consortium_builder(self):
        found = by_code(suggestions_for(facts(company=3, local_authority=1), TARGETS))
        self.assertIn("2.5 types", found["few_types"].reason)
        self.assertEqual(
            found["few_types"].links[0].url, reverse("matching:consortium", args=[ORG])
        )

    def test_no_partnership_at_all_suggests_finding_partners_first(self):
        empty = Facts("association", Portfolio.from_data({}), {}, {})
        found = by_code(suggestions_for(empty, TARGETS))
        self.assertEqual(list(found), ["no_partnership"])
        urls = [link.url for link in found["no_partnership"].links]
        self.assertIn(reverse("partnerships:create"), urls)

    def test_low_systems_and_culture_point_to_governance_and_health_checks(self):
        answers = all_answers(
            "established",
            systems__steering="not_started",
            systems__impact_measurement="starting",
            systems__written_agreements="starting",
            systems__shared_follow_up="starting",
            culture__partner_feedback="not_started",
        )
        found = by_code(suggestions_for(facts(answers=answers, **WELL_ROUNDED), TARGETS))
        self.assertEqual(
            found["steering"].links[0].url, reverse("governance:overview", args=[FOCUS])
        )
        self.assertEqual(
            found["health_checks"].links[0].url, reverse("governance:health", args=[FOCUS])
        )
        # The results framework of the partnership that lacks one.
        self.assertEqual(
            found["impact_measurement"].links[0].url,
            reverse("indicators:framework", args=[WITHOUT_FRAMEWORK]),
        )
        self.assertIn("agreed indicators", found["impact_measurement"].reason)
        self.assertEqual(
            found["agreements"].links[0].url, reverse("agreements:detail", args=[FOCUS])
        )

    def test_partnerships_without_a_framework_are_counted_in_the_reason(self):
        fact = facts(**WELL_ROUNDED)
        fact.portfolio.with_framework = 1
        found = by_code(suggestions_for(fact, TARGETS))
        self.assertEqual(
            found["impact_measurement"].reason,
            "1 of your 2 partnerships measures nothing yet: no indicator.",
        )

    def test_every_suggestion_has_a_reason_and_a_link(self):
        answers = all_answers("not_started")
        for fact in (facts(answers=answers), facts("company", answers=answers)):
            for suggestion in suggestions_for(fact, TARGETS):
                self.assertTrue(suggestion.reason, suggestion.code)
                self.assertTrue(suggestion.links, suggestion.code)

    def test_when_no_partnership_has_an_agreement_the_reason_says_so(self):
        fact = facts(**WELL_ROUNDED)
        fact.portfolio.with_agreement = 0
        found = by_code(suggestions_for(fact, TARGETS))
        self.assertEqual(
            found["agreements"].reason,
            "None of your 2 partnerships has an agreement approved by every party yet.",
        )
