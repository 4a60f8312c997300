from datetime import UTC, date, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    CommitteeMember,
    Decision,
    DecisionStatus,
    HealthCheckParticipation,
    HealthCheckRound,
    Meeting,
    Vote,
)
from alliances.governance.selectors.todo import governance_todo_for_user
from alliances.organisations.models import Membership
from alliances.partnerships.models import DecisionRule
from alliances.test import PartnershipTestCase

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 2)


@time_machine.travel(NOW, tick=False)
class HomeTodoTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin
        )
        cls.meeting = Meeting.objects.create(
            partnership=p,
            title="Comité de pilotage",
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=2),
        )
        Attendance.objects.create(meeting=cls.meeting, user=cls.editor, party=cls.lead_party)
        cls.decision = Decision.objects.create(
            partnership=p, number=1, title="Adopter le budget", rule=DecisionRule.MAJORITY
        )
        ActionItem.objects.create(
            partnership=p,
            title="Relancer la mairie",
            owner=cls.company_admin,
            owner_party=cls.company_party,
            due_on=date(2026, 10, 1),
        )
        ActionItem.objects.create(
            partnership=p,
            title="Déjà fait",
            owner=cls.company_admin,
            owner_party=cls.company_party,
            status=ActionStatus.DONE,
        )
        cls.round = HealthCheckRound.objects.create(
            partnership=p, number=1, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 21)
        )

    def todo(self, user):
        return governance_todo_for_user(user=user, now=NOW, today=TODAY)

    def test_committee_member_sees_vote_meeting_actions_and_health_check(self):
        todo = self.todo(self.company_admin)
        self.assertEqual(todo.votes, [self.decision])
        self.assertEqual(todo.meetings, [self.meeting])
        self.assertEqual((todo.open_actions, todo.overdue_actions), (1, 1))
        self.assertEqual(todo.health_rounds, [self.round])

    def test_nothing_once_done(self):
        Vote.objects.create(decision=self.decision, party=self.company_party, choice="for")
        HealthCheckParticipation.objects.create(
            round=self.round, user=self.company_admin, party=self.company_party
        )
        todo = self.todo(self.company_admin)
        self.assertEqual(todo.votes, [])
        self.assertEqual(todo.health_rounds, [])

    def test_closed_decisions_are_not_asked(self):
        Decision.objects.filter(pk=self.decision.pk).update(status=DecisionStatus.ADOPTED)
        self.assertEqual(self.todo(self.company_admin).votes, [])

    def test_invited_person_sees_the_meeting(self):
        self.assertEqual(self.todo(self.editor).meetings, [self.meeting])
        self.assertEqual(self.todo(self.viewer).meetings, [])

    def test_nothing_from_a_partnership_no_longer_reached(self):
        Membership.objects.filter(user=self.company_admin).delete()
        self.assertTrue(self.todo(self.company_admin).is_empty)

    def test_outsider_has_nothing(self):
        self.assertTrue(self.todo(self.outsider).is_empty)

    def test_home_page_lists_it(self):
        self.login(self.company_admin)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "What needs you")
        self.assertContains(response, "“Adopter le budget”")
        self.assertContains(response, "1 action to do")
