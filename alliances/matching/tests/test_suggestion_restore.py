"""Restoring a suggestion: what was saved or set aside is forgotten, and the organisation is
suggested again as any other."""

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import DismissReason, FeedbackState, SuggestionFeedback
from alliances.matching.tests.test_suggestion_setup import SuggestionCase, feedback

HTMX = {"HTTP_HX_REQUEST": "true"}


class SuggestionRestoreTests(SuggestionCase):
    def url(self, candidate):
        return reverse("matching:suggestion_restore", args=[self.org.uuid, candidate.uuid])

    def test_a_restored_organisation_is_suggested_again(self):
        feedback(
            self.org,
            self.energy,
            state=FeedbackState.DISMISSED,
            reason=DismissReason.TOO_FAR,
            distance_km=31.0,
        )
        list_url = reverse("matching:organisation_suggestions", args=[self.org.uuid])
        self.login(self.editor)
        names = [
            i.organisation.name for i in self.client.get(list_url).context["suggestions"].items
        ]
        self.assertNotIn("Clain Énergies", names)
        saved = reverse("matching:saved_suggestions", args=[self.org.uuid])
        response = self.client.post(self.url(self.energy), {"next": saved}, follow=True)
        self.assertRedirects(response, saved)
        self.assertContains(response, "Clain Énergies is back among the suggestions")
        self.assertFalse(SuggestionFeedback.objects.exists())
        names = [
            i.organisation.name for i in self.client.get(list_url).context["suggestions"].items
        ]
        self.assertIn("Clain Énergies", names)
        self.assertIn("Fondation Niort Solidaire", names)
        audit = AuditEvent.objects.get(verb="suggestion.restored")
        self.assertEqual(audit.data["before"], FeedbackState.DISMISSED)
        self.assertEqual(audit.actor, self.editor)

    def test_htmx_unsaves_in_place(self):
        feedback(self.org, self.energy)
        self.login(self.editor)
        response = self.client.post(self.url(self.energy), **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "✓ Saved")
        save = reverse("matching:suggestion_save", args=[self.org.uuid, self.energy.uuid])
        self.assertContains(response, f'hx-post="{save}"')
        self.assertFalse(SuggestionFeedback.objects.exists())

    def test_nothing_to_restore_changes_nothing(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.energy))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AuditEvent.objects.filter(verb="suggestion.restored").exists())

    def test_only_its_own_feedback(self):
        feedback(self.other_org, self.energy)
        self.login(self.editor)
        self.client.post(self.url(self.energy))
        self.assertTrue(SuggestionFeedback.objects.filter(organisation=self.other_org).exists())

    def test_rights(self):
        feedback(self.org, self.energy)
        for user, status in ((self.viewer, 403), (self.outsider, 404), (self.company_admin, 404)):
            self.login(user)
            self.assertEqual(self.client.post(self.url(self.energy)).status_code, status)
        self.assertTrue(SuggestionFeedback.objects.exists())
