"""Cursor pagination: pages follow one another without repeating or skipping a row, even
when rows are added between two requests."""

from alliances.api.tests.base import ApiTestCase
from alliances.lib.api import MAX_LIMIT
from alliances.territories.models import Territory


class PaginationTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(5):
            Territory.objects.create(kind="commune", code=f"8600{n}", name=f"Commune {n}")

    def codes(self, params):
        response = self.api_get("/territories", secret=self.read_secret, params=params)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        return [item["code"] for item in body["items"]], body["next_cursor"]

    def test_pages_cover_every_row_once(self):
        seen, cursor = [], None
        for _page in range(5):
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            codes, cursor = self.codes(params)
            seen += codes
            if cursor is None:
                break
        self.assertEqual(seen, [f"8600{n}" for n in range(5)])
        self.assertIsNone(cursor)

    def test_rows_added_meanwhile_do_not_shift_pages(self):
        first, cursor = self.codes({"limit": 2})
        Territory.objects.create(kind="commune", code="00001", name="Ajoutée")
        second, _cursor = self.codes({"limit": 2, "cursor": cursor})
        self.assertEqual(first + second, ["86000", "86001", "86002", "86003"])

    def test_default_and_last_page(self):
        codes, cursor = self.codes({})
        self.assertEqual(len(codes), 5)
        self.assertIsNone(cursor)

    def test_limit_out_of_range_is_400(self):
        for limit in (0, MAX_LIMIT + 1, -3):
            response = self.api_get(
                "/territories", secret=self.read_secret, params={"limit": limit}
            )
            self.assertError(response, 400, "invalid_limit")

    def test_a_page_costs_a_fixed_number_of_queries(self):
        # Authentication (token, then last use), then the page.
        self.api_get("/territories", secret=self.read_secret)
        with self.assertNumQueries(1 + 1):
            self.api_get("/territories", secret=self.read_secret, params={"limit": 3})
