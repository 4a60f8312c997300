"""The page to write to a suggested partner: a polite draft, what happens to the addresses,
how many messages are left today, and a clear answer when writing is not possible."""

from datetime import UTC, datetime

import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from alliances.matching.models import Introduction
from alliances.matching.tests.test_suggestion_setup import SuggestionCase
from alliances.test import make_organisation

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HIDDEN = ("bea@buxerolles.example.org", "bruno@buxerolles.example.org", "eddie@example.org")


@time_machine.travel(NOW, tick=False)
class IntroductionPageTests(SuggestionCase):
    def url(self, candidate=None):
        candidate = candidate or self.volunteers_org
        return reverse("matching:introduction_create", args=[self.org.uuid, candidate.uuid])

    def assertNoAddress(self, response, status=200):  # noqa: N802
        for address in HIDDEN:
            self.assertNotContains(response, address, status_code=status)

    def test_a_polite_draft_and_what_happens_to_addresses(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form["subject"].value(), "Introduction from Maison des Trois-Cités")
        draft = form["message"].value()
        self.assertIn("I am writing on behalf of Maison des Trois-Cités", draft)
        self.assertIn("We are looking for: skills, volunteers.", draft)
        self.assertIn("Eddie Editor", draft)
        self.assertContains(response, "Write to Bénévoles de Buxerolles")
        self.assertContains(response, "separately, to each of the 2 administrators")
        self.assertContains(response, "Your e-mail address is not shared with them")
        self.assertContains(response, "You can send 10 more introductions today.")
        self.assertNoAddress(response)

    def test_sending_comes_back_to_the_suggestions(self):
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url(), {"subject": "Aide aux devoirs", "message": "Bonjour !"}, follow=True
            )
        self.assertRedirects(
            response, reverse("matching:organisation_suggestions", args=[self.org.uuid])
        )
        self.assertContains(response, "Sent to the 2 administrators of Bénévoles de Buxerolles.")
        self.assertNoAddress(response)
        self.assertEqual(len(mail.outbox), 2)
        intro = Introduction.objects.get()
        self.assertEqual((intro.subject, intro.message), ("Aide aux devoirs", "Bonjour !"))
        response = self.client.get(self.url())
        self.assertContains(response, "You can send 9 more introductions today.")

    def test_goes_back_to_the_page_it_came_from(self):
        consortium = reverse("matching:consortium", args=[self.org.uuid]) + "?build=1"
        self.login(self.editor)
        response = self.client.get(self.url(), {"next": consortium})
        self.assertContains(response, f'name="next" value="{consortium}"')
        data = {"subject": "Bonjour", "message": "Bonjour", "next": consortium}
        response = self.client.post(self.url(), data)
        self.assertRedirects(response, consortium, fetch_redirect_response=False)
        data.update(next="https://evil.example/")
        response = self.client.post(self.url(self.company), data)
        self.assertRedirects(
            response,
            reverse("matching:organisation_suggestions", args=[self.org.uuid]),
            fetch_redirect_response=False,
        )

    def test_a_second_message_too_soon_is_refused_on_the_form(self):
        self.login(self.editor)
        self.client.post(self.url(), {"subject": "Bonjour", "message": "Bonjour"})
        self.login(self.admin)
        response = self.client.post(self.url(), {"subject": "Encore", "message": "Encore"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "already introduced itself", status_code=400)
        self.assertNoAddress(response, status=400)
        self.assertEqual(Introduction.objects.count(), 1)

    @override_settings(MATCHING_INTRODUCTIONS_PER_DAY=1)
    def test_no_form_once_the_day_is_used_up(self):
        self.login(self.editor)
        self.client.post(self.url(self.company), {"subject": "Bonjour", "message": "Bonjour"})
        response = self.client.get(self.url())
        self.assertContains(response, "try again tomorrow")
        self.assertNotContains(response, "Send the introduction")

    def test_an_opted_out_organisation_shows_where_to_find_it(self):
        self.volunteers_org.accepts_introductions = False
        self.volunteers_org.save(update_fields=["accepts_introductions"])
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, "does not accept introduction messages")
        self.assertContains(
            response, reverse("organisations:detail", args=[self.volunteers_org.uuid])
        )
        self.assertNotContains(response, "Send the introduction")
        response = self.client.post(self.url(), {"subject": "Bonjour", "message": "Bonjour"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Introduction.objects.exists())

    def test_an_organisation_without_administrator(self):
        self.login(self.editor)
        response = self.client.get(self.url(self.foundation))
        self.assertContains(response, "has no administrator on Alliances yet")
        self.assertNotContains(response, "Send the introduction")

    def test_empty_fields_are_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url(), {"subject": "", "message": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Please correct the 2 errors below.", status_code=400)
        self.assertFalse(Introduction.objects.exists())

    def test_rights(self):
        hidden = make_organisation("Profil privé", is_public=False)
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url(hidden)).status_code, 404)
        for user, status in ((self.viewer, 403), (self.outsider, 404), (self.company_admin, 404)):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, status)
            response = self.client.post(self.url(), {"subject": "x", "message": "x"})
            self.assertEqual(response.status_code, status)
        self.assertFalse(Introduction.objects.exists())
