from django.urls import reverse
from django.utils import translation

from alliances.core.models import AuditEvent
from alliances.partnerships.models import Activity, Stage
from alliances.surveys.models import Survey, SurveyOrigin, SurveyStatus
from alliances.test import PartnershipTestCase


class SurveyCreateTests(PartnershipTestCase):
    def create_url(self):
        return reverse("surveys:create", args=[self.partnership.uuid])

    def test_form_offers_a_consent_text_in_the_active_language(self):
        self.login(self.editor)
        response = self.client.get(self.create_url())
        self.assertContains(response, "It is anonymous")
        self.assertContains(response, "IP address")
        with translation.override("fr"):
            from alliances.surveys.services.surveys import default_consent_text

            # Without a French catalogue yet, the text falls back to English: still a text.
            self.assertTrue(default_consent_text())

    def test_editor_creates_a_survey_and_lands_on_its_page(self):
        self.login(self.editor)
        response = self.client.post(
            self.create_url(),
            {
                "title": "  Vivre   ensemble ",
                "description": "Une enquête courte.",
                "consent_text": "Anonyme.",
                "languages": "en,fr",
            },
        )
        survey = Survey.objects.get()
        self.assertRedirects(
            response, reverse("surveys:detail", args=[self.partnership.uuid, survey.uuid])
        )
        self.assertEqual(survey.title, "Vivre ensemble")
        self.assertEqual(survey.definition, {"languages": ["en", "fr"], "items": []})
        self.assertEqual(survey.status, SurveyStatus.DRAFT)
        self.assertEqual(survey.origin, SurveyOrigin.BUILDER)
        self.assertEqual(survey.created_by, self.editor)
        self.assertTrue(AuditEvent.objects.filter(verb="survey.created").exists())
        self.assertTrue(
            Activity.objects.filter(partnership=self.partnership, verb="survey.created").exists()
        )

    def test_partner_editor_may_create_one(self):
        self.login(self.company_admin)
        response = self.client.post(self.create_url(), {"title": "Bien-être", "languages": "fr"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Survey.objects.get().definition["languages"], ["fr"])

    def test_missing_title_and_language_are_shown_on_the_form(self):
        self.login(self.editor)
        response = self.client.post(self.create_url(), {"title": " ", "languages": ""})
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertIn("title", form.errors)
        self.assertIn("languages", form.errors)
        self.assertFalse(Survey.objects.exists())

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.create_url()).status_code, 403)
        response = self.client.post(self.create_url(), {"title": "X", "languages": "fr"})
        self.assertEqual(response.status_code, 403)

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.create_url()).status_code, 404)

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.client.post(self.create_url(), {"title": "X", "languages": "fr"})
        self.assertRedirects(response, reverse("surveys:list", args=[self.partnership.uuid]))
        self.assertFalse(Survey.objects.exists())
