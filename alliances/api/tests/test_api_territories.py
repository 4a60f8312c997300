"""Territories: list with filters, one territory by level and code."""

from alliances.api.tests.base import ApiTestCase
from alliances.territories.models import Territory


class TerritoryTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.region = Territory.objects.create(kind="region", code="75", name="Nouvelle-Aquitaine")
        cls.dep = Territory.objects.create(
            kind="departement", code="86", name="Vienne", region=cls.region
        )
        Territory.objects.create(kind="departement", code="75", name="Paris")
        cls.poitiers = Territory.objects.create(
            kind="commune",
            code="86194",
            name="Poitiers",
            departement=cls.dep,
            region=cls.region,
            postal_codes="86000",
            town_hall_email="mairie@poitiers.fr",
        )
        Territory.objects.create(
            kind="commune", code="86066", name="Chasseneuil", departement=cls.dep
        )
        Territory.objects.create(kind="commune", code="75056", name="Paris")

    def codes(self, **params):
        response = self.api_get("/territories", secret=self.read_secret, params=params)
        self.assertEqual(response.status_code, 200, response.content)
        return [(item["kind"], item["code"]) for item in response.json()["items"]]

    def test_filter_by_level(self):
        self.assertEqual(
            self.codes(level="departement"), [("departement", "86"), ("departement", "75")]
        )

    def test_filter_by_name_start(self):
        self.assertEqual(self.codes(q="poit"), [("commune", "86194")])

    def test_filter_by_parent(self):
        self.assertEqual(
            self.codes(departement="86", level="commune"),
            [("commune", "86194"), ("commune", "86066")],
        )

    def test_unknown_parent_is_400(self):
        response = self.api_get(
            "/territories", secret=self.read_secret, params={"departement": "99"}
        )
        self.assertError(response, 400, "unknown_territory")

    def test_detail_by_level_and_code(self):
        response = self.api_get("/territories/commune/86194", secret=self.read_secret)
        body = response.json()
        self.assertEqual(body["name"], "Poitiers")
        self.assertEqual(body["departement"]["code"], "86")
        self.assertEqual(body["postal_codes"], ["86000"])
        self.assertEqual(body["town_hall"]["email"], "mairie@poitiers.fr")

    def test_same_code_at_two_levels(self):
        region = self.api_get("/territories/region/75", secret=self.read_secret).json()
        departement = self.api_get("/territories/departement/75", secret=self.read_secret).json()
        self.assertEqual((region["name"], departement["name"]), ("Nouvelle-Aquitaine", "Paris"))

    def test_unknown_territory_is_404(self):
        self.assertError(
            self.api_get("/territories/commune/00000", secret=self.read_secret), 404, "not_found"
        )
