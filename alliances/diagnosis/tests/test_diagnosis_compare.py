from datetime import UTC, datetime

from django.urls import reverse

from alliances.diagnosis.models import Diagnosis
from alliances.diagnosis.tests.test_diagnosis_setup import (
    DiagnosisTestCase,
    all_answers,
    make_completed,
)


class DiagnosisCompareTests(DiagnosisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.before = make_completed(
            cls.org,
            answers=all_answers("starting"),
            completed_at=datetime(2025, 11, 1, tzinfo=UTC),
            portfolio={"partnerships": 1, "partners": 1, "by_type": {"company": 1}},
        )
        cls.after = make_completed(
            cls.org,
            answers=all_answers(
                "starting", systems__steering="established", people__handover="not_started"
            ),
            completed_at=datetime(2026, 11, 1, tzinfo=UTC),
            portfolio={
                "partnerships": 2,
                "partners": 3,
                "by_type": {"company": 1, "local_authority": 1, "school": 1},
            },
        )

    def url(self, diagnosis: Diagnosis) -> str:
        return reverse("diagnosis:compare", args=[self.org.uuid, diagnosis.uuid])

    def test_score_deltas_portfolio_changes_and_moved_answers(self):
        self.login(self.viewer)
        response = self.client.get(self.url(self.after))
        self.assertEqual(response.status_code, 200)
        comparison = response.context["comparison"]
        self.assertEqual(response.context["previous"], self.before)
        deltas = {change.label: change.delta for change in comparison.scores}
        self.assertEqual(deltas["Systems and processes"], 7)
        self.assertEqual(deltas["People and skills"], -8)
        self.assertEqual(deltas["Leadership and strategy"], 0)
        portfolio = {change.label: (change.before, change.after) for change in comparison.portfolio}
        self.assertEqual(portfolio["Partnerships"], (1, 2))
        self.assertEqual(portfolio["Types of partners"], (1, 3))
        self.assertEqual(comparison.gained_types, ["Local authorities", "Schools and universities"])
        self.assertEqual(comparison.lost_types, [])
        moved = {move.question.code: move.improved for move in comparison.moves}
        self.assertEqual(moved, {"systems.steering": True, "people.handover": False})
        self.assertContains(response, "↑ Better")
        self.assertContains(response, "+7")

    def test_the_first_self_diagnosis_has_nothing_to_compare_with(self):
        self.login(self.viewer)
        response = self.client.get(self.url(self.before))
        self.assertIsNone(response.context["comparison"])
        self.assertContains(response, "no earlier completed self-diagnosis")

    def test_a_draft_compares_todays_figures_with_the_latest_completed(self):
        draft = Diagnosis.objects.create(
            organisation=self.org, answers=all_answers("starting", culture__learning="exemplary")
        )
        self.login(self.editor)
        response = self.client.get(self.url(draft))
        self.assertEqual(response.context["previous"], self.after)
        moved = [move.question.code for move in response.context["comparison"].moves]
        self.assertIn("culture.learning", moved)

    def test_the_overview_lists_the_history_the_latest_first(self):
        self.login(self.viewer)
        response = self.client.get(reverse("diagnosis:overview", args=[self.org.uuid]))
        history = [item for item, _scores in response.context["completed"]]
        self.assertEqual(history, [self.after, self.before])
        self.assertContains(response, "Compare with the previous one")
