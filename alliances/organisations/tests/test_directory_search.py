"""directory_search: one suite, unchanged on SQLite (FTS5) and PostgreSQL (tsvector)."""

from unittest import mock

from django.db import connection
from django.utils import timezone

from alliances.core.permissions import Role
from alliances.organisations.models import (
    Cause,
    Kind,
    Organisation,
    OrganisationResource,
    Resource,
    ResourceDirection,
)
from alliances.organisations.search import (
    DirectoryQuery,
    Sort,
    TerritoryRef,
    directory_search,
    directory_sql,
    service,
)
from alliances.organisations.search.text import fold
from alliances.territories.models import Territory, TerritoryKind
from alliances.test import BaseTestCase, add_member, make_organisation


def territory(kind, code, name, *, latitude=None, longitude=None, **parents) -> Territory:
    return Territory.objects.create(
        kind=kind, code=code, name=name, latitude=latitude, longitude=longitude, **parents
    )


def insert_raw(**values) -> int:
    """Insert an organisation as the register imports do: one SQL statement, no ORM save."""
    organisation = Organisation(**values)
    fields = [field for field in Organisation._meta.local_concrete_fields if field.name != "id"]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    params = [
        field.get_db_prep_save(field.pre_save(organisation, True), connection) for field in fields
    ]
    placeholders = ", ".join(["%s"] * len(fields))
    table = Organisation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)
    return Organisation.objects.get(uuid=organisation.uuid).pk


class DirectorySearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        T = TerritoryKind
        cls.region = territory(
            T.REGION, "75", "Nouvelle-Aquitaine", latitude=44.84, longitude=-0.58
        )
        cls.vienne = territory(
            T.DEPARTEMENT, "86", "Vienne", latitude=46.58, longitude=0.34, region=cls.region
        )
        cls.deux_sevres = territory(
            T.DEPARTEMENT, "79", "Deux-Sèvres", latitude=46.32, longitude=-0.46, region=cls.region
        )
        cls.epci = territory(
            T.EPCI, "200069854", "CU du Grand Poitiers", latitude=46.58, longitude=0.34
        )
        inside = {"departement": cls.vienne, "region": cls.region}
        cls.poitiers = territory(
            T.COMMUNE,
            "86194",
            "Poitiers",
            latitude=46.5802,
            longitude=0.3404,
            epci=cls.epci,
            **inside,
        )
        cls.buxerolles = territory(
            T.COMMUNE,
            "86041",
            "Buxerolles",
            latitude=46.6023,
            longitude=0.3716,
            epci=cls.epci,
            **inside,
        )
        cls.chatellerault = territory(
            T.COMMUNE, "86066", "Châtellerault", latitude=46.8178, longitude=0.5461, **inside
        )
        cls.niort = territory(
            T.COMMUNE,
            "79191",
            "Niort",
            latitude=46.3237,
            longitude=-0.4588,
            departement=cls.deux_sevres,
            region=cls.region,
        )
        cls.lyon = territory(T.COMMUNE, "69123", "Lyon", latitude=45.7578, longitude=4.8320)

        cls.org.commune = cls.poitiers
        cls.org.save()
        cls.devoirs = make_organisation(
            "Cap Réussite",
            commune=cls.poitiers,
            city="Poitiers",
            mission="Soutien scolaire et aide aux devoirs pour les collégiens.",
        )
        cls.secours = make_organisation(
            "Secours populaire français",
            commune=cls.niort,
            city="Niort",
            mission="Solidarité et aide alimentaire.",
        )
        cls.fetes = make_organisation(
            "Comité des fêtes",
            commune=cls.chatellerault,
            mission="Nous portons secours aux sinistrés et animons la fête populaire du village.",
        )
        cls.ecole = make_organisation("École Jules-Ferry", kind=Kind.SCHOOL, commune=cls.buxerolles)
        cls.sport = make_organisation("Associations sportives réunies", commune=cls.lyon)
        cls.closed = make_organisation(
            "Ancienne amicale", commune=cls.poitiers, is_active=False, mission="Aide aux devoirs."
        )
        cls.private = make_organisation(
            "Collectif discret", is_public=False, commune=cls.poitiers, mission="Aide aux devoirs."
        )
        add_member(cls.viewer, cls.private, Role.VIEWER)
        cls.sole_trader = make_organisation(
            "Jean Dupont", kind=Kind.COMPANY, is_legal_person=False, mission="Aide aux devoirs."
        )
        cls.devoirs.causes.set(Cause.objects.filter(code__in=["4", "4.1"]))
        cls.ecole.causes.set(Cause.objects.filter(code__in=["4.2"]))
        cls.secours.causes.set(Cause.objects.filter(code__in=["1", "2.1"]))
        for organisation, direction, resource in [
            (cls.secours, ResourceDirection.OFFERED, Resource.VOLUNTEERS),
            (cls.secours, ResourceDirection.OFFERED, Resource.IN_KIND),
            (cls.secours, ResourceDirection.NEEDED, Resource.FUNDING),
            (cls.devoirs, ResourceDirection.NEEDED, Resource.VOLUNTEERS),
        ]:
            OrganisationResource.objects.create(
                organisation=organisation, direction=direction, resource=resource
            )

    def search(self, user=None, **fields):
        return directory_search(user=user, query=DirectoryQuery(**fields))

    def names(self, user=None, **fields) -> list[str]:
        return [item.organisation.name for item in self.search(user, **fields).items]


