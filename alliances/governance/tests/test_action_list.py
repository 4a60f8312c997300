from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.governance.models import ActionStatus
from alliances.governance.selectors.actions import (
    ActionFilters,
    action_groups_in_partnership,
    actions_in_partnership,
)
from alliances.governance.tests.test_action_setup import NOW, TODAY, ActionTestCase, make_action
from alliances.partnerships.models import Stage
from alliances.test import make_organisation, make_partnership


@time_machine.travel(NOW, tick=False)
class ActionListTests(ActionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("governance:actions", args=[cls.partnership.uuid])

    def test_open_actions_by_default_grouped_by_status(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        groups = response.context["groups"]
        self.assertEqual(
            [(g.status, [a.title for a in g.actions]) for g in groups],
            [
                (ActionStatus.OPEN, [self.overdue.title, self.later.title]),
                (ActionStatus.IN_PROGRESS, [self.soon.title]),
            ],
        )
        self.assertNotContains(response, self.done.title)
        self.assertContains(response, f'id="action-{self.overdue.uuid}"')
        self.assertContains(response, "Paula Partner")
        self.assertContains(response, "Solidaires Industries")
        self.assertContains(response, "No one named yet")

    def test_overdue_flagged_only_when_open_and_past(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"status": "all"})
        flagged = {a.title for g in response.context["groups"] for a in g.actions if a.overdue}
        # `done` is past its date too, but done.
        self.assertEqual(flagged, {self.overdue.title})
        self.assertContains(response, "badge-overdue", count=1)

    def test_filters_by_status_party_and_owner(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"status": "done"})
        self.assertEqual(
            [a.title for g in response.context["groups"] for a in g.actions], [self.done.title]
        )
        response = self.client.get(self.url, {"party": str(self.commune_party.uuid)})
        self.assertEqual(
            [a.title for g in response.context["groups"] for a in g.actions], [self.later.title]
        )
        response = self.client.get(self.url, {"owner": str(self.viewer.uuid), "status": "all"})
        self.assertEqual(
            [a.title for g in response.context["groups"] for a in g.actions], [self.soon.title]
        )

    def test_a_filter_that_matches_nothing_is_ignored(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"status": "nonsense", "party": "x", "owner": "y"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["filters"], ActionFilters())

    def test_links_to_meeting_and_decision_when_their_pages_exist(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Comité de février")
        decision_url = reverse(
            "governance:decision_detail", args=[self.partnership.uuid, self.decision.uuid]
        )
        self.assertContains(response, f'<a href="{decision_url}">D-001 Ouvrir un second groupe')

    def test_buttons_follow_the_rights(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        create = reverse("governance:action_create", args=[self.partnership.uuid])
        self.assertNotContains(response, create)
        # The viewer owns `soon`: they may move it along, not the others.
        self.assertContains(response, f"status-{self.soon.uuid}")
        self.assertNotContains(response, f"status-{self.overdue.uuid}")
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, create)
        self.assertContains(response, f"status-{self.overdue.uuid}")
        self.assertContains(
            response,
            reverse("governance:action_edit", args=[self.partnership.uuid, self.soon.uuid]),
        )

    def test_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "This partnership is closed")
        self.assertNotContains(
            response, reverse("governance:action_create", args=[self.partnership.uuid])
        )
        self.assertNotContains(response, "Mark as done")

    def test_outsider_gets_404_and_anonymous_logs_in(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_query_count_does_not_grow_with_the_actions(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for number in range(15):
            make_action(
                self.partnership,
                self.company_party if number % 2 else self.lead_party,
                f"Tâche {number}",
                owner=self.company_admin if number % 2 else self.editor,
                due_on=date(2026, 4, number + 1),
                meeting=self.meeting,
                decision=self.decision,
            )
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        self.assertContains(response, "Tâche 14")
        self.assertLessEqual(len(few.captured_queries), 12)


class ActionSelectorTests(ActionTestCase):
    def test_scoped_to_the_partnership(self):
        other_org = make_organisation("Autre association")
        other, parties = make_partnership("Autre", coordinator=other_org)
        make_action(other, parties[other_org.pk], "Ailleurs")
        titles = {a.title for a in actions_in_partnership(partnership=self.partnership)}
        self.assertNotIn("Ailleurs", titles)
        self.assertEqual(titles, {self.overdue.title, self.soon.title, self.later.title})

    def test_no_due_date_sorts_last(self):
        undated = make_action(self.partnership, self.lead_party, "Sans date")
        groups = action_groups_in_partnership(
            partnership=self.partnership, filters=ActionFilters(), today=TODAY
        )
        self.assertEqual(groups[0].actions[-1], undated)
