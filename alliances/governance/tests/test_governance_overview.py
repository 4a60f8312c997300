from datetime import UTC, date, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import (
    ActionItem,
    CommitteeMember,
    Conflict,
    Decision,
    HealthCheckParticipation,
    HealthCheckRound,
    Meeting,
    Vote,
)
from alliances.partnerships.models import DecisionRule, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class GovernanceOverviewTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        CommitteeMember.objects.create(
            partnership=p, party=cls.lead_party, user=cls.admin, is_representative=True
        )
        CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin, is_chair=True
        )
        cls.meeting = Meeting.objects.create(
            partnership=p,
            title="Comité de pilotage de novembre",
            starts_at=NOW + timedelta(days=10),
            ends_at=NOW + timedelta(days=10, hours=2),
            place="Mairie annexe",
        )
        cls.decision = Decision.objects.create(
            partnership=p, number=1, title="Adopter le budget", rule=DecisionRule.CONSENSUS
        )
        Vote.objects.create(decision=cls.decision, party=cls.company_party, choice="for")
        ActionItem.objects.create(
            partnership=p,
            title="Relancer la mairie",
            owner=cls.admin,
            owner_party=cls.lead_party,
            due_on=date(2026, 10, 30),
        )
        ActionItem.objects.create(
            partnership=p, title="Préparer le bilan", owner_party=cls.company_party
        )
        conflict = Conflict.objects.create(
            partnership=p,
            number=1,
            topic="Partage des locaux",
            description="…",
            raised_by_party=cls.company_party,
        )
        conflict.parties.set([cls.company_party])
        cls.round = HealthCheckRound.objects.create(
            partnership=p, number=1, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 21)
        )

    def url(self):
        return reverse("governance:overview", args=[self.partnership.uuid])

    def test_shows_what_needs_attention(self):
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Comité de pilotage de novembre")
        self.assertContains(response, "chaired by Paula Partner")
        self.assertContains(response, "D-001 · Adopter le budget")
        self.assertContains(response, "awaits your vote")
        self.assertContains(response, "2 actions to do")
        self.assertContains(response, "1 overdue")
        self.assertContains(response, "Relancer la mairie")
        self.assertContains(response, "Answer the health check")

    def test_a_vote_already_cast_is_not_asked_again(self):
        self.login(self.company_admin)
        response = self.client.get(self.url())
        self.assertNotContains(response, "awaits your vote")

    def test_conflicts_not_naming_the_party_are_not_counted(self):
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "No open conflict concerns your party.")
        self.login(self.company_admin)
        response = self.client.get(self.url())
        self.assertContains(response, "1 open conflict concerns your party.")

    def test_answered_health_check_thanks(self):
        HealthCheckParticipation.objects.create(
            round=self.round, user=self.viewer, party=self.lead_party
        )
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "Thank you for answering.")

    def test_closed_partnership_hides_the_write_buttons(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertNotContains(response, "Schedule a meeting")

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_query_count_is_bounded(self):
        self.login(self.admin)
        self.client.get(self.url())
        with self.assertNumQueries(19):
            self.client.get(self.url())
