"""Downloading the raw anonymous answers, as CSV and as an Excel workbook."""

import csv
import io
import uuid
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from alliances.surveys.models import Response
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


class ResponsesExportTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership)
        cls.response = Response.objects.create(
            survey=cls.survey,
            submission_id=uuid.uuid4(),
            content_hash="0" * 64,
            answers={
                "age": 34,
                "likes": ["parks", "shops"],
                "trust": {"neighbours": 4},
                "children": [{"child_age": 3}, {"child_age": 7}],
            },
            channel="paper",
            entered_by=cls.editor,
            collected_on=date(2026, 3, 2),
        )
        cls.url = reverse("surveys:responses_export", args=[cls.partnership.uuid, cls.survey.uuid])

    def test_csv_has_one_column_per_question_and_statement(self):
        self.login(self.editor)
        response = self.client.get(self.url, {"format": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
        self.assertIn("trust.neighbours", header)
        self.assertIn("trust.school", header)
        self.assertEqual(row["age"], "34")
        self.assertEqual(row["likes"], "parks shops")
        self.assertEqual(row["trust.neighbours"], "4")
        self.assertEqual(row["channel"], "paper")
        # Anonymous: nothing says who typed it.
        self.assertNotIn("Eddie", response.content.decode())

    def test_the_workbook_has_answers_repeats_and_labels(self):
        self.login(self.editor)
        response = self.client.get(self.url, {"format": "xlsx"})
        self.assertEqual(response.status_code, 200)
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        self.assertEqual(workbook.sheetnames, ["Responses", "children", "Labels"])
        children = list(workbook["children"].iter_rows(values_only=True))
        self.assertEqual(children[0], ("response", "instance", "child_age"))
        self.assertEqual(
            children[1:], [(str(self.response.uuid), 1, 3), (str(self.response.uuid), 2, 7)]
        )
        labels = list(workbook["Labels"].iter_rows(values_only=True))
        self.assertIn(("neighbourhood", None, "trois_cites", "Trois-Cités"), labels)

    def test_a_viewer_cannot_download_raw_answers(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
