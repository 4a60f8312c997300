"""Who could join a partnership: any member of an active party reads it; the coordinator's
members act on it, its administrators invite."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.tests.test_features import give
from alliances.matching.tests.test_suggestion_setup import SuggestionCase, pinned_directory
from alliances.partnerships.models import Stage
from alliances.test import make_organisation


class PartnershipSuggestionsPageTests(SuggestionCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        give(cls.company, offers=["funding"], needs=["data"])
        cls.url = reverse("matching:partnership_suggestions", args=[cls.partnership.uuid])
        cls.invite = reverse("partnerships:party_invite", args=[cls.partnership.uuid])

    def names(self, response) -> list[str]:
        return [item.organisation.name for item in response.context["suggestions"].items]

    def test_every_party_reads_what_is_missing(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Who could join “Réussir au collège”")
        # The lead needs skills and volunteers, the company data; the company funds.
        self.assertContains(response, "Still missing: <strong>Skills, Volunteers, Data</strong>")
        names = self.names(response)
        self.assertEqual(names[0], "Bénévoles de Buxerolles")
        for party in ("Solidaires Industries", "Ville de Poitiers", "Maison des Trois-Cités"):
            self.assertNotIn(party, names)
        # The company is not the coordinator: it reads, and neither acts nor invites.
        self.assertNotContains(response, "/save/")
        self.assertNotContains(response, self.invite)
        self.assertNotContains(
            response, reverse("matching:saved_suggestions", args=[self.org.uuid])
        )
        self.assertContains(response, reverse("partnerships:detail", args=[self.partnership.uuid]))

    def test_the_coordinator_administrators_invite(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(
            response, f'href="{self.invite}?q=B%C3%A9n%C3%A9voles%20de%20Buxerolles"'
        )
        self.assertContains(
            response,
            reverse("matching:suggestion_save", args=[self.org.uuid, self.volunteers_org.uuid]),
        )
        consortium = reverse("matching:consortium", args=[self.org.uuid])
        self.assertContains(response, f"{consortium}?partnership={self.partnership.uuid}")

    def test_editors_act_but_inviting_is_for_administrators(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "/save/")
        self.assertNotContains(response, self.invite)
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertNotContains(response, "/save/")
        self.assertNotContains(response, self.invite)

    def test_a_closed_partnership_invites_no_one(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.admin)
        self.assertNotContains(self.client.get(self.url), self.invite)

    def test_outsiders_get_404(self):
        for user in (self.outsider, self.staff):
            self.login(user)
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
