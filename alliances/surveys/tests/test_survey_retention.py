"""Answers that identify a respondent are erased once the survey's retention period is over;
the other answers stay, anonymous. The job is safe to run again."""

from datetime import UTC, datetime
from io import StringIO

import time_machine
from django.core.management import call_command

from alliances.core.models import AuditEvent
from alliances.surveys.answers import content_hash
from alliances.surveys.models import Survey
from alliances.surveys.services.retention import identity_questions, survey_retention_apply
from alliances.surveys.tests.test_builder_helpers import SurveyTestCase
from alliances.surveys.tests.test_responses_list import add_response

LABEL = {"fr": "Question"}
ITEMS = [
    {"type": "integer", "name": "age", "label": LABEL},
    {"type": "email", "name": "courriel", "label": LABEL},
    {"type": "phone", "name": "tel", "label": LABEL},
    {"type": "text", "name": "nom", "label": LABEL, "identity": True},
    {"type": "text", "name": "avis", "label": LABEL},
    {"type": "calculate", "name": "contact", "calculation": "concat(${courriel}, ${tel})"},
    {
        "type": "repeat",
        "name": "enfants",
        "label": LABEL,
        "items": [
            {"type": "text", "name": "prenom", "label": LABEL, "identity": True},
            {"type": "integer", "name": "age_enfant", "label": LABEL},
        ],
    },
]
ANSWERS = {
    "age": 41,
    "courriel": "karima@example.org",
    "tel": "0601020304",
    "nom": "Karima B.",
    "avis": "Plus de bancs",
    "contact": "karima@example.org0601020304",
    "enfants": [{"prenom": "Lina", "age_enfant": 9}],
}
ANONYMOUS = {"age": 41, "avis": "Plus de bancs", "enfants": [{"age_enfant": 9}]}


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(tzinfo=UTC), tick=False)


class SurveyRetentionTests(SurveyTestCase):
    def setUp(self):
        self.set_items(*ITEMS)
        Survey.objects.filter(pk=self.survey.pk).update(retention_days=30)
        with at("2026-01-10T09:00"):
            self.old = add_response(self.survey, dict(ANSWERS))
        with at("2026-02-05T09:00"):
            self.recent = add_response(self.survey, dict(ANSWERS))

    def test_identity_questions_are_email_phone_marked_and_copied(self):
        self.assertEqual(
            identity_questions(self.refreshed().definition),
            {"courriel", "tel", "nom", "contact", "prenom"},
        )

    def test_old_responses_lose_their_identity_answers_only(self):
        with at("2026-02-20T03:00"):
            result = survey_retention_apply()
        self.assertEqual((result.responses, result.answers_erased), (1, 5))
        self.old.refresh_from_db()
        self.assertEqual(self.old.answers, ANONYMOUS)
        self.assertEqual(self.old.content_hash, content_hash(ANONYMOUS))
        self.assertIsNotNone(self.old.identity_erased_at)
        self.recent.refresh_from_db()
        self.assertEqual(self.recent.answers, ANSWERS)
        self.assertIsNone(self.recent.identity_erased_at)
        event = AuditEvent.objects.get(verb="survey.identity_erased")
        self.assertIsNone(event.actor_id)
        self.assertEqual(event.data["answers_erased"], 5)
        self.assertNotIn("karima", str(event.data))

    def test_running_again_handles_nothing_twice(self):
        with at("2026-02-20T03:00"):
            survey_retention_apply()
            again = survey_retention_apply()
        self.assertEqual((again.responses, again.answers_erased), (0, 0))
        self.assertEqual(AuditEvent.objects.filter(verb="survey.identity_erased").count(), 1)
        with at("2026-03-20T03:00"):
            later = survey_retention_apply()
        self.assertEqual((later.responses, later.answers_erased), (1, 5))

    def test_a_survey_without_retention_keeps_everything(self):
        Survey.objects.filter(pk=self.survey.pk).update(retention_days=None)
        with at("2030-01-01T03:00"):
            result = survey_retention_apply()
        self.assertEqual(result.responses, 0)
        self.old.refresh_from_db()
        self.assertEqual(self.old.answers, ANSWERS)

    def test_the_command_reports_what_it_did(self):
        out = StringIO()
        with at("2026-02-20T03:00"):
            call_command("apply_survey_retention", stdout=out)
        self.assertIn(
            "1 response(s) past retention in 1 survey(s), 5 identity answer(s)", out.getvalue()
        )


class SurveyRetentionSettingTests(SurveyTestCase):
    def post(self, **data):
        values = {
            "title": "Vivre ensemble",
            "description": "",
            "consent_text": "",
            "languages": "fr",
        }
        return self.client.post(self.url("edit"), {**values, **data})

    def test_new_surveys_keep_contact_details_one_year(self):
        self.assertEqual(self.survey.retention_days, 365)
        self.login(self.editor)
        response = self.client.get(self.url("edit"))
        self.assertContains(response, 'name="retention_days"')
        self.assertContains(response, 'value="365"')

    def test_the_team_sets_or_empties_the_retention(self):
        self.login(self.editor)
        self.assertRedirects(self.post(retention_days="90"), self.url("detail"))
        self.assertEqual(self.refreshed().retention_days, 90)
        self.post(retention_days="")
        self.assertIsNone(self.refreshed().retention_days)
        self.assertEqual(self.post(retention_days="-3").status_code, 400)
        self.assertIsNone(self.refreshed().retention_days)
