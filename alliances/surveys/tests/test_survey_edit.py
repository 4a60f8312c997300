from django.urls import reverse

from alliances.surveys.models import Survey, SurveyOrigin
from alliances.surveys.tests.test_builder_helpers import AGE, SurveyTestCase, answer


class SurveyEditTests(SurveyTestCase):
    def post(self, **data):
        values = {
            "title": "Vivre ensemble",
            "description": "Intro",
            "consent_text": "Consent",
            "languages": "fr,en",
        }
        return self.client.post(self.url("edit"), {**values, **data})

    def test_form_shows_the_current_settings(self):
        self.login(self.editor)
        response = self.client.get(self.url("edit"))
        self.assertContains(response, "Vivre ensemble aux Couronneries")
        self.assertEqual(response.context["form"]["languages"].value(), "fr,en")

    def test_editor_changes_the_settings(self):
        self.login(self.company_admin)
        response = self.post(title="Vivre ensemble", languages="fr")
        self.assertRedirects(response, self.url("detail"))
        survey = self.refreshed()
        self.assertEqual(survey.title, "Vivre ensemble")
        self.assertEqual(survey.definition["languages"], ["fr"])
        self.assertEqual(survey.version, 1)

    def test_changing_languages_of_an_answered_survey_bumps_the_version(self):
        self.set_items(AGE)
        answer(self.survey, {"age": 30})
        self.login(self.editor)
        self.post(languages="en,fr")
        self.assertEqual(self.refreshed().version, 2)

    def test_imported_languages_are_kept(self):
        survey = Survey.objects.create(
            partnership=self.partnership,
            title="Kobo",
            origin=SurveyOrigin.XLSFORM,
            definition={"languages": ["English (en)"], "items": []},
        )
        self.login(self.editor)
        response = self.client.get(self.url("edit", survey=survey))
        self.assertNotIn("languages", response.context["form"].fields)
        response = self.client.post(self.url("edit", survey=survey), {"title": "Kobo 2"})
        survey.refresh_from_db()
        self.assertEqual(survey.title, "Kobo 2")
        self.assertEqual(survey.definition["languages"], ["English (en)"])

    def test_viewer_is_refused_and_outsider_gets_404(self):
        self.login(self.viewer)
        self.assertEqual(self.post().status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.post().status_code, 404)

    def test_survey_of_another_partnership_is_not_found(self):
        other = Survey.objects.create(partnership=self.make_other(), title="Ailleurs")
        self.login(self.editor)
        url = reverse("surveys:edit", args=[self.partnership.uuid, other.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)

    def make_other(self):
        from alliances.test import make_partnership

        partnership, _parties = make_partnership("Autre", coordinator=self.org)
        return partnership
