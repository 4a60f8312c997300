"""Organisations: filtered list, the directory's own search, one profile."""

from alliances.api.tests.base import ApiTestCase
from alliances.organisations.models import Cause, Organisation
from alliances.organisations.search import DirectoryQuery, directory_search
from alliances.test import make_organisation


class OrganisationApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.private = make_organisation("Collectif discret", is_public=False)
        cls.school = make_organisation("Collège Jules Verne", kind="school", commune_code="86194")
        cls.org.causes.add(Cause.objects.get(code="4"))

    def uuids(self, secret=None, **params):
        response = self.api_get("/organisations", secret=secret or self.read_secret, params=params)
        self.assertEqual(response.status_code, 200, response.content)
        return {item["uuid"] for item in response.json()["items"]}

    def test_list_hides_private_profiles_from_non_members(self):
        _token, outsider_secret = self.outsider_token()
        self.assertNotIn(str(self.private.uuid), self.uuids(secret=outsider_secret))
        self.assertIn(str(self.org.uuid), self.uuids(secret=outsider_secret))

    def outsider_token(self):
        from alliances.accounts.tokens import token_create

        return token_create(user=self.outsider, name="Oscar")

    def test_filters(self):
        self.assertEqual(self.uuids(kind="school"), {str(self.school.uuid)})
        self.assertEqual(
            self.uuids(sector="private", kind="company"),
            {str(self.company.uuid), str(self.other_org.uuid)},
        )
        self.assertEqual(self.uuids(cause="4"), {str(self.org.uuid)})

    def test_bad_filter_values_are_refused(self):
        response = self.api_get("/organisations", secret=self.read_secret, params={"kind": "club"})
        self.assertError(response, 422, "invalid")
        response = self.api_get("/organisations", secret=self.read_secret, params={"cause": "99"})
        self.assertError(response, 400, "invalid_cause")

    def test_unknown_commune_is_400(self):
        response = self.api_get(
            "/organisations", secret=self.read_secret, params={"commune": "86194"}
        )
        self.assertError(response, 400, "unknown_territory")

    def test_search_gives_the_directory_page_results(self):
        for params in ({"q": "collège"}, {"kind": "company"}, {"q": "maison", "sort": "name"}, {}):
            expected = directory_search(user=self.viewer, query=DirectoryQuery.from_params(params))
            response = self.api_get("/organisations/search", secret=self.read_secret, params=params)
            body = response.json()
            self.assertEqual(
                [item["uuid"] for item in body["items"]],
                [str(item.organisation.uuid) for item in expected.items],
            )
            self.assertEqual(body["total"], expected.total)

    def test_search_lists_what_it_ignored(self):
        response = self.api_get(
            "/organisations/search", secret=self.read_secret, params={"kind": "club"}
        )
        self.assertEqual(response.json()["ignored"], ["kind"])

    def test_detail_of_a_public_profile_without_members(self):
        body = self.api_get(f"/organisations/{self.org.uuid}", secret=self.read_secret).json()
        self.assertEqual(body["name"], self.org.name)
        self.assertEqual(body["causes"], ["4"])
        self.assertEqual(body["resources"], {"offered": [], "needed": []})
        self.assertNotIn("members", body)
        self.assertNotIn("memberships", body)

    def test_private_profile_is_not_found_for_outsiders_but_read_by_members(self):
        _token, outsider_secret = self.outsider_token()
        self.assertError(
            self.api_get(f"/organisations/{self.private.uuid}", secret=outsider_secret),
            404,
            "not_found",
        )
        Organisation.objects.filter(pk=self.private.pk).update(is_public=True)
        self.assertEqual(
            self.api_get(f"/organisations/{self.private.uuid}", secret=outsider_secret).status_code,
            200,
        )
