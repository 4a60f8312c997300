"""Shared set-up of the survey builder's tests: a survey of the partnership, made through the
services, and a few ready-made questions."""

from datetime import date

from django.urls import reverse

from alliances.surveys.models import Response, Survey
from alliances.surveys.services.surveys import survey_create
from alliances.test import PartnershipTestCase

AGE = {"name": "age", "type": "integer", "label": {"fr": "Votre âge", "en": "Your age"}}
NEIGHBOURHOOD = {
    "name": "quartier",
    "type": "select_one",
    "label": {"fr": "Votre quartier", "en": "Your neighbourhood"},
    "choices": [
        {"name": "couronneries", "label": {"fr": "Les Couronneries", "en": "Les Couronneries"}},
        {"name": "trois_cites", "label": {"fr": "Les Trois-Cités", "en": "Les Trois-Cités"}},
    ],
}
BELONGING = {
    "name": "appartenance",
    "type": "agreement",
    "label": {"fr": "Je me sens chez moi dans le quartier", "en": "I feel at home here"},
}


def answer(survey: Survey, answers: dict, number: int = 1) -> Response:
    return Response.objects.create(
        survey=survey,
        submission_id=f"00000000-0000-4000-8000-{number:012d}",
        content_hash=str(number).rjust(64, "0"),
        answers=answers,
        collected_on=date(2026, 3, 2),
    )


class SurveyTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = survey_create(
            partnership=cls.partnership,
            actor=cls.editor,
            title="Vivre ensemble aux Couronneries",
            description="Une enquête courte.",
            consent_text="Anonyme.",
            languages=["fr", "en"],
        )

    def set_items(self, *items, survey=None) -> Survey:
        survey = survey or self.survey
        survey.definition = {**survey.definition, "items": [dict(item) for item in items]}
        survey.save(update_fields=["definition"])
        return survey

    def url(self, name: str, *args, survey=None, **query) -> str:
        survey = survey or self.survey
        url = reverse(f"surveys:{name}", args=[self.partnership.uuid, survey.uuid, *args])
        if query:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        return url

    def refreshed(self, survey=None) -> Survey:
        survey = survey or self.survey
        survey.refresh_from_db()
        return survey
