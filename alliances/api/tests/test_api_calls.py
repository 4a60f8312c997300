"""Calls for partners: open calls with the page's filters, my organisations' calls, one call."""

from datetime import date, timedelta

from alliances.api.tests.base import ApiTestCase
from alliances.matching.models import Call, CallStatus


def make_call(organisation, title, *, status=CallStatus.PUBLISHED, days=30, kind="need", **extra):
    return Call.objects.create(
        organisation=organisation,
        kind=kind,
        title=title,
        description="…",
        deadline=date.today() + timedelta(days=days),
        status=status,
        **extra,
    )


class CallApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.open_call = make_call(cls.org, "Bénévoles", resources_sought=["volunteers"])
        cls.offer = make_call(cls.company, "Mécénat de compétences", kind="offer")
        cls.draft = make_call(cls.org, "Brouillon", status=CallStatus.DRAFT)
        cls.past = make_call(cls.company, "Passé", days=-1)

    def titles(self, path="/calls", secret=None, **params):
        response = self.api_get(path, secret=secret or self.read_secret, params=params)
        self.assertEqual(response.status_code, 200, response.content)
        return [item["title"] for item in response.json()["items"]]

    def test_open_calls_newest_first(self):
        self.assertEqual(self.titles(), ["Mécénat de compétences", "Bénévoles"])

    def test_filters_of_the_page(self):
        self.assertEqual(self.titles(kind="offer"), ["Mécénat de compétences"])
        self.assertEqual(self.titles(resource="volunteers"), ["Bénévoles"])

    def test_my_calls_include_drafts(self):
        self.assertEqual(self.titles("/calls/mine"), ["Brouillon", "Bénévoles"])
        self.assertEqual(self.titles("/calls/mine", status="draft"), ["Brouillon"])

    def test_detail(self):
        body = self.api_get(f"/calls/{self.open_call.uuid}", secret=self.read_secret).json()
        self.assertEqual(
            (body["title"], body["organisation"]["uuid"]), ("Bénévoles", str(self.org.uuid))
        )

    def test_a_draft_is_not_found_for_outsiders(self):
        from alliances.accounts.tokens import token_create

        _token, secret = token_create(user=self.outsider, name="Oscar")
        self.assertError(self.api_get(f"/calls/{self.draft.uuid}", secret=secret), 404, "not_found")
        self.assertEqual(
            self.api_get(f"/calls/{self.draft.uuid}", secret=self.read_secret).status_code, 200
        )
