"""Setting a suggested partner aside, with the reason: it is not suggested again, and
"too far" or "not this type" also set aside the ones like it."""

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import DismissReason, FeedbackState, SuggestionFeedback
from alliances.matching.tests.test_suggestion_setup import SuggestionCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class SuggestionDismissTests(SuggestionCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.list_url = reverse("matching:organisation_suggestions", args=[cls.org.uuid])

    def url(self, candidate):
        return reverse("matching:suggestion_dismiss", args=[self.org.uuid, candidate.uuid])

    def names(self) -> list[str]:
        response = self.client.get(self.list_url)
        return [item.organisation.name for item in response.context["suggestions"].items]

    def test_a_dismissed_organisation_is_not_suggested_again(self):
        self.login(self.editor)
        self.assertIn("Bénévoles de Buxerolles", self.names())
        response = self.client.post(
            self.url(self.volunteers_org),
            {"reason": DismissReason.ALREADY_IN_TOUCH, "note": "  Déjà   partenaires  "},
        )
        self.assertRedirects(response, self.list_url, fetch_redirect_response=False)
        row = SuggestionFeedback.objects.get(organisation=self.org, candidate=self.volunteers_org)
        self.assertEqual(
            (row.state, row.reason, row.note, row.user),
            (
                FeedbackState.DISMISSED,
                DismissReason.ALREADY_IN_TOUCH,
                "Déjà partenaires",
                self.editor,
            ),
        )
        self.assertAlmostEqual(row.distance_km, 3.6, delta=0.5)
        names = self.names()
        self.assertNotIn("Bénévoles de Buxerolles", names)
        self.assertIn("Clain Énergies", names)
        response = self.client.get(self.list_url)
        self.assertContains(response, "1 organisation you set aside is not shown.")
        audit = AuditEvent.objects.get(verb="suggestion.dismissed")
        self.assertEqual(audit.data["reason"], DismissReason.ALREADY_IN_TOUCH)
        self.assertEqual(audit.actor, self.editor)

    def test_too_far_also_sets_aside_the_farther_ones(self):
        self.login(self.editor)
        self.client.post(self.url(self.energy), {"reason": DismissReason.TOO_FAR})
        row = SuggestionFeedback.objects.get(candidate=self.energy)
        self.assertAlmostEqual(row.distance_km, 31, delta=1)
        names = self.names()
        self.assertNotIn("Clain Énergies", names)
        self.assertNotIn("Fondation Niort Solidaire", names)  # 68 km
        self.assertIn("Bénévoles de Buxerolles", names)  # 4 km

    def test_not_this_type_sets_aside_that_type(self):
        self.login(self.editor)
        self.client.post(self.url(self.energy), {"reason": DismissReason.WRONG_KIND})
        names = self.names()
        for company in ("Clain Énergies", "Solidaires Industries", "Entreprise Voisine"):
            self.assertNotIn(company, names)
        self.assertIn("Ville de Poitiers", names)

    def test_htmx_replaces_the_card_with_an_undo_button(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(self.energy), {"reason": DismissReason.NOT_RELEVANT}, **HTMX
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, f'id="suggestion-{self.energy.uuid}"')
        self.assertContains(
            response,
            "Clain Énergies has been set aside (Not relevant for us): it will not be suggested "
            "again.",
        )
        restore = reverse("matching:suggestion_restore", args=[self.org.uuid, self.energy.uuid])
        self.assertContains(response, f'action="{restore}"')

    def test_without_a_reason_the_form_comes_back_with_the_error(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.energy), {"note": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Choose why you set this organisation aside.", status_code=400
        )
        self.assertContains(response, 'id="reason-', status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertFalse(SuggestionFeedback.objects.exists())

    def test_without_a_reason_htmx_swaps_the_form_only(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.energy), {"prefix": "t1-"}, **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["HX-Retarget"], f"#dismiss-t1-{self.energy.uuid}")
        self.assertEqual(response["HX-Reswap"], "outerHTML")
        self.assertContains(response, "Choose why you set this organisation aside.")
        self.assertContains(
            response,
            f'<details class="suggestion-dismiss" id="dismiss-t1-{self.energy.uuid}" open>',
        )

    def test_bad_input_is_refused(self):
        self.login(self.editor)
        for data in (
            {"reason": "nonsense"},
            {"reason": DismissReason.OTHER, "note": "x" * 301},
            {"reason": "\x00"},
        ):
            self.assertEqual(self.client.post(self.url(self.energy), data).status_code, 400, data)
        self.assertFalse(SuggestionFeedback.objects.exists())

    def test_an_organisation_cannot_dismiss_itself(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(self.org), {"reason": DismissReason.OTHER}, follow=True
        )
        self.assertContains(response, "An organisation cannot be its own partner suggestion.")
        self.assertFalse(SuggestionFeedback.objects.exists())

    def test_rights(self):
        data = {"reason": DismissReason.OTHER}
        for user, status in ((self.viewer, 403), (self.outsider, 404), (self.company_admin, 404)):
            self.login(user)
            self.assertEqual(self.client.post(self.url(self.energy), data).status_code, status)
        self.assertFalse(SuggestionFeedback.objects.exists())
