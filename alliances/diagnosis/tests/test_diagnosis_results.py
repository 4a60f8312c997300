from datetime import UTC, datetime

from django.contrib.staticfiles import finders
from django.urls import reverse

from alliances.diagnosis.models import Diagnosis
from alliances.diagnosis.selectors.portfolio import portfolio_for_organisation
from alliances.diagnosis.tests.test_diagnosis_setup import (
    DiagnosisTestCase,
    all_answers,
    make_completed,
)
from alliances.organisations.models import Kind
from alliances.partnerships.models import Party, PartyStatus
from alliances.test import add_member, make_organisation, make_user

COMPLETED_AT = datetime(2026, 10, 1, tzinfo=UTC)


class DiagnosisResultsTests(DiagnosisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        portfolio = portfolio_for_organisation(
            organisation=cls.org, today=COMPLETED_AT.date()
        ).as_data()
        cls.diagnosis = make_completed(
            cls.org,
            answers=all_answers(
                "established",
                culture__learning="exemplary",
                systems__steering="not_started",
                people__training="not_started",
                people__handover="not_started",
            ),
            completed_at=COMPLETED_AT,
            portfolio=portfolio,
            user=cls.editor,
        )

    def url(self, diagnosis=None, organisation=None) -> str:
        organisation = organisation or self.org
        return reverse(
            "diagnosis:detail", args=[organisation.uuid, (diagnosis or self.diagnosis).uuid]
        )

    def test_the_portfolio_is_compared_with_the_figures_for_associations(self):
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "compared with associations in France")
        self.assertContains(response, "74 in 100")
        self.assertContains(response, "47 in 100")
        self.assertContains(response, "associations: 2.5 on average")
        self.assertContains(response, "Completed on")

    def test_scores_strengths_gaps_and_linked_suggestions(self):
        self.login(self.viewer)
        response = self.client.get(self.url())
        results = response.context["results"]
        self.assertEqual({row.dimension: row.score for row in results.scores}["people"], 33)
        self.assertIn("People and skills", [gap.title for gap in results.gaps])
        strengths = [finding.title for finding in results.strengths]
        self.assertIn(
            "At the end of a partnership, do you take time to learn from what worked and what "
            "did not?",
            strengths,
        )
        codes = [suggestion.code for suggestion in results.suggestions]
        self.assertIn("no_school", codes)
        self.assertIn("steering", codes)
        self.assertContains(response, reverse("governance:overview", args=[self.partnership.uuid]))
        self.assertContains(response, reverse("matching:call_list") + "?where=commune%3A86194")

    def test_the_page_is_printable(self):
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "data-print hidden")
        self.assertContains(response, "use the Print command of your browser")
        self.assertContains(response, "diagnosis/diagnosis.css")
        stylesheet = finders.find("diagnosis/diagnosis.css")
        with open(stylesheet, encoding="utf-8") as handle:
            self.assertIn("@media print", handle.read())
        self.assertIsNotNone(finders.find("diagnosis/print.js"))

    def test_other_kinds_see_their_portfolio_without_the_comparison_and_why(self):
        company_admin = self.company_admin
        diagnosis = Diagnosis.objects.create(organisation=self.company, created_by=company_admin)
        self.login(company_admin)
        response = self.client.get(self.url(diagnosis, self.company))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["results"].compared)
        self.assertNotContains(response, "Associations in France that do")
        self.assertContains(response, "describe associations only")
        self.assertContains(response, "In progress: these results are provisional")

    def test_a_draft_shows_todays_figures(self):
        draft = Diagnosis.objects.create(organisation=self.org, answers={})
        school = make_organisation("École Paul-Bert", kind=Kind.SCHOOL)
        Party.objects.create(
            partnership=self.partnership, organisation=school, status=PartyStatus.ACTIVE
        )
        self.login(self.editor)
        response = self.client.get(self.url(draft))
        self.assertEqual(response.context["results"].portfolio.by_type["school"], 1)
        # The completed one keeps the figures of its day.
        response = self.client.get(self.url())
        self.assertEqual(response.context["results"].portfolio.by_type["school"], 0)

    def test_a_diagnosis_of_another_organisation_is_not_found_here(self):
        other = make_organisation("Autre association")
        member = make_user("member@example.org")
        add_member(member, other, "admin")
        foreign = Diagnosis.objects.create(organisation=other)
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url(foreign)).status_code, 404)
