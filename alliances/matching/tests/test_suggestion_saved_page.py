"""The saved and set-aside suggestions of an organisation, with a way back for each."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.models import DismissReason, FeedbackState
from alliances.matching.tests.test_suggestion_setup import SuggestionCase, feedback
from alliances.test import make_organisation


class SavedSuggestionsPageTests(SuggestionCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:saved_suggestions", args=[cls.org.uuid])
        feedback(cls.org, cls.volunteers_org, user=cls.editor)
        feedback(
            cls.org,
            cls.foundation,
            state=FeedbackState.DISMISSED,
            reason=DismissReason.TOO_FAR,
            note="Niort, c'est loin",
            user=cls.admin,
        )

    def test_lists_saved_and_set_aside_with_the_reason(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [row.candidate for row in response.context["saved"]], [self.volunteers_org]
        )
        self.assertEqual(
            [row.candidate for row in response.context["dismissed"]], [self.foundation]
        )
        self.assertContains(response, "Saved by Eddie Editor")
        self.assertContains(response, "Too far away")
        self.assertContains(response, "Niort, c&#x27;est loin")
        self.assertContains(response, "Alice Admin")
        self.assertNotContains(response, "Clain Énergies")
        # Viewers read; they neither restore nor write.
        self.assertNotContains(response, "/restore/")
        self.assertNotContains(response, "/contact/")

    def test_editors_restore_and_write(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        restore = reverse("matching:suggestion_restore", args=[self.org.uuid, self.foundation.uuid])
        self.assertContains(response, f'action="{restore}"')
        unsave = reverse(
            "matching:suggestion_restore", args=[self.org.uuid, self.volunteers_org.uuid]
        )
        self.assertContains(response, f'action="{unsave}"')
        # Plain forms here: the list is short and the page comes back after each change.
        self.assertNotContains(response, "hx-post")
        self.assertContains(
            response,
            reverse("matching:introduction_create", args=[self.org.uuid, self.volunteers_org.uuid]),
        )
        self.assertContains(response, f'name="next" value="{self.url}"')

    def test_empty(self):
        self.login(self.outsider)
        response = self.client.get(
            reverse("matching:saved_suggestions", args=[self.other_org.uuid])
        )
        self.assertContains(response, "Nothing saved yet.")
        self.assertContains(response, "Nothing set aside.")

    def test_query_count_does_not_grow_with_the_rows(self):
        self.login(self.editor)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        count = len(few.captured_queries)
        for number in range(10):
            other = make_organisation(f"Candidate {number}", city="Poitiers")
            if number % 2:
                feedback(self.org, other, user=self.editor)
            else:
                feedback(
                    self.org,
                    other,
                    state=FeedbackState.DISMISSED,
                    reason=DismissReason.OTHER,
                    user=self.admin,
                )
        with self.assertNumQueries(count):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["saved"]), 6)
        self.assertEqual(len(response.context["dismissed"]), 6)
        self.assertLessEqual(count, 10)

    def test_rights(self):
        for user, status in ((self.outsider, 404), (self.company_admin, 404), (self.staff, 404)):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, status)
