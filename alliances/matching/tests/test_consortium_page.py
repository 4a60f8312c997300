"""The consortium builder: the form filled in from the profile, a call or a partnership, then
a few teams that together bring what is sought, and what stays uncovered and why."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.models import Call, CallKind, CallStatus
from alliances.matching.tests.test_features import give
from alliances.matching.tests.test_suggestion_setup import SuggestionCase, pinned_directory
from alliances.organisations.models import Cause, Kind
from alliances.test import make_organisation


class ConsortiumPageTests(SuggestionCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:consortium", args=[cls.org.uuid])
        cls.school = make_organisation(
            "Collège des Couronneries",
            kind=Kind.SCHOOL,
            commune=cls.places["poitiers"],
            city="Poitiers",
        )
        give(cls.school, offers=["premises"], causes=["4.1"])
        cls.call = Call.objects.create(
            organisation=cls.org,
            kind=CallKind.NEED,
            title="Un local et des bénévoles",
            description="Pour l'aide aux devoirs.",
            resources_sought=["premises", "volunteers"],
            deadline=date(2030, 12, 31),
            status=CallStatus.PUBLISHED,
            territory=cls.places["grand_poitiers"],
        )
        cls.call.causes.set(Cause.objects.filter(code__in=["4", "4.1"]))

    def build(self, **params):
        data = {
            "build": "1",
            "seeks": ["volunteers", "premises"],
            "where": "Poitiers (commune 86194)",
        }
        data.update(params)
        return self.client.get(self.url, data)

    def test_filled_in_from_the_profile(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertFalse(form.is_bound)
        self.assertEqual(form.initial["seeks"], ["skills", "volunteers"])
        self.assertEqual(
            form.initial["causes"],
            list(Cause.objects.filter(code="4.1").values_list("pk", flat=True)),
        )
        self.assertEqual(form.initial["territory"], "Poitiers (commune 86194)")
        self.assertContains(response, 'name="where"')
        self.assertContains(response, f'hx-get="{reverse("organisations:place_suggestions")}"')
        self.assertIsNone(response.context["result"])
        self.assertNotContains(response, "Proposed teams")

    def test_filled_in_from_a_call_of_the_organisation(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"call": str(self.call.uuid)})
        form = response.context["form"]
        self.assertEqual(form.initial["seeks"], ["volunteers", "premises"])
        self.assertEqual(len(form.initial["causes"]), 2)
        self.assertEqual(form.initial["territory"], "Grand Poitiers (EPCI 200069854)")
        self.assertContains(response, "Filled in from your call “Un local et des bénévoles”.")
        self.assertContains(response, f'name="call" value="{self.call.uuid}"')

    def test_a_call_of_another_organisation_or_a_bad_value_is_ignored(self):
        other = Call.objects.create(
            organisation=self.other_org,
            kind=CallKind.NEED,
            title="Autre appel",
            description="x",
            resources_sought=["data"],
            deadline=date(2030, 12, 31),
        )
        self.login(self.viewer)
        for value in (str(other.uuid), "nonsense", "\x00"):
            response = self.client.get(self.url, {"call": value, "partnership": value})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.context["form"].initial["seeks"], ["skills", "volunteers"])
            self.assertNotContains(response, "Filled in from")

    def test_filled_in_from_a_partnership_whose_parties_are_left_out(self):
        give(self.company, offers=["skills"])
        self.login(self.viewer)
        response = self.client.get(self.url, {"partnership": str(self.partnership.uuid)})
        self.assertEqual(response.context["form"].initial["seeks"], ["volunteers"])
        self.assertContains(response, "its parties are left out of the teams")
        self.assertEqual(
            set(response.context["source"].exclude), {self.org.pk, self.company.pk, self.commune.pk}
        )

    def test_teams_cover_the_needs_and_say_what_stays_uncovered(self):
        self.login(self.editor)
        response = self.build(seeks=["volunteers", "premises", "policy_lever"])
        self.assertEqual(response.status_code, 200)
        teams = response.context["teams"]
        self.assertGreaterEqual(len(teams), 1)
        self.assertLessEqual(len(teams), 3)
        first = {member.suggestion.organisation for member in teams[0].members}
        # Volunteers and premises from the two nearest; a company makes three sectors.
        self.assertLessEqual({self.volunteers_org, self.school}, first)
        self.assertIn(self.energy, first)
        self.assertContains(response, "Around the table:")
        for sector in ("Civil society", "Private sector", "Public sector"):
            self.assertContains(response, f"✓ {sector}")
        self.assertContains(response, "Proposed teams")
        self.assertContains(response, "Team 1")
        self.assertContains(response, "Brings: <strong>Premises</strong>")
        self.assertContains(response, "✓ <strong>Volunteers</strong>: Bénévoles de Buxerolles")
        self.assertContains(response, "✓ <strong>Premises</strong>: Collège des Couronneries")
        self.assertContains(response, "Needs left uncovered")
        gaps = response.context["gaps"]
        self.assertIn("Policy lever", [gap.label for gap in gaps])
        self.assertTrue(all(gap.why for gap in gaps))
        # Buttons per member, with ids unique per team.
        self.assertContains(response, f'id="actions-t1-{self.school.uuid}"')
        save = reverse("matching:suggestion_save", args=[self.org.uuid, self.school.uuid])
        self.assertContains(response, f'action="{save}"')
        self.assertNotContains(response, "hx-post")

    def test_viewers_read_the_teams_without_buttons(self):
        self.login(self.viewer)
        response = self.build()
        self.assertTrue(response.context["teams"])
        self.assertNotContains(response, "/save/")
        self.assertNotContains(response, "/contact/")

    def test_at_least_one_resource(self):
        self.login(self.viewer)
        response = self.build(seeks=[])
        self.assertContains(response, "Tick at least one resource the team must bring.")
        self.assertIsNone(response.context["result"])

    def test_an_unknown_place_is_explained(self):
        self.login(self.viewer)
        response = self.build(where="Atlantide")
        self.assertContains(response, "No commune, intercommunality, département or region")
        self.assertIsNone(response.context["result"])

    def test_bad_values_are_refused_clearly(self):
        self.login(self.viewer)
        for params in (
            {"seeks": ["nonsense"]},
            {"causes": ["99999999999999999999"]},
            {"where": "x" * 500},
        ):
            response = self.build(**params)
            self.assertEqual(response.status_code, 200, params)
            self.assertIsNone(response.context["result"], params)

    def test_query_count_does_not_grow_with_the_directory(self):
        self.login(self.editor)
        with pinned_directory():
            self.build()  # once first: what is kept per process
            with CaptureQueriesContext(connection) as few:
                self.build()
            # Read now: the next request starts a new log.
            count = len(few.captured_queries)
        for number in range(8):
            other = make_organisation(f"Salle municipale {number}", commune=self.places["poitiers"])
            give(other, offers=["premises", "volunteers"], causes=["4"])
        with pinned_directory(), self.assertNumQueries(count):
            self.build()
        self.assertLessEqual(count, 30)

    def test_rights(self):
        for user, status in ((self.outsider, 404), (self.company_admin, 404), (self.staff, 404)):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, status)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)