class TextTests(DirectorySearchTestCase):
    def test_words_of_the_mission_are_found_in_any_form(self):
        self.assertEqual(self.names(q="aide aux devoirs"), ["Cap Réussite"])
        self.assertEqual(self.names(q="AIDE AU DEVOIR"), ["Cap Réussite"])

    def test_accents_do_not_matter(self):
        self.assertEqual(self.names(q="ecole"), ["École Jules-Ferry"])
        self.assertEqual(self.names(q="réussîte"), ["Cap Réussite"])

    def test_plurals_and_feminines_do_not_matter(self):
        self.assertEqual(self.names(q="association sportive"), ["Associations sportives réunies"])

    def test_a_name_with_the_phrase_comes_before_a_mission_with_the_words(self):
        results = self.search(q="Secours populaire")
        names = [item.organisation.name for item in results.items]
        self.assertEqual(names, ["Secours populaire français", "Comité des fêtes"])
        self.assertGreater(results.items[0].score, results.items[1].score)

    def test_quoted_words_must_follow_each_other(self):
        self.assertEqual(self.names(q='"secours populaire"'), ["Secours populaire français"])

    def test_the_last_word_is_also_a_prefix_while_typing(self):
        self.assertEqual(
            self.names(q="secours popul", prefix=True)[0], "Secours populaire français"
        )
        self.assertEqual(self.names(q="secours popul "), [])
        self.assertEqual(self.names(q="secours popul"), [])
        self.assertEqual(self.names(q="secours popul ", prefix=True), [])

    def test_town_and_hyphenated_names_are_searched(self):
        self.assertEqual(self.names(q="niort"), ["Secours populaire français"])
        self.assertEqual(self.names(q="trois-cités"), ["Maison des Trois-Cités"])

    def test_stop_words_alone_search_nothing_in_particular(self):
        self.assertEqual(len(self.names(q="de la du")), 7)

    def test_hostile_text_is_only_text(self):
        for q in ['"', "'; DROP TABLE x; --", "a:* & !b | (", "NEAR(a b)", "*", "\x00", "🙂"]:
            with self.subTest(q=q):
                self.assertIsInstance(self.names(q=q), list)

    def test_rows_written_by_raw_sql_are_searchable(self):
        pk = insert_raw(
            name="Banque alimentaire de la Vienne",
            kind=Kind.ASSOCIATION,
            mission="Collecte de denrées.",
            commune=self.poitiers,
        )
        self.assertEqual(self.names(q="banques alimentaires"), ["Banque alimentaire de la Vienne"])
        through = Organisation.causes.through._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {through} (organisation_id, cause_id) VALUES (%s, %s)",
                [pk, Cause.objects.get(code="2.1").pk],
            )
        self.assertIn("Banque alimentaire de la Vienne", self.names(causes=("2",)))
        self.assertEqual(self.names(q="denrée"), ["Banque alimentaire de la Vienne"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Organisation._meta.db_table} SET name = %s, updated_at = %s "
                "WHERE id = %s",
                ["Épicerie solidaire", timezone.now(), pk],
            )
        self.assertEqual(self.names(q="banque"), [])
        self.assertEqual(self.names(q="epicerie"), ["Épicerie solidaire"])
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {through} WHERE organisation_id = %s", [pk])
            cursor.execute(f"DELETE FROM {Organisation._meta.db_table} WHERE id = %s", [pk])
        self.assertEqual(self.names(q="epicerie"), [])

    def test_orm_updates_are_searchable(self):
        self.ecole.name = "Lycée Camille-Claudel"
        self.ecole.save()
        self.assertEqual(self.names(q="ecole"), [])
        self.assertEqual(self.names(q="lycees"), ["Lycée Camille-Claudel"])


