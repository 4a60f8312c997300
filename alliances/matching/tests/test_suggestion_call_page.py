"""Who could answer a call: for the members of the organisation that published it."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.models import Call, CallKind, CallStatus, Proposal
from alliances.matching.tests.test_features import give
from alliances.matching.tests.test_suggestion_setup import SuggestionCase, pinned_directory
from alliances.test import make_organisation


class CallSuggestionsPageTests(SuggestionCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.call = Call.objects.create(
            organisation=cls.org,
            kind=CallKind.NEED,
            title="Un local pour l'aide aux devoirs",
            description="Nous cherchons une salle et du financement.",
            resources_sought=["premises", "funding"],
            deadline=date(2030, 12, 31),
            status=CallStatus.PUBLISHED,
        )
        cls.url = reverse("matching:call_suggestions", args=[cls.call.uuid])

    def names(self, response) -> list[str]:
        return [item.organisation.name for item in response.context["suggestions"].items]

    def test_members_see_who_could_answer(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Who could answer “Un local pour l&#x27;aide aux devoirs”")
        self.assertContains(response, "The call seeks: <strong>Funding, Premises</strong>")
        energy = next(
            i for i in response.context["suggestions"].items if i.organisation == self.energy
        )
        # Scored on what the call seeks, not on what the profile needs.
        self.assertEqual(energy.scored.part("complementarity").facts["offered"], ["funding"])
        self.assertContains(response, "Offers what you need: funding")
        self.assertNotContains(response, "/save/")
        self.assertContains(response, reverse("matching:saved_suggestions", args=[self.org.uuid]))

    def test_editors_act_for_the_publisher(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(
            response, reverse("matching:suggestion_save", args=[self.org.uuid, self.energy.uuid])
        )
        consortium = reverse("matching:consortium", args=[self.org.uuid])
        self.assertContains(response, f"{consortium}?call={self.call.uuid}")

    def test_notes_say_what_the_call_lacks_with_a_link_for_editors(self):
        self.call.resources_sought = []
        self.call.save(update_fields=["resources_sought"])
        edit = reverse("matching:call_edit", args=[self.call.uuid])
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "This call lists no resources sought")
        self.assertContains(response, f'href="{edit}"')
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "This call lists no resources sought")
        self.assertNotContains(response, f'href="{edit}"')

    def test_organisations_that_answered_are_left_out(self):
        Proposal.objects.create(
            call=self.call,
            from_organisation=self.energy,
            to_organisation=self.org,
            message="Nous avons une salle.",
        )
        self.login(self.viewer)
        self.assertNotIn("Clain Énergies", self.names(self.client.get(self.url)))

    def test_a_public_call_does_not_open_its_suggestions(self):
        for user in (self.outsider, self.company_admin, self.staff):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_a_draft_call_has_suggestions_too(self):
        self.call.status = CallStatus.DRAFT
        self.call.save(update_fields=["status"])
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_query_count_does_not_grow_with_the_directory(self):
        self.login(self.editor)
        with pinned_directory():
            self.client.get(self.url)  # once first: what is kept per process
            with CaptureQueriesContext(connection) as few:
                self.client.get(self.url)
            # Read now: the next request starts a new log.
            count = len(few.captured_queries)
        for number in range(10):
            other = make_organisation(
                f"Voisins solidaires {number}", commune=self.places["poitiers"]
            )
            give(other, offers=["premises", "funding", "volunteers"], causes=["4"])
        with pinned_directory(), self.assertNumQueries(count):
            response = self.client.get(self.url)
        self.assertContains(response, "Voisins solidaires 9")
        self.assertLessEqual(count, 25)
