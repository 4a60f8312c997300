"""The governance endpoints of the API: meetings and decisions, read only."""

from datetime import UTC, datetime, timedelta

from alliances.governance.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Vote,
    VoteChoice,
)
from alliances.partnerships.models import DecisionRule
from alliances.partnerships.tests.test_api_partnerships import PartnershipApiTestCase

STARTS = datetime(2030, 3, 12, 14, 0, tzinfo=UTC)


def make_meeting(partnership, title: str, starts=STARTS, **fields) -> Meeting:
    return Meeting.objects.create(
        partnership=partnership,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **fields,
    )


class GovernanceApiTestCase(PartnershipApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.meeting = make_meeting(
            cls.partnership,
            "Comité de pilotage",
            place="Maison des Trois-Cités",
            minutes="Le comité a validé le calendrier.",
            status=MeetingStatus.HELD,
        )
        AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan du trimestre")
        cls.decision = Decision.objects.create(
            partnership=cls.partnership,
            number=1,
            title="Ouvrir un second groupe",
            context="Douze élèves attendent.",
            rule=DecisionRule.CONSENSUS,
            meeting=cls.meeting,
        )
        Vote.objects.create(decision=cls.decision, party=cls.company_party, choice=VoteChoice.FOR)


class MeetingTests(GovernanceApiTestCase):
    def test_lists_meetings(self):
        response = self.api_get(self.base() + "/meetings", secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        (item,) = response.json()["items"]
        self.assertEqual(item["uuid"], str(self.meeting.uuid))
        self.assertEqual(item["status"], "held")
        self.assertEqual(item["starts_at"], "2030-03-12T14:00:00Z")

    def test_query_count_does_not_grow_with_rows(self):
        url = self.base() + "/meetings"
        self.api_get(url, secret=self.read_secret)
        with self.assertNumQueries(5):
            self.api_get(url, secret=self.read_secret)
        for number in range(3):
            make_meeting(self.partnership, f"Réunion {number}")
        with self.assertNumQueries(5):
            response = self.api_get(url, secret=self.read_secret, params={"limit": 3})
        self.assertEqual(len(response.json()["items"]), 3)
        self.assertIsNotNone(response.json()["next_cursor"])

    def test_meeting_detail(self):
        url = f"{self.base()}/meetings/{self.meeting.uuid}"
        response = self.api_get(url, secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["minutes"], "Le comité a validé le calendrier.")
        self.assertEqual([item["title"] for item in body["agenda"]], ["Bilan du trimestre"])
        self.assertEqual([item["number"] for item in body["decisions"]], [1])

    def test_a_meeting_of_another_partnership_is_not_found(self):
        from alliances.test import make_partnership

        other, _parties = make_partnership("Ailleurs", coordinator=self.org)
        elsewhere = make_meeting(other, "Autre comité")
        url = f"{self.base()}/meetings/{elsewhere.uuid}"
        self.assertError(self.api_get(url, secret=self.read_secret), 404, "not_found")

    def test_outsider_gets_not_found(self):
        url = f"{self.base()}/meetings/{self.meeting.uuid}"
        self.assertError(self.api_get(url, secret=self.outsider_secret), 404, "not_found")
        self.assertError(
            self.api_get(self.base() + "/meetings", secret=self.outsider_secret), 404, "not_found"
        )


class DecisionTests(GovernanceApiTestCase):
    def test_lists_decisions_newest_first(self):
        Decision.objects.create(
            partnership=self.partnership,
            number=2,
            title="Changer de salle",
            rule=DecisionRule.MAJORITY,
            status=DecisionStatus.WITHDRAWN,
        )
        response = self.api_get(self.base() + "/decisions", secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual([item["number"] for item in items], [2, 1])
        self.assertEqual(items[1]["meeting"], str(self.meeting.uuid))
        self.assertIsNone(items[0]["meeting"])

    def test_query_count_does_not_grow_with_rows(self):
        url = self.base() + "/decisions"
        self.api_get(url, secret=self.read_secret)
        with self.assertNumQueries(5):
            self.api_get(url, secret=self.read_secret)
        for number in range(2, 5):
            Decision.objects.create(
                partnership=self.partnership,
                number=number,
                title=f"Décision {number}",
                rule=DecisionRule.CONSENSUS,
                meeting=self.meeting,
            )
        with self.assertNumQueries(5):
            response = self.api_get(url, secret=self.read_secret)
        self.assertEqual(len(response.json()["items"]), 4)

    def test_decision_detail_with_votes(self):
        url = f"{self.base()}/decisions/{self.decision.uuid}"
        response = self.api_get(url, secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["context"], "Douze élèves attendent.")
        self.assertEqual(body["eligible"], 3)
        votes = {vote["party"]: vote["choice"] for vote in body["votes"]}
        self.assertEqual(votes["Solidaires Industries"], "for")
        self.assertEqual(votes["Maison des Trois-Cités"], "")

    def test_outsider_gets_not_found(self):
        url = f"{self.base()}/decisions/{self.decision.uuid}"
        self.assertError(self.api_get(url, secret=self.outsider_secret), 404, "not_found")

    def test_conflicts_are_not_in_the_api(self):
        response = self.api_get(self.base() + "/conflicts", secret=self.read_secret)
        self.assertEqual(response.status_code, 404)