class VisibilityTests(DirectorySearchTestCase):
    def test_private_profiles_only_for_their_members(self):
        for user in (None, self.outsider, self.staff):
            with self.subTest(user=user):
                self.assertNotIn("Collectif discret", self.names(user, q="devoirs"))
        self.assertIn("Collectif discret", self.names(self.viewer, q="devoirs"))

    def test_sole_traders_are_never_listed(self):
        self.assertNotIn("Jean Dupont", self.names(self.staff, q="devoirs"))
        self.assertNotIn("Jean Dupont", self.names(None, sort=Sort.NAME, page_size=100))

    def test_inactive_organisations_only_on_request(self):
        self.assertEqual(self.names(q="devoirs"), ["Cap Réussite"])
        self.assertEqual(
            sorted(self.names(q="devoirs", active_only=False)), ["Ancienne amicale", "Cap Réussite"]
        )


class FilterTests(DirectorySearchTestCase):
    def test_kinds_and_sectors(self):
        self.assertEqual(self.names(kinds=(Kind.SCHOOL,)), ["École Jules-Ferry"])
        self.assertEqual(self.names(sectors=("private",)), ["Entreprise Voisine"])
        self.assertEqual(
            self.names(kinds=(Kind.SCHOOL, Kind.COMPANY)),
            ["École Jules-Ferry", "Entreprise Voisine"],
        )
        self.assertEqual(self.names(kinds=(Kind.SCHOOL,), sectors=("private",)), [])

    def test_a_goal_matches_its_targets_and_a_target_only_itself(self):
        self.assertEqual(self.names(causes=("4",)), ["Cap Réussite", "École Jules-Ferry"])
        self.assertEqual(self.names(causes=("4.2",)), ["École Jules-Ferry"])
        self.assertEqual(self.names(causes=("2",)), ["Secours populaire français"])
        self.assertEqual(
            self.names(causes=("4.2", "1")), ["École Jules-Ferry", "Secours populaire français"]
        )

    def test_resources_offered_and_needed(self):
        self.assertEqual(self.names(offered=(Resource.VOLUNTEERS,)), ["Secours populaire français"])
        self.assertEqual(self.names(needed=(Resource.VOLUNTEERS,)), ["Cap Réussite"])
        self.assertEqual(
            self.names(needed=(Resource.VOLUNTEERS, Resource.FUNDING)),
            ["Cap Réussite", "Secours populaire français"],
        )
        self.assertEqual(self.names(offered=(Resource.FUNDING,)), [])

    def test_territories(self):
        in_vienne = [
            "Cap Réussite",
            "Comité des fêtes",
            "École Jules-Ferry",
            "Maison des Trois-Cités",
        ]
        cases = [
            (TerritoryRef("commune", "86194"), ["Cap Réussite", "Maison des Trois-Cités"]),
            (
                TerritoryRef("epci", "200069854"),
                ["Cap Réussite", "École Jules-Ferry", "Maison des Trois-Cités"],
            ),
            (TerritoryRef("departement", "86"), in_vienne),
            (
                TerritoryRef("region", "75"),
                sorted([*in_vienne, "Secours populaire français"], key=fold),
            ),
        ]
        for ref, expected in cases:
            with self.subTest(ref=ref):
                self.assertEqual(self.names(territory=ref), expected)

    def test_a_place_typed_as_a_name(self):
        self.assertEqual(self.names(where="deux sevres"), ["Secours populaire français"])
        results = self.search(where="Atlantis")
        self.assertEqual(len(results.items), 7)
        self.assertIn("Atlantis", results.notes[0])

    def test_filters_combine_with_text(self):
        self.assertEqual(
            self.names(q="aide", territory=TerritoryRef("departement", "79")),
            ["Secours populaire français"],
        )


