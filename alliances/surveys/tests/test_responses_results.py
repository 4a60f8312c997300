"""Aggregated results for every member, with nothing shown below five respondents."""

import csv
import io
import uuid
from datetime import date

from django.urls import reverse

from alliances.surveys.models import Response
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


def add(survey, answers):
    Response.objects.create(
        survey=survey,
        submission_id=uuid.uuid4(),
        content_hash=uuid.uuid4().hex,
        answers=answers,
        collected_on=date(2026, 3, 2),
    )


class ResponsesResultsTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership)
        # Five people give their age and how at home they feel; only four give their
        # neighbourhood; two write a comment.
        for index, (age, belonging) in enumerate(((20, 5), (30, 4), (40, 4), (50, 2), (60, 1))):
            answers = {"age": age, "belonging": belonging}
            if index < 4:
                answers["neighbourhood"] = "couronneries"
            if index < 2:
                answers["comment"] = f"Secret remark {index}"
            add(cls.survey, answers)
        cls.url = reverse("surveys:results", args=[cls.partnership.uuid, cls.survey.uuid])
        cls.export_url = reverse(
            "surveys:results_export", args=[cls.partnership.uuid, cls.survey.uuid]
        )

    def test_every_member_sees_distributions_means_and_medians(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "5 responses so far.")
        results = {question.name: question for question in response.context["results"].questions}
        belonging = results["belonging"]
        self.assertEqual(belonging.respondents, 5)
        self.assertEqual(belonging.mean, 3.2)
        self.assertEqual(belonging.median, 4)
        agree = next(choice for choice in belonging.choices if choice.value == "4")
        self.assertEqual((agree.count, agree.percent), (2, 40.0))
        self.assertEqual(results["age"].mean, 40)
        self.assertContains(response, '<th scope="row">Agree</th>', html=False)

    def test_fewer_than_five_respondents_show_no_figure_in_the_page_or_the_export(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        neighbourhood = next(
            q for q in response.context["results"].questions if q.name == "neighbourhood"
        )
        self.assertTrue(neighbourhood.suppressed)
        self.assertEqual(neighbourhood.choices, [])
        self.assertContains(response, "Fewer than 5 respondents: not shown.")
        self.assertNotContains(response, "Couronneries")
        export = self.client.get(self.export_url)
        self.assertEqual(export.status_code, 200)
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        neighbourhood_rows = [row for row in rows if row[0] == "neighbourhood"]
        self.assertEqual(len(neighbourhood_rows), 1)
        self.assertEqual(neighbourhood_rows[0][3:10], [""] * 7)
        self.assertIn("fewer than 5 respondents", neighbourhood_rows[0][10])
        belonging_rows = [row for row in rows if row[0] == "belonging"]
        self.assertEqual(len(belonging_rows), 5)

    def test_written_answers_never_appear_in_results(self):
        self.login(self.viewer)
        self.assertNotContains(self.client.get(self.url), "Secret remark")
        self.assertNotIn(b"Secret remark", self.client.get(self.export_url).content)

    def test_a_fifth_neighbourhood_answer_reveals_the_figures(self):
        add(self.survey, {"age": 70, "neighbourhood": "trois_cites"})
        self.login(self.viewer)
        response = self.client.get(self.url)
        neighbourhood = next(
            q for q in response.context["results"].questions if q.name == "neighbourhood"
        )
        self.assertFalse(neighbourhood.suppressed)
        self.assertEqual([c.count for c in neighbourhood.choices], [4, 1])

    def test_outsiders_see_nothing(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get(self.export_url).status_code, 404)
