from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.organisations.models import Cause, Kind
from alliances.territories.models import Territory
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
        return [item.organisation.name for item in response.context["results"].items]

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
        self.assertContains(response, 'id="directory"')
        self.assertContains(response, 'type="submit"')

    def count_queries(self, user=None, params=None) -> int:
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url, params or {})
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_query_count_does_not_grow_with_the_organisations(self):
        # counts, facets and page; organisations; their causes; goal labels
        with self.assertNumQueries(4):
            self.client.get(self.url)
        vienne = Territory.objects.create(kind="departement", code="86", name="Vienne")
        poitiers = Territory.objects.create(
            kind="commune", code="86194", name="Poitiers", departement=vienne
        )
        params = {"q": "association", "cause": "3", "sector": "civil_society", "where": "86"}
        first = make_organisation("Association A", commune=poitiers)
        first.causes.set(Cause.objects.filter(code="3"))
        few = self.count_queries(self.viewer, params)
        for number in range(15):
            organisation = make_organisation(f"Association {number:02}", commune=poitiers)
            organisation.causes.set(Cause.objects.filter(code__in=["1", "1.1", "3.4"]))
        self.assertEqual(self.count_queries(self.viewer, params), few)
        self.login(None)
        # with a place: two more, to find it and its communes
        with self.assertNumQueries(6):
            self.client.get(self.url, params)


class DirectoryPageTests(BaseTestCase):
    url = reverse("organisations:list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.vienne = Territory.objects.create(kind="departement", code="86", name="Vienne")
        cls.poitiers = Territory.objects.create(
            kind="commune",
            code="86194",
            name="Poitiers",
            latitude=46.58,
            longitude=0.34,
            departement=cls.vienne,
        )
        Territory.objects.create(
            kind="commune",
            code="86041",
            name="Buxerolles",
            latitude=46.60,
            longitude=0.37,
            departement=cls.vienne,
        )
        cls.org.commune = cls.poitiers
        cls.org.save()
        cls.org.causes.set(Cause.objects.filter(code__in=["4", "4.1"]))
        make_organisation("Amicale dissoute", commune=cls.poitiers, is_active=False)

    def setUp(self):
        self.client.cookies["alliances_language"] = "en"

    def test_facets_with_counts_are_checkboxes_in_fieldsets(self):
        response = self.client.get(self.url)
        self.assertContains(response, "<legend>Type</legend>", html=False)
        self.assertContains(response, 'name="kind" value="association"')
        self.assertContains(response, 'name="cause" value="4"')
        self.assertContains(response, 'class="facet-count">1</span>', count=6)
        self.assertContains(response, 'name="inactive"')
        self.assertContains(response, "Vienne (86)")

    def test_without_javascript_ticked_facets_stay_ticked(self):
        response = self.client.get(self.url, {"kind": "association", "cause": ["4", "4.1"]})
        self.assertContains(response, 'value="association" id="facet-kind-association" checked')
        self.assertContains(response, 'value="4" id="facet-cause-4" checked')
        self.assertContains(response, "Target 4.1")
        self.assertContains(response, "1 organisation found")

    def test_htmx_gets_facets_and_results_but_not_the_search_bar(self):
        response = self.client.get(self.url, {"q": "maison"}, headers={"HX-Request": "true"})
        self.assertContains(response, 'name="kind"')
        self.assertContains(response, "Maison des Trois-Cités")
        self.assertNotContains(response, 'id="id_q"')

    def test_cards_show_place_distance_and_inactive_badge(self):
        response = self.client.get(
            self.url, {"where": "Buxerolles (commune 86041)", "km": "10", "inactive": "1"}
        )
        self.assertContains(response, "Poitiers (Vienne)")
        self.assertContains(response, "3.2 km away")
        self.assertContains(response, "badge-inactive", count=1)
        self.assertContains(response, "within 10 km of Buxerolles")
        self.assertContains(response, 'value="Buxerolles (commune 86041)"')

    def test_a_place_by_name(self):
        response = self.client.get(self.url, {"where": "vienne"})
        self.assertContains(response, "in Vienne")
        self.assertEqual(response.context["results"].place.territory, self.vienne)

    def test_bad_parameters_are_answered_gracefully(self):
        for params in [
            {"km": "abc", "sort": "bogus", "cause": "4.zzz"},
            {"where": "Nowhere at all", "km": "5"},
            {"where": "vienne", "km": "10"},
            {"sort": "distance"},
            {"q": "x" * 5000, "page": "-3"},
        ]:
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "message-warning")
        response = self.client.get(self.url, {"q": '"unclosed', "where": "\x00", "page": "x"})
        self.assertEqual(response.status_code, 200)

    def test_place_suggestions(self):
        url = reverse("organisations:place_suggestions")
        response = self.client.get(url, {"where": "poi"})
        self.assertContains(
            response, '<option value="Poitiers (commune 86194)">Commune, Vienne</option>'
        )
        response = self.client.get(url, {"where": "86"})
        self.assertContains(response, 'value="Vienne (département 86)"')
        self.assertEqual(self.client.get(url, {"where": "x"}).content.strip(), b"")


class VisitorSearchCacheTests(BaseTestCase):
    """Visitors all see the same public directory: a search one of them made a moment ago is
    answered from the cache; members search the live directory."""

    url = reverse("organisations:list")

    def names(self, response):
        return [item.organisation.name for item in response.context["results"].items]

    def test_a_visitor_repeating_a_search_is_answered_without_searching_again(self):
        self.login(None)
        params = {"q": "maison", "sort": "name"}
        first = self.client.get(self.url, params)
        self.assertEqual(self.names(first), ["Maison des Trois-Cités"])
        with self.assertNumQueries(0):
            again = self.client.get(self.url, params)
        self.assertEqual(self.names(again), ["Maison des Trois-Cités"])
        # Another search is searched.
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url, {"q": "voisine"})
        self.assertGreater(len(queries), 0)

    def test_members_see_a_new_organisation_at_once_visitors_once_the_answer_expires(self):
        params = {"q": "jardins"}
        self.login(None)
        self.assertEqual(self.names(self.client.get(self.url, params)), [])
        self.login(self.viewer)
        self.assertEqual(self.names(self.client.get(self.url, params)), [])
        make_organisation("Jardins du Clain", mission="Jardins partagés.")
        self.assertEqual(self.names(self.client.get(self.url, params)), ["Jardins du Clain"])
        self.login(None)
        self.assertEqual(self.names(self.client.get(self.url, params)), [])
        cache.clear()  # what VISITOR_SEARCH_SECONDS later does
        self.assertEqual(self.names(self.client.get(self.url, params)), ["Jardins du Clain"])

    def test_each_language_has_its_own_answer(self):
        self.login(None)
        self.client.cookies["alliances_language"] = "fr"
        french = self.client.get(self.url, {"q": "maison"})
        self.assertContains(french, "Secteur")
        self.client.cookies["alliances_language"] = "en"
        english = self.client.get(self.url, {"q": "maison"})
        self.assertContains(english, "Sector")
        self.assertNotContains(english, "Secteur")