class DistanceTests(DirectorySearchTestCase):
    def test_within_a_radius_of_a_commune(self):
        self.assertEqual(
            self.names(near="86194", km=10, sort=Sort.NAME),
            ["Cap Réussite", "École Jules-Ferry", "Maison des Trois-Cités"],
        )
        self.assertEqual(
            self.names(near="86194", km=50, sort=Sort.NAME),
            ["Cap Réussite", "Comité des fêtes", "École Jules-Ferry", "Maison des Trois-Cités"],
        )
        self.assertEqual(len(self.names(near="86194", km=100)), 5)

    def test_sorted_by_distance_with_kilometres(self):
        results = self.search(near="86194", km=100, sort=Sort.DISTANCE)
        names = [item.organisation.name for item in results.items]
        self.assertEqual(
            names[2:], ["École Jules-Ferry", "Comité des fêtes", "Secours populaire français"]
        )
        distances = [item.distance_km for item in results.items]
        self.assertEqual(distances[:2], [0.0, 0.0])
        self.assertAlmostEqual(distances[2], 3.4, delta=0.2)
        self.assertAlmostEqual(distances[3], 31.0, delta=1.0)
        self.assertAlmostEqual(distances[4], 66.0, delta=1.5)

    def test_distance_sort_needs_a_centre(self):
        results = self.search(sort=Sort.DISTANCE)
        self.assertEqual(results.sort, Sort.NAME)
        self.assertTrue(results.notes)

    def test_unknown_centre_is_ignored_with_a_note(self):
        results = self.search(near="99999", km=10)
        self.assertEqual(len(results.items), 7)
        self.assertTrue(results.notes)


class FacetTests(DirectorySearchTestCase):
    def counts(self, results, facet):
        return {value.value: value.count for value in results.facets[facet].values if value.count}

    def test_counts_over_the_match(self):
        results = self.search()
        self.assertEqual(results.total, 7)
        self.assertTrue(results.total_is_exact)
        self.assertEqual(
            self.counts(results, "kind"), {"association": 5, "company": 1, "school": 1}
        )
        self.assertEqual(
            self.counts(results, "sector"), {"civil_society": 5, "private": 1, "public": 1}
        )
        self.assertEqual(self.counts(results, "cause"), {"1": 1, "2": 1, "4": 2})
        self.assertEqual(self.counts(results, "offered"), {"volunteers": 1, "in_kind": 1})
        self.assertEqual(self.counts(results, "needed"), {"volunteers": 1, "funding": 1})
        self.assertEqual(self.counts(results, "departement"), {"86": 4, "79": 1})

    def test_a_facet_in_use_still_counts_its_other_values(self):
        results = self.search(kinds=(Kind.SCHOOL,))
        self.assertEqual(results.total, 1)
        self.assertEqual(
            self.counts(results, "kind"), {"association": 5, "company": 1, "school": 1}
        )
        selected = [value.value for value in results.facets["kind"].values if value.selected]
        self.assertEqual(selected, ["school"])
        self.assertEqual(self.counts(results, "cause"), {"4": 1})

    def test_counts_follow_the_text(self):
        results = self.search(q="aide")
        self.assertEqual(results.total, 2)
        self.assertEqual(self.counts(results, "cause"), {"1": 1, "2": 1, "4": 1})

    def test_beyond_the_cap_counts_are_estimated_or_bounded(self):
        with mock.patch.object(service, "MATCH_CAP", 3):
            results = self.search()
            self.assertEqual(results.total, 7)  # a small table is counted exactly
            self.assertTrue(results.total_is_exact)
            with mock.patch.object(service, "EXACT_TABLE_ROWS", -1):
                results = self.search(page_size=2)
        self.assertFalse(results.total_is_exact)
        self.assertGreaterEqual(results.total, 4)
        self.assertEqual(results.num_pages, 2)  # only the first MATCH_CAP can be browsed
        self.assertTrue(results.is_truncated)


class PaginationTests(DirectorySearchTestCase):
    def test_pages(self):
        first = self.search(sort=Sort.NAME, page_size=3)
        self.assertEqual((first.page, first.num_pages, first.has_next), (1, 3, True))
        pages = [
            [
                item.organisation.name
                for item in self.search(sort=Sort.NAME, page_size=3, page=n).items
            ]
            for n in (1, 2, 3)
        ]
        self.assertEqual([len(page) for page in pages], [3, 3, 1])
        everything = [name for page in pages for name in page]
        self.assertEqual(everything, sorted(everything, key=fold))

    def test_a_page_past_the_end_shows_the_last(self):
        results = self.search(sort=Sort.NAME, page_size=3, page=99)
        self.assertEqual(results.page, 3)
        self.assertEqual(len(results.items), 1)

    def test_relevance_pages_do_not_repeat(self):
        for number in range(5):
            make_organisation(f"Aide {number}", mission="Aide aux devoirs.")
        seen = []
        for page in (1, 2, 3):
            seen += [
                item.organisation.pk
                for item in self.search(q="devoirs", page_size=2, page=page).items
            ]
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(len(seen), 6)


