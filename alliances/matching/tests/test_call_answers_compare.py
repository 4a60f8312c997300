import io

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from alliances.core.models import AuditEvent
from alliances.matching.access import access_proposal_by_uuid
from alliances.matching.models import ProposalScore, ProposalStatus
from alliances.matching.selectors.proposals import comparison_for_call
from alliances.matching.services.proposals import proposal_score
from alliances.matching.tests.test_call_setup import (
    NOW,
    CallTestCase,
    make_answer,
    score,
)
from alliances.test import make_organisation


@time_machine.travel(NOW, tick=False)
class CompareAnswersTests(CallTestCase):
    """The company (72 / 100), the other company (56) and the commune (not scored yet)
    answered; a fourth organisation withdrew its answer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:call_answers", args=[cls.call.uuid])
        cls.export_url = reverse("matching:call_answers_export", args=[cls.call.uuid])
        cls.from_company = make_answer(
            cls.call,
            cls.company,
            cls.company_admin,
            "Deux soirs par semaine.",
            resources_offered=["volunteers"],
        )
        score(cls.from_company, 4, 3)
        cls.from_other = make_answer(
            cls.call, cls.other_org, cls.outsider, '=HYPERLINK("http://x")'
        )
        score(cls.from_other, 2, 4)
        cls.from_commune = make_answer(cls.call, cls.commune, cls.commune_admin, "Une salle.")
        gone = make_organisation("Partie ailleurs")
        make_answer(cls.call, gone, None, "Plus là", status=ProposalStatus.WITHDRAWN)

    def test_answers_side_by_side_best_total_first(self):
        comparison = comparison_for_call(call=self.call)
        self.assertEqual(
            [(a.organisation.name, a.total, a.scored) for a in comparison.answers],
            [
                ("Solidaires Industries", 72.0, 2),
                ("Entreprise Voisine", 56.0, 2),
                ("Ville de Poitiers", 0.0, 0),
            ],
        )
        self.assertEqual(comparison.withdrawn, 1)
        company = comparison.answers[0]
        self.assertEqual(company.town, "Châtellerault")
        self.assertGreater(company.distance_km, 29)
        self.assertLess(company.distance_km, 32)
        self.assertIsNone(comparison.answers[1].distance_km)
        self.assertEqual(company.resources, ["Volunteers"])
        self.assertEqual([row[1] for row in comparison.rows[0][1]], [4, 2, None])

    def test_the_page_for_a_viewer(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertLess(content.index("Solidaires Industries"), content.index("Entreprise Voisine"))
        self.assertContains(response, "72.0 / 100")
        self.assertContains(response, "Distance to Poitiers")
        self.assertContains(response, 'Proximité <span class="muted">(weight 60)</span>')
        self.assertContains(response, "(0 of 2 criteria scored)")
        self.assertContains(response, "1 answer was withdrawn by its sender.")
        self.assertNotContains(response, "Plus là")
        # Viewers read the scores; they do not score or decide.
        self.assertNotContains(response, 'name="score_0"')
        self.assertNotContains(
            response, reverse("matching:proposal_shortlist", args=[self.from_commune.uuid])
        )

    def test_editors_get_a_small_score_form_per_answer(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="score_0"', count=3)
        self.assertContains(response, f'id="score-{self.from_company.uuid}-score_0"')
        self.assertContains(
            response, reverse("matching:proposal_shortlist", args=[self.from_commune.uuid])
        )
        self.assertContains(response, self.export_url)

    def test_query_count_does_not_grow_with_the_answers(self):
        self.login(self.editor)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(queries)

        few = count()
        for number in range(6):
            organisation = make_organisation(f"Association {number}", commune=self.poitiers)
            score(make_answer(self.call, organisation, None, f"Réponse {number}"), 3, 3)
        self.assertEqual(count(), few)

    def test_only_the_publishers_members_compare(self):
        for user in (self.outsider, self.company_admin, self.staff):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            self.assertEqual(self.client.get(self.export_url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_xlsx_export(self):
        self.login(self.viewer)
        response = self.client.get(self.export_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(
            "tuteurs-pour-laide-aux-devoirs-answers-2026-03-02.xlsx",
            response["Content-Disposition"],
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(
            rows[0],
            ["Organisation", "Solidaires Industries", "Entreprise Voisine", "Ville de Poitiers"],
        )
        by_label = {row[0]: tuple(row[1:]) for row in rows}
        self.assertEqual(by_label["Town"], ("Châtellerault", None, None))
        self.assertEqual(by_label["Proximité (weight 60, score out of 5)"], (4, 2, None))
        self.assertEqual(by_label["Weighted total out of 100"], (72, 56, 0))
        self.assertEqual(by_label["Status"], ("Awaiting a decision",) * 3)
        # Text that a spreadsheet would run as a formula stays text.
        self.assertEqual(by_label["Proposal"][1], '\'=HYPERLINK("http://x")')


@time_machine.travel(NOW, tick=False)
class ScoreAnswerTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin)
        score(cls.answer, 1, 1)
        cls.url = reverse("matching:proposal_score", args=[cls.answer.uuid])

    def marks(self) -> dict:
        return {
            s.criterion.label: s.score for s in ProposalScore.objects.filter(proposal=self.answer)
        }

    def test_an_editor_scores_from_the_comparison(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"score_0": "5", "score_1": "", "back": "answers"})
        compare = reverse("matching:call_answers", args=[self.call.uuid])
        self.assertRedirects(response, f"{compare}#answer-{self.answer.uuid}")
        # A blank mark takes the previous one back.
        self.assertEqual(self.marks(), {"Proximité": 5})
        event = AuditEvent.objects.get(verb="proposal.scored")
        self.assertEqual(event.data, {"scores": {"Proximité": 5, "Disponibilité": None}})
        self.assertEqual(ProposalScore.objects.get(proposal=self.answer).scored_by, self.editor)

    def test_from_the_proposal_page(self):
        self.login(self.admin)
        response = self.client.post(self.url, {"score_0": "0", "score_1": "4"})
        self.assertRedirects(response, reverse("matching:proposal_detail", args=[self.answer.uuid]))
        self.assertEqual(self.marks(), {"Proximité": 0, "Disponibilité": 4})

    def test_bad_scores(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"score_0": "9"})
        self.assertContains(
            response,
            "Select a valid choice. 9 is not one of the available choices.",
            status_code=400,
        )
        response = self.client.post(self.url, {})
        self.assertContains(response, "Give at least one score, from 0 to 5.", status_code=400)
        self.assertEqual(self.marks(), {"Proximité": 1, "Disponibilité": 1})

    def test_viewers_and_the_sender_do_not_score(self):
        for user in (self.viewer, self.company_admin):
            self.login(user)
            self.assertEqual(self.client.post(self.url, {"score_0": "5"}).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"score_0": "5"}).status_code, 404)
        self.assertEqual(self.marks(), {"Proximité": 1, "Disponibilité": 1})

    def test_a_withdrawn_answer_is_not_scored(self):
        self.answer.status = ProposalStatus.WITHDRAWN
        self.answer.save(update_fields=["status"])
        access = access_proposal_by_uuid(self.editor, self.answer.uuid)
        with self.assertRaisesMessage(
            ValidationError, "This proposal has been withdrawn by its sender."
        ):
            proposal_score(access=access, actor=self.editor, scores={self.call.criteria.first(): 3})
