"""The JSON endpoint collect.js sends questionnaires to, now or later from its offline queue."""

import json
import uuid
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.surveys.models import Response, SurveyStatus
from alliances.surveys.selectors.responses import survey_cache_clear
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


class CollectSubmitTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership)

    def setUp(self):
        cache.clear()
        survey_cache_clear()
        self.url = reverse("collect:submit", args=[self.survey.public_token])

    def body(self, **fields):
        payload = {
            "submission_id": str(uuid.uuid4()),
            "answers": {"age": 34, "belonging": 4, "likes": ["parks"]},
            "collected_on": "2026-03-02",
            "language": "fr",
            "channel": "offline",
            "website": "",
        }
        payload.update(fields)
        return payload

    def send(self, payload, **extra):
        data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return self.client.post(self.url, data, content_type="application/json", **extra)

    def test_stored_then_already_stored_then_conflict(self):
        payload = self.body()
        first = self.send(payload)
        self.assertEqual(first.status_code, 201)
        self.assertEqual(first.json(), {"status": "stored"})
        again = self.send(payload)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json(), {"status": "already stored"})
        # Same identifier, other answers: refused, the first answers stay.
        other = self.send({**payload, "answers": {"age": 35}})
        self.assertEqual(other.status_code, 409)
        self.assertIn("error", other.json())
        stored = Response.objects.get(survey=self.survey)
        self.assertEqual(stored.answers, {"age": 34, "belonging": 4, "likes": ["parks"]})
        self.assertEqual(str(stored.submission_id), payload["submission_id"])
        self.assertEqual(stored.channel, "offline")
        self.assertEqual(stored.language, "fr")
        self.assertEqual(stored.collected_on.isoformat(), "2026-03-02")
        self.assertEqual(stored.survey_version, self.survey.version)

    def test_the_same_answers_typed_differently_are_the_same_questionnaire(self):
        payload = self.body(answers={"age": "34", "likes": ["parks"], "belonging": "4"})
        self.assertEqual(self.send(payload).status_code, 201)
        retyped = {**payload, "answers": {"belonging": 4, "likes": ["parks"], "age": 34}}
        self.assertEqual(self.send(retyped).status_code, 200)

    def test_invalid_answers_are_refused_with_messages_by_question(self):
        response = self.send(self.body(answers={"age": 300, "neighbourhood": "paris"}))
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(errors["age"], "Give an age between 0 and 120.")
        self.assertIn("neighbourhood", errors)
        self.assertFalse(Response.objects.exists())

    def test_a_bad_identifier_date_or_channel_is_refused(self):
        for fields, key in (
            ({"submission_id": "not-a-uuid"}, "submission_id"),
            ({"collected_on": "02/03/2026"}, "collected_on"),
            ({"channel": "paper"}, "channel"),
        ):
            response = self.send(self.body(**fields))
            self.assertEqual(response.status_code, 400, fields)
            self.assertIn(key, response.json()["errors"])
        self.assertFalse(Response.objects.exists())

    def test_invalid_json_is_refused_with_a_message(self):
        for body in (b"{not json", b"", json.dumps([1, 2])):
            response = self.send(body)
            self.assertEqual(response.status_code, 400)
            self.assertIn("invalid JSON", response.json()["error"])

    def test_a_too_large_body_is_refused(self):
        payload = self.body(answers={"age": 30, "comment": "x" * 300_000})
        response = self.send(payload)
        self.assertEqual(response.status_code, 413)
        self.assertFalse(Response.objects.exists())

    def test_a_filled_honeypot_looks_stored_but_nothing_is(self):
        response = self.send(self.body(website="http://spam.example"))
        self.assertEqual(response.status_code, 201)
        self.assertFalse(Response.objects.exists())

    @override_settings(SURVEY_RATE_LIMIT_PER_MINUTE=2)
    def test_too_many_submissions_from_one_client_wait(self):
        self.assertEqual(self.send(self.body()).status_code, 201)
        self.assertEqual(self.send(self.body()).status_code, 201)
        response = self.send(self.body())
        self.assertEqual(response.status_code, 429)
        self.assertGreater(int(response["Retry-After"]), 0)
        # Another client is not held back.
        other = self.send(self.body(), REMOTE_ADDR="192.0.2.44")
        self.assertEqual(other.status_code, 201)
        self.assertEqual(Response.objects.count(), 3)

    def test_unknown_or_draft_survey_is_not_found_and_closed_is_gone(self):
        unknown = reverse("collect:submit", args=["no-such-token"])
        response = self.client.post(unknown, "{}", content_type="application/json")
        self.assertEqual(response.status_code, 404)
        draft = make_survey(self.partnership, status=SurveyStatus.DRAFT)
        url = reverse("collect:submit", args=[draft.public_token])
        response = self.client.post(url, json.dumps(self.body()), content_type="application/json")
        self.assertEqual(response.status_code, 404)
        closed = make_survey(self.partnership, status=SurveyStatus.CLOSED)
        url = reverse("collect:submit", args=[closed.public_token])
        response = self.client.post(url, json.dumps(self.body()), content_type="application/json")
        self.assertEqual(response.status_code, 410)
        self.assertFalse(Response.objects.exists())

    def test_nothing_about_the_client_is_stored_and_no_cookie_is_set(self):
        response = self.send(
            self.body(),
            REMOTE_ADDR="203.0.113.9",
            HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 9) TestPhone",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.cookies, {})
        stored = Response.objects.get()
        values = json.dumps(
            {f.attname: str(getattr(stored, f.attname)) for f in Response._meta.concrete_fields}
        )
        for trace in ("203.0.113", "198.51.100", "TestPhone", "Android"):
            self.assertNotIn(trace, values)
        self.assertIsNone(stored.entered_by)

    def test_one_select_and_one_insert_with_the_survey_cached(self):
        self.send(self.body())  # the survey is now cached
        with CaptureQueriesContext(connection) as queries:
            response = self.send(self.body())
        self.assertEqual(response.status_code, 201)
        statements = [q["sql"] for q in queries.captured_queries]
        writes = [sql for sql in statements if sql.upper().startswith("INSERT")]
        self.assertEqual(len(writes), 1, statements)
        self.assertFalse(
            [sql for sql in statements if "django_session" in sql or "accounts_user" in sql]
        )

    def test_indicators_are_recomputed_after_commit(self):
        with (
            mock.patch("alliances.surveys.computation.survey_indicators_schedule") as schedule,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.assertEqual(self.send(self.body()).status_code, 201)
        schedule.assert_called_once()
        self.assertEqual(schedule.call_args.args[0].pk, self.survey.pk)

    def test_a_new_questionnaire_is_one_statement_and_a_resend_two(self):
        # No transaction of its own: one INSERT ... ON CONFLICT DO NOTHING in autocommit, and
        # the stored content hash is read only when the identifier was already there.
        self.send(self.body())  # the survey is now cached
        payload = self.body()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.send(payload).status_code, 201)
        statements = [q["sql"] for q in queries.captured_queries]
        self.assertEqual(len(statements), 1, statements)
        self.assertIn("ON CONFLICT", statements[0])
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.send(payload).status_code, 200)
        statements = [q["sql"].upper() for q in queries.captured_queries]
        self.assertEqual(len(statements), 2, statements)
        self.assertFalse([sql for sql in statements if "SAVEPOINT" in sql])
        self.assertEqual(Response.objects.filter(survey=self.survey).count(), 2)