class QueryFromParamsTests(DirectorySearchTestCase):
    def test_values_are_read_and_bad_ones_ignored(self):
        query = DirectoryQuery.from_params(
            {
                "q": " aide  ",
                "kind": ["school", "castle"],
                "cause": ["4", "4.1", "99", "x"],
                "offered": ["funding"],
                "needed": ["?"],
                "inactive": "1",
                "sort": "name",
                "page": "2",
                "km": "abc",
            }
        )
        self.assertEqual(query.q, "aide")
        self.assertEqual(query.kinds, ("school",))
        self.assertEqual(query.causes, ("4", "4.1"))
        self.assertEqual(query.offered, ("funding",))
        self.assertEqual(query.needed, ())
        self.assertFalse(query.active_only)
        self.assertEqual((query.sort, query.page), ("name", 2))
        self.assertEqual(set(query.ignored), {"kind", "cause", "needed", "km"})

    def test_places(self):
        cases = [
            ({"where": "86"}, TerritoryRef("departement", "86"), ""),
            ({"where": "Vienne (département 86)"}, TerritoryRef("departement", "86"), ""),
            ({"where": "Nouvelle-Aquitaine (région 75)"}, TerritoryRef("region", "75"), ""),
            ({"where": "region:75"}, TerritoryRef("region", "75"), ""),
            ({"where": "2a004"}, TerritoryRef("commune", "2A004"), ""),
            ({"where": "Poitiers (commune 86194)", "km": "20"}, None, "86194"),
        ]
        for params, territory_ref, near in cases:
            with self.subTest(params=params):
                query = DirectoryQuery.from_params(params)
                self.assertEqual((query.territory, query.near), (territory_ref, near))
        self.assertEqual(DirectoryQuery.from_params({"where": "Poitiers"}).where, "Poitiers")

    def test_as_you_type_requests_match_the_last_word_as_a_prefix(self):
        params = {"q": "secours popul", "typing": "1"}
        results = directory_search(user=None, query=DirectoryQuery.from_params(params))
        self.assertEqual(results.items[0].organisation.name, "Secours populaire français")

    def test_a_place_found_by_name_with_a_radius(self):
        results = directory_search(
            user=None, query=DirectoryQuery.from_params({"where": "poitiers", "km": "5"})
        )
        self.assertEqual(results.place.centre, self.poitiers)
        self.assertEqual(len(results.items), 3)


class BareSqlTests(DirectorySearchTestCase):
    def test_the_statements_run_alone(self):
        query = DirectoryQuery(
            q="aide", near="86194", km=100, causes=("4",), kinds=("association",)
        )
        statements = directory_sql(user=None, query=query)
        with connection.cursor() as cursor:
            cursor.execute(*statements["page"])
            self.assertEqual(len(cursor.fetchall()), 1)
            cursor.execute(*statements["counts"])
            self.assertTrue(cursor.fetchall())


class SqliteIndexTests(DirectorySearchTestCase):
    def test_a_lost_index_is_rebuilt_after_migrations(self):
        if connection.vendor != "sqlite":
            self.skipTest("The FTS5 index exists on SQLite only")
        from alliances.organisations.search.backends import sqlite

        with connection.cursor() as cursor:
            # What SQLite does to triggers when a migration rebuilds the table.
            cursor.execute("DROP TRIGGER organisation_fts_insert")
            cursor.execute("DELETE FROM organisation_fts")
        make_organisation("Ludothèque des Couronneries")
        sqlite.ensure_index(connection)
        self.assertEqual(self.names(q="ludotheque"), ["Ludothèque des Couronneries"])
        self.assertEqual(self.names(q="aide aux devoirs"), ["Cap Réussite"])
        make_organisation("Recyclerie du Clain")
        self.assertEqual(self.names(q="recyclerie"), ["Recyclerie du Clain"])
