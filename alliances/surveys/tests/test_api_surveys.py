"""The survey endpoints of the API: surveys, one survey's definition, and the entry of a
questionnaire with its submission identifier (a retry answers the stored response)."""

import uuid
from unittest import mock

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_create
from alliances.partnerships.models import Stage
from alliances.partnerships.tests.test_api_partnerships import PartnershipApiTestCase
from alliances.surveys.models import Response, ResponseChannel, Survey, SurveyStatus

DEFINITION = {
    "languages": ["fr"],
    "items": [
        {"name": "age", "type": "integer", "label": {"fr": "Votre âge"}, "required": True},
    ],
}


class SurveyApiTestCase(PartnershipApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = Survey.objects.create(
            partnership=cls.partnership,
            title="Vivre ensemble",
            status=SurveyStatus.OPEN,
            definition=DEFINITION,
        )

    def setUp(self):
        super().setUp()
        # Indicators computed from the survey are refreshed after each response: not here.
        patcher = mock.patch("alliances.surveys.services.responses._schedule_indicators")
        self.schedule = patcher.start()
        self.addCleanup(patcher.stop)

    def url(self, survey=None, suffix: str = "") -> str:
        base = self.base() + "/surveys"
        return base if survey is None else f"{base}/{survey.uuid}{suffix}"


class SurveyReadTests(SurveyApiTestCase):
    def test_lists_surveys_with_their_response_count(self):
        Response.objects.create(
            survey=self.survey,
            submission_id=uuid.uuid4(),
            content_hash="0" * 64,
            answers={"age": 30},
            collected_on="2026-02-03",
        )
        Survey.objects.create(partnership=self.partnership, title="Brouillon")
        response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual([item["title"] for item in items], ["Brouillon", "Vivre ensemble"])
        self.assertEqual(items[1]["response_count"], 1)
        self.assertTrue(items[1]["accepts_answers"])
        self.assertFalse(items[0]["accepts_answers"])

    def test_list_query_count(self):
        self.api_get(self.url(), secret=self.read_secret)
        with self.assertNumQueries(5):
            self.api_get(self.url(), secret=self.read_secret)
        for number in range(3):
            Survey.objects.create(partnership=self.partnership, title=f"Enquête {number}")
        with self.assertNumQueries(5):
            response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(len(response.json()["items"]), 4)

    def test_survey_definition(self):
        response = self.api_get(self.url(self.survey), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["definition"], DEFINITION)
        self.assertEqual(body["languages"], ["fr"])
        self.assertNotIn("public_token", body)

    def test_outsider_gets_not_found(self):
        response = self.api_get(self.url(self.survey), secret=self.outsider_secret)
        self.assertError(response, 404, "not_found")


class ResponseCreateTests(SurveyApiTestCase):
    def body(self, **changes) -> dict:
        return {
            "submission_id": "6f1c1d2e-8a43-4d8e-9a4c-0c6f3b1f2a10",
            "answers": {"age": 34},
            "collected_on": "2026-02-03",
            **changes,
        }

    def post(self, body, *, secret=None, survey=None):
        return self.api_post(
            self.url(survey or self.survey, "/responses"),
            body,
            secret=secret or self.write_secret,
        )

    def test_editor_enters_a_questionnaire(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post(self.body())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(body["created"])
        stored = Response.objects.get(uuid=body["uuid"])
        self.assertEqual(stored.answers, {"age": 34})
        self.assertEqual(stored.channel, ResponseChannel.PAPER)
        self.assertEqual(stored.entered_by, self.editor)
        self.schedule.assert_called_once()

    def test_the_same_questionnaire_again_answers_the_stored_response(self):
        first = self.post(self.body()).json()
        again = self.post(self.body())
        self.assertEqual(again.status_code, 200, again.content)
        self.assertEqual(again.json(), {**first, "created": False})
        self.assertEqual(Response.objects.count(), 1)

    def test_other_answers_under_the_same_identifier_conflict(self):
        self.post(self.body())
        response = self.post(self.body(answers={"age": 35}))
        self.assertError(response, 409, "conflict")
        self.assertEqual(Response.objects.get().answers, {"age": 34})

    def test_invalid_answers_are_named(self):
        response = self.post(self.body(answers={"age": "trente"}))
        error = self.assertError(response, 422, "invalid")
        self.assertIn("age", error["fields"])
        self.assertFalse(Response.objects.exists())

    def test_a_draft_survey_takes_no_questionnaire(self):
        draft = Survey.objects.create(
            partnership=self.partnership, title="Brouillon", definition=DEFINITION
        )
        response = self.post(self.body(), survey=draft)
        self.assertError(response, 422, "survey_draft")

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.assertError(self.post(self.body()), 422, "closed")

    def test_nul_character_is_refused(self):
        response = self.post(self.body(answers={"age": 3, "note": "a\x00b"}))
        self.assertError(response, 422, "invalid")

    def test_viewer_is_forbidden(self):
        _token, secret = token_create(user=self.viewer, name="É", scope=TokenScope.WRITE)
        self.assertError(self.post(self.body(), secret=secret), 403, "forbidden")

    def test_read_token_is_refused(self):
        response = self.post(self.body(), secret=self.editor_read_secret)
        self.assertError(response, 403, "insufficient_scope")
        self.assertFalse(Response.objects.exists())

    def test_empty_body_is_refused_after_access(self):
        self.assertError(self.post(None), 422, "invalid")

    def test_outsider_gets_not_found(self):
        _token, secret = token_create(user=self.outsider, name="É", scope=TokenScope.WRITE)
        self.assertError(self.post(self.body(), secret=secret), 404, "not_found")
