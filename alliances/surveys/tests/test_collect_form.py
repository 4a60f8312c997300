"""The public form, posted without JavaScript: questions, consent, errors, thank-you page."""

import uuid
from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alliances.surveys.models import Response, SurveyStatus
from alliances.surveys.selectors.responses import survey_cache_clear
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


class CollectFormTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership, description="Five minutes, anonymous.")

    def setUp(self):
        cache.clear()
        survey_cache_clear()
        self.url = reverse("collect:form", args=[self.survey.public_token])

    def post(self, data, **extra):
        data = {"submission_id": str(uuid.uuid4()), "lang": "en", **data}
        return self.client.post(self.url, data, **extra)

    def test_the_form_shows_every_question_without_login_or_cookie(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Vivre ensemble")
        self.assertContains(response, "Five minutes, anonymous.")
        for text in ("Your age", "Your neighbourhood", "I feel at home here", "the school"):
            self.assertContains(response, text)
        self.assertContains(response, 'inputmode="numeric"')
        self.assertContains(response, 'name="trust[school]"')
        self.assertContains(response, 'name="children[0][child_age]"')
        self.assertContains(response, 'name="website"')  # the honeypot
        self.assertContains(response, 'name="submission_id"')
        self.assertNotIn("csrftoken", response.cookies)
        self.assertNotIn("sessionid", response.cookies)
        self.assertNotContains(response, "main-nav")  # no site menu

    def test_the_language_switch_shows_the_labels_in_that_language(self):
        response = self.client.get(self.url, {"lang": "fr"})
        self.assertContains(response, "Votre âge")
        self.assertContains(response, '<html lang="fr">')
        response = self.client.get(self.url, {"lang": "en"})
        self.assertContains(response, "Your age")

    def test_a_complete_questionnaire_is_stored_and_thanked(self):
        response = self.post(
            {
                "age": "34",
                "neighbourhood": "couronneries",
                "belonging": "4",
                "likes": ["parks", "shops"],
                "trust[neighbours]": "5",
                "trust[school]": "3",
                "children[count]": "2",
                "children[0][child_age]": "3",
                "children[1][child_age]": "7",
            }
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Your answers have been recorded.")
        stored = Response.objects.get(survey=self.survey)
        self.assertEqual(
            stored.answers,
            {
                "age": 34,
                "neighbourhood": "couronneries",
                "belonging": 4,
                "likes": ["parks", "shops"],
                "trust": {"neighbours": 5, "school": 3},
                "children": [{"child_age": 3}, {"child_age": 7}],
            },
        )
        self.assertEqual(stored.channel, "web")
        self.assertEqual(stored.language, "en")
        self.assertEqual(stored.collected_on, timezone.localdate())

    def test_the_same_post_twice_stores_one_response(self):
        data = {"submission_id": str(uuid.uuid4()), "age": "40"}
        self.assertEqual(self.post(data).status_code, 200)
        self.assertContains(self.post(data), "Your answers have been recorded.")
        self.assertEqual(Response.objects.filter(survey=self.survey).count(), 1)

    def test_errors_are_shown_by_question_and_what_was_typed_is_kept(self):
        response = self.post(
            {"age": "200", "comment": "Plus de bancs, s'il vous plaît", "likes": ["shops"]}
        )
        self.assertContains(response, "Give an age between 0 and 120.", status_code=400)
        self.assertContains(response, 'id="q-age-error"', status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertContains(response, 'value="200"', status_code=400)
        self.assertContains(
            response, "Plus de bancs, s&#x27;il vous plaît</textarea>", status_code=400
        )
        self.assertContains(response, 'value="shops" checked', status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_a_required_question_left_empty_is_refused(self):
        response = self.post({"neighbourhood": "couronneries"})
        self.assertContains(response, "This question needs an answer.", status_code=400)
        self.assertContains(response, 'value="couronneries" checked', status_code=400)

    def test_add_another_without_javascript_keeps_the_answers(self):
        response = self.post(
            {
                "age": "33",
                "children[count]": "1",
                "children[0][child_age]": "4",
                "add_repeat": "children",
            }
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="children[1][child_age]"')
        self.assertContains(response, 'value="4"')
        self.assertFalse(Response.objects.exists())

    def test_a_filled_honeypot_is_thanked_and_forgotten(self):
        response = self.post({"age": "30", "website": "http://spam.example"})
        self.assertContains(response, "Thank you")
        self.assertFalse(Response.objects.exists())

    def test_consent_comes_before_the_questions(self):
        self.survey.consent_text = "Your answers help the neighbourhood council."
        self.survey.save(update_fields=["consent_text"])
        response = self.client.get(self.url)
        self.assertContains(response, "Your answers help the neighbourhood council.")
        self.assertContains(response, "I agree to answer")
        self.assertNotContains(response, "Your age")
        declined = self.client.get(self.url, {"consent": "no"})
        self.assertContains(declined, "You chose not to answer.")
        agreed = self.client.get(self.url, {"consent": "yes"})
        self.assertContains(agreed, "Your age")
        # Posting without the consent step shows the consent page again, storing nothing.
        response = self.client.post(self.url, {"submission_id": str(uuid.uuid4()), "age": "30"})
        self.assertContains(response, "I agree to answer")
        self.assertFalse(Response.objects.exists())
        self.post({"age": "30", "consent": "yes"})
        self.assertEqual(Response.objects.count(), 1)

    def test_a_draft_survey_does_not_exist(self):
        self.survey.status = SurveyStatus.DRAFT
        self.survey.save(update_fields=["status"])
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post({"age": "30"}).status_code, 404)

    def test_a_closed_survey_says_so(self):
        self.survey.status = SurveyStatus.CLOSED
        self.survey.save(update_fields=["status"])
        response = self.client.get(self.url)
        self.assertContains(response, "This survey is closed", status_code=410)
        self.assertEqual(self.post({"age": "30"}).status_code, 410)
        self.assertFalse(Response.objects.exists())

    def test_past_its_closing_date_the_survey_is_closed(self):
        self.survey.closes_at = timezone.now() - timedelta(minutes=1)
        self.survey.save(update_fields=["closes_at"])
        self.assertContains(self.client.get(self.url), "This survey is closed", status_code=410)

    def test_before_its_opening_date_the_survey_says_when_it_opens(self):
        self.survey.opens_at = timezone.now() + timedelta(days=2)
        self.survey.save(update_fields=["opens_at"])
        self.assertContains(self.client.get(self.url), "This survey opens on")

    def test_a_notice_warns_when_personal_data_is_asked(self):
        self.assertNotContains(self.client.get(self.url), "personal details")
        definition = {
            **self.survey.definition,
            "items": [
                *self.survey.definition["items"],
                {"name": "mail", "type": "email", "label": {"en": "Your e-mail"}},
            ],
        }
        self.survey.definition = definition
        self.survey.save(update_fields=["definition"])
        response = self.client.get(self.url)
        self.assertContains(response, "personal details")
        self.assertContains(response, 'type="email"')

    def test_the_offline_worker_is_served_under_the_survey_link(self):
        response = self.client.get(
            reverse("collect:service_worker", args=[self.survey.public_token])
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/javascript; charset=utf-8")
        self.assertIn(self.url, response.content.decode())
