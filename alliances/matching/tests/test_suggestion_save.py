"""Saving a suggested partner: kept in the organisation's list and flagged on the cards."""

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import DismissReason, FeedbackState, SuggestionFeedback
from alliances.matching.tests.test_suggestion_setup import SuggestionCase, feedback
from alliances.test import make_organisation

HTMX = {"HTTP_HX_REQUEST": "true"}


class SuggestionSaveTests(SuggestionCase):
    def url(self, candidate, organisation=None):
        organisation = organisation or self.org
        return reverse("matching:suggestion_save", args=[organisation.uuid, candidate.uuid])

    def test_an_editor_saves_and_comes_back_to_the_list(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.energy), follow=True)
        self.assertRedirects(
            response, reverse("matching:organisation_suggestions", args=[self.org.uuid])
        )
        self.assertContains(response, "Clain Énergies is in your saved suggestions.")
        row = SuggestionFeedback.objects.get(organisation=self.org, candidate=self.energy)
        self.assertEqual(row.state, FeedbackState.SAVED)
        self.assertEqual(row.user, self.editor)
        audit = AuditEvent.objects.get(verb="suggestion.saved")
        self.assertEqual(audit.actor, self.editor)
        self.assertEqual(audit.organisation_uuid, self.org.uuid)
        self.assertEqual(audit.data["candidate"], str(self.energy.uuid))

    def test_htmx_gets_the_buttons_of_the_card_only(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.energy), {"prefix": "t2-"}, **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, f'id="actions-t2-{self.energy.uuid}"')
        self.assertContains(response, "✓ Saved")
        restore = reverse("matching:suggestion_restore", args=[self.org.uuid, self.energy.uuid])
        self.assertContains(response, f'hx-post="{restore}"')

    def test_a_bad_prefix_is_dropped(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.energy), {"prefix": '"><script>'}, **HTMX)
        self.assertContains(response, f'id="actions-{self.energy.uuid}"')
        self.assertNotContains(response, "<script>")

    def test_goes_back_to_the_page_it_came_from_on_this_site_only(self):
        self.login(self.editor)
        consortium = reverse("matching:consortium", args=[self.org.uuid]) + "?build=1"
        response = self.client.post(self.url(self.energy), {"next": consortium})
        self.assertRedirects(response, consortium, fetch_redirect_response=False)
        response = self.client.post(self.url(self.foundation), {"next": "https://evil.example"})
        self.assertRedirects(
            response,
            reverse("matching:organisation_suggestions", args=[self.org.uuid]),
            fetch_redirect_response=False,
        )

    def test_saving_a_dismissed_suggestion_brings_it_back_saved(self):
        feedback(
            self.org,
            self.energy,
            state=FeedbackState.DISMISSED,
            reason=DismissReason.TOO_FAR,
            note="Trop loin",
            distance_km=31.0,
        )
        self.login(self.editor)
        self.client.post(self.url(self.energy))
        row = SuggestionFeedback.objects.get(organisation=self.org, candidate=self.energy)
        self.assertEqual(
            (row.state, row.reason, row.note, row.distance_km), (FeedbackState.SAVED, "", "", None)
        )
        self.assertEqual(
            AuditEvent.objects.get(verb="suggestion.saved").data["before"], "dismissed"
        )

    def test_saving_twice_keeps_one_row(self):
        self.login(self.editor)
        self.client.post(self.url(self.energy))
        self.client.post(self.url(self.energy))
        self.assertEqual(SuggestionFeedback.objects.filter(candidate=self.energy).count(), 1)

    def test_an_organisation_cannot_save_itself(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.org), follow=True)
        self.assertContains(response, "An organisation cannot be its own partner suggestion.")
        self.assertFalse(SuggestionFeedback.objects.exists())

    def test_a_profile_the_user_cannot_see_is_not_found(self):
        hidden = make_organisation("Profil privé", is_public=False)
        self.login(self.editor)
        self.assertEqual(self.client.post(self.url(hidden)).status_code, 404)
        self.assertFalse(SuggestionFeedback.objects.exists())

    def test_rights(self):
        for user, status in (
            (self.viewer, 403),
            (self.outsider, 404),
            (self.company_admin, 404),
            (self.staff, 404),
        ):
            self.login(user)
            self.assertEqual(self.client.post(self.url(self.energy)).status_code, status, user)
        self.login(None)
        self.assertEqual(self.client.post(self.url(self.energy)).status_code, 302)
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url(self.energy)).status_code, 405)
        self.assertFalse(SuggestionFeedback.objects.exists())
