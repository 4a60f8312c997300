"""The same questionnaire sent twice at the same moment (a double tap, a retry racing the first
attempt), each post in its own connection: one row, both told it is stored."""

import threading
import unittest
import uuid
from datetime import date

from django.db import close_old_connections, connection
from django.test import TransactionTestCase

from alliances.surveys.models import Response
from alliances.surveys.services.responses import SubmissionConflict, response_submit
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import make_organisation, make_partnership

WAIT_SECONDS = 10


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "Concurrent transactions need PostgreSQL: SQLite runs one writer at a time.",
)
class CollectConcurrencyTests(TransactionTestCase):
    def setUp(self):
        organisation = make_organisation("Maison des Trois-Cités")
        partnership, _parties = make_partnership("Réussir au collège", coordinator=organisation)
        self.survey = make_survey(partnership)

    def race(self, answers_by_racer: list[dict]) -> list:
        submission_id = uuid.uuid4()
        barrier = threading.Barrier(len(answers_by_racer), timeout=WAIT_SECONDS)
        outcomes: list = [None] * len(answers_by_racer)

        def racer(index: int, answers: dict) -> None:
            try:
                barrier.wait()
                outcomes[index] = response_submit(
                    survey=self.survey,
                    submission_id=submission_id,
                    answers=answers,
                    collected_on=date(2026, 3, 2),
                    language="en",
                    channel="web",
                )
            except Exception as exc:  # noqa: BLE001 - the test looks at what each racer got
                outcomes[index] = exc
            finally:
                close_old_connections()

        threads = [
            threading.Thread(target=racer, args=(index, answers))
            for index, answers in enumerate(answers_by_racer)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT_SECONDS)
        return outcomes

    def test_identical_posts_store_one_response(self):
        outcomes = self.race([{"age": 41}, {"age": 41}])
        self.assertFalse([o for o in outcomes if isinstance(o, Exception)], outcomes)
        self.assertEqual(sorted(outcome.created for outcome in outcomes), [False, True])
        self.assertEqual(Response.objects.filter(survey=self.survey).count(), 1)

    def test_different_posts_under_one_identifier_store_the_first_and_refuse_the_other(self):
        outcomes = self.race([{"age": 41}, {"age": 42}])
        conflicts = [o for o in outcomes if isinstance(o, SubmissionConflict)]
        stored = [o for o in outcomes if not isinstance(o, Exception)]
        self.assertEqual((len(conflicts), len(stored)), (1, 1), outcomes)
        self.assertEqual(
            Response.objects.get(survey=self.survey).answers, stored[0].response.answers
        )
