from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.organisations.models import Cause, Kind
from alliances.test import BaseTestCase, add_member, make_organisation


class OrganisationListTests(BaseTestCase):
    url = reverse("organisations:list")

    def setUp(self):
        self.login(None)

    def login(self, user):
        super().login(user)
        # Texts are checked in English, whatever the French catalogue says.
        self.client.cookies["alliances_language"] = "en"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.private = make_organisation(
            "Collectif Discret", kind=Kind.RESIDENTS_GROUP, is_public=False, city="Poitiers"
        )
        add_member(cls.viewer, cls.private, Role.VIEWER)
        cls.school = make_organisation(
            "Lycée Victor-Hugo", kind=Kind.SCHOOL, city="Châtellerault", mission="Éducation."
        )
        cls.org.causes.set(Cause.objects.filter(code__in=["4", "4.1", "4.2", "10.2"]))

    def names(self, response):
        return [organisation.name for organisation in response.context["page"].object_list]

    def test_everyone_sees_public_organisations_only(self):
        for user in (None, self.outsider, self.staff):
            with self.subTest(user=user):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    self.names(response),
                    ["Entreprise Voisine", "Lycée Victor-Hugo", "Maison des Trois-Cités"],
                )
                self.assertNotContains(response, "Collectif Discret")

    def test_members_also_see_their_private_organisations(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertIn("Collectif Discret", self.names(response))
        self.assertEqual(len(self.names(response)), 4)

    def test_cards_show_kind_city_goals_and_link(self):
        response = self.client.get(self.url)
        self.assertContains(response, reverse("organisations:detail", args=[self.org.uuid]))
        self.assertContains(response, "Poitiers")
        self.assertContains(response, 'class="goal-badge"', count=2)

    def test_search_in_name_city_and_mission_ignoring_case(self):
        for q, expected in [
            ("trois-cités", ["Maison des Trois-Cités"]),
            ("CHâTELLERAULT", ["Lycée Victor-Hugo"]),
            ("soutien scolaire", ["Maison des Trois-Cités"]),
            ("nothing like this", []),
        ]:
            with self.subTest(q=q):
                response = self.client.get(self.url, {"q": q})
                self.assertEqual(self.names(response), expected)

    def test_filter_by_kind_and_by_sector(self):
        response = self.client.get(self.url, {"kind": Kind.COMPANY})
        self.assertEqual(self.names(response), ["Entreprise Voisine"])
        response = self.client.get(self.url, {"sector": "public"})
        self.assertEqual(self.names(response), ["Lycée Victor-Hugo"])
        response = self.client.get(self.url, {"sector": "public", "kind": Kind.COMPANY})
        self.assertEqual(self.names(response), [])

    def test_filter_by_cause_goal_lists_each_organisation_once(self):
        response = self.client.get(self.url, {"cause": "4"})
        self.assertEqual(self.names(response), ["Maison des Trois-Cités"])
        response = self.client.get(self.url, {"cause": "10"})
        self.assertEqual(self.names(response), ["Maison des Trois-Cités"])
        response = self.client.get(self.url, {"cause": "13"})
        self.assertEqual(self.names(response), [])

    def test_a_public_organisation_of_the_user_is_listed_once(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertEqual(self.names(response).count("Maison des Trois-Cités"), 1)

    def test_bad_filter_values_are_ignored_with_a_message(self):
        response = self.client.get(
            self.url, {"kind": "castle", "sector": "?", "cause": "99", "utm_source": "x"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.names(response)), 3)
        self.assertContains(response, "message-warning")

    def test_bad_page_numbers_do_not_fail(self):
        for page in ("abc", "0", "-1", "999", "1.5", ""):
            with self.subTest(page=page):
                response = self.client.get(self.url, {"page": page})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(self.names(response)), 3)

    def test_twenty_per_page(self):
        for number in range(22):
            make_organisation(f"Association {number:02}")
        response = self.client.get(self.url)
        self.assertEqual(len(self.names(response)), 20)
        self.assertContains(response, "?page=2")
        response = self.client.get(self.url, {"page": 2})
        self.assertEqual(len(self.names(response)), 5)

    def test_pages_keep_the_filters(self):
        for number in range(21):
            make_organisation(f"Association {number:02}", city="Niort")
        response = self.client.get(self.url, {"q": "niort"})
        self.assertContains(response, "?q=niort&amp;page=2")

    def test_htmx_request_gets_only_the_results(self):
        response = self.client.get(self.url, {"q": "maison"}, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertNotContains(response, 'role="search"')
        self.assertContains(response, "Maison des Trois-Cités")
        self.assertIn("HX-Request", response["Vary"])

    def test_htmx_history_restore_gets_the_whole_page(self):
        response = self.client.get(
            self.url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
        )
        self.assertContains(response, "<html")

    def test_without_javascript_the_filter_form_works_by_get(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'method="get"')
        self.assertContains(response, f'hx-get="{self.url}"')
        self.assertContains(response, 'hx-push-url="true"')
        self.assertContains(response, 'id="results"')

    def count_queries(self, user=None) -> int:
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_query_count_does_not_grow_with_the_organisations(self):
        # goal choices, count, page, causes
        with self.assertNumQueries(4):
            self.client.get(self.url)
        few = self.count_queries(self.viewer)
        for number in range(15):
            organisation = make_organisation(f"Association {number:02}")
            organisation.causes.set(Cause.objects.filter(code__in=["1", "1.1", "3.4"]))
        self.assertEqual(self.count_queries(self.viewer), few)
        self.login(None)
        with self.assertNumQueries(4):
            self.client.get(self.url, {"q": "association", "cause": "3", "sector": "civil_society"})
