"""The partner suggestions page of an organisation: ranked, explained cards, filters, notes,
buttons that follow the rights, and a query count that does not grow with the directory."""

from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.tests.test_features import give
from alliances.matching.tests.test_suggestion_setup import (
    SuggestionCase,
    feedback,
    pinned_directory,
)
from alliances.organisations.models import Kind, Organisation, OrganisationResource
from alliances.test import make_organisation


class SuggestionPageTests(SuggestionCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:organisation_suggestions", args=[cls.org.uuid])

    def names(self, response) -> list[str]:
        return [item.organisation.name for item in response.context["suggestions"].items]

    def scores(self, response) -> dict[str, float]:
        return {
            item.organisation.name: item.score for item in response.context["suggestions"].items
        }

    def test_ranked_cards_explain_themselves(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        names = self.names(response)
        self.assertEqual(names[0], "Bénévoles de Buxerolles")
        self.assertLess(names.index("Clain Énergies"), names.index("Fondation Niort Solidaire"))
        self.assertContains(response, "Offers what you need: skills, volunteers (étudiants)")
        self.assertContains(response, "Works on SDG target 4.1 like you")
        self.assertContains(response, "4 km away, same EPCI")
        self.assertContains(response, 'Buxerolles<span class="distance">4 km away</span>')
        self.assertContains(response, "You are looking for: <strong>Skills, Volunteers</strong>")
        profile = reverse("organisations:detail", args=[self.volunteers_org.uuid])
        self.assertContains(response, f'<a href="{profile}">Bénévoles de Buxerolles</a>')

    def test_the_score_bar_has_a_text_alternative(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        first = response.context["suggestions"].items[0]
        self.assertContains(response, 'class="score-bar" aria-hidden="true"')
        self.assertContains(response, "How this score is made")
        self.assertContains(
            response, f"Fit: <strong>{round(first.scored.score)}</strong>/100", count=1
        )
        complementarity = first.scored.part("complementarity").points
        self.assertContains(response, f"Complementarity: {round(complementarity)} points")
        # The widths are written the same in every language (no decimal comma).
        self.assertContains(
            response, f"score-part-complementarity w-{floatformat(complementarity, '0u')}"
        )

    def test_in_french_the_widths_keep_their_decimal_point(self):
        self.login(self.viewer)
        self.client.cookies["alliances_language"] = "fr"
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        first = response.context["suggestions"].items[0]
        complementarity = first.scored.part("complementarity").points
        self.assertContains(
            response, f"score-part-complementarity w-{floatformat(complementarity, '0u')}"
        )
        self.assertContains(response, '<html lang="fr">')

    def test_viewers_read_editors_act(self):
        save = reverse("matching:suggestion_save", args=[self.org.uuid, self.volunteers_org.uuid])
        contact = reverse(
            "matching:introduction_create", args=[self.org.uuid, self.volunteers_org.uuid]
        )
        propose = reverse("matching:proposal_create", args=[self.volunteers_org.uuid])
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertNotContains(response, save)
        self.assertNotContains(response, contact)
        self.assertNotContains(response, "Set aside")
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, save)
        self.assertContains(response, contact)
        self.assertContains(response, f'href="{propose}?from={self.org.uuid}"')
        self.assertContains(response, f'hx-post="{save}"')
        self.assertContains(response, 'name="reason"')

    def test_saved_suggestions_are_flagged(self):
        feedback(self.org, self.volunteers_org)
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "✓ Saved", count=1)
        self.assertContains(response, "suggestion-card suggestion-saved", count=1)
        self.assertContains(response, reverse("matching:saved_suggestions", args=[self.org.uuid]))

    def test_filters_replace_what_the_profile_says_for_this_search(self):
        self.login(self.viewer)
        before = self.scores(self.client.get(self.url))
        response = self.client.get(self.url, {"seeks": ["funding"], "km": "50"})
        names = self.names(response)
        self.assertGreater(self.scores(response)["Clain Énergies"], before["Clain Énergies"])
        self.assertNotIn("Fondation Niort Solidaire", names)  # 68 km away
        self.assertContains(response, "Offers what you need: funding")
        self.assertEqual(response.context["suggestions"].need.seeks, {"funding"})
        self.assertContains(response, "Back to what the profile says")
        self.assertContains(response, '<details class="suggestion-filters" open>')

    def test_the_profile_fills_the_filters_in(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="skills" id="id_seeks_1" checked')
        self.assertContains(response, 'value="volunteers" id="id_seeks_2" checked')
        self.assertNotContains(response, 'value="funding" id="id_seeks_0" checked')

    def test_bad_filter_values_are_ignored(self):
        self.login(self.viewer)
        for params in (
            {"seeks": ["nonsense"], "km": "abc", "sectors": "x"},
            {"km": "99999999999999999999"},
            {"seeks": "\x00"},
        ):
            response = self.client.get(self.url, params)
            self.assertEqual(response.status_code, 200, params)
            self.assertEqual(self.names(response)[0], "Bénévoles de Buxerolles")

    def test_notes_say_what_to_complete_with_links_for_administrators(self):
        OrganisationResource.objects.filter(organisation=self.org).delete()
        resources = reverse("organisations:resources", args=[self.org.uuid])
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Your profile lists no needed resources")
        self.assertContains(response, resources)
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Your profile lists no needed resources")
        self.assertNotContains(response, resources)

    def test_nothing_to_suggest(self):
        Organisation.objects.exclude(pk=self.org.pk).update(is_public=False)
        self.login(self.viewer)
        response = self.client.get(self.url, {"km": "2", "sectors": ["public"]})
        self.assertEqual(self.names(response), [])
        self.assertContains(response, "No organisation of the directory fits yet.")
        self.assertContains(response, "Try a larger distance or fewer filters.")

    def test_outsiders_get_404_and_anonymous_logs_in(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_query_count_does_not_grow_with_the_directory(self):
        self.login(self.editor)
        feedback(self.org, self.volunteers_org)
        with pinned_directory():
            self.client.get(self.url)  # once first: what is kept per process
            with CaptureQueriesContext(connection) as few:
                self.client.get(self.url)
            # Read now: the next request starts a new log.
            count = len(few.captured_queries)
        for number in range(12):
            other = make_organisation(
                f"Association d'entraide {number}",
                kind=Kind.ASSOCIATION if number % 2 else Kind.COMPANY,
                commune=self.places["poitiers"],
                city="Poitiers",
            )
            give(other, offers=["skills"], causes=["4"])
            feedback(self.org, other)
        with pinned_directory(), self.assertNumQueries(count):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["suggestions"].items), 18)
        self.assertContains(response, "Association d&#x27;entraide 11")
        self.assertLessEqual(count, 20)
