from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.models import ActionStatus
from alliances.governance.selectors.actions import actions_for_user
from alliances.governance.tests.test_action_setup import NOW, TODAY, ActionTestCase, make_action
from alliances.organisations.models import Membership
from alliances.partnerships.models import PartyStatus, Stage
from alliances.test import add_member, make_organisation, make_partnership


@time_machine.travel(NOW, tick=False)
class MyActionsTests(ActionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("me:actions")
        # Paula also takes part, for her company, in a second partnership.
        cls.gardens, parties = make_partnership(
            "Jardins partagés", coordinator=cls.org, partners=[(cls.company, ["funder"])]
        )
        cls.gardens_party = parties[cls.company.pk]
        cls.seeds = make_action(
            cls.gardens,
            cls.gardens_party,
            "Acheter les graines",
            owner=cls.company_admin,
            due_on=date(2026, 3, 10),
        )
        cls.undated = make_action(
            cls.gardens, cls.gardens_party, "Trouver un jardinier", owner=cls.company_admin
        )
        cls.early = make_action(
            cls.gardens,
            cls.gardens_party,
            "Clôturer la parcelle",
            owner=cls.company_admin,
            due_on=date(2026, 3, 5),
            status=ActionStatus.IN_PROGRESS,
        )

    def titles(self, response) -> list[str]:
        return [action.title for action in response.context["actions"]]

    def test_overdue_first_then_by_due_date_across_partnerships(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.titles(response),
            [
                "Envoyer le budget révisé",  # overdue, 20 February
                "Clôturer la parcelle",  # 5 March
                "Acheter les graines",  # 10 March
                "Trouver un jardinier",  # no date
            ],
        )
        self.assertContains(response, "Réussir au collège")
        self.assertContains(response, "Jardins partagés")
        self.assertContains(response, "1 action is overdue.")
        list_url = reverse("governance:actions", args=[self.gardens.uuid])
        self.assertContains(response, f'href="{list_url}#action-{self.seeds.uuid}"')
        self.assertContains(response, f'id="action-{self.seeds.uuid}"')
        self.assertContains(response, 'name="return_to" value="mine"')

    def test_only_the_persons_own_actions(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), ["Réserver la salle"])

    def test_done_ones_on_request(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), [])
        self.assertContains(response, "No action is waiting for you.")
        response = self.client.get(self.url, {"done": "on"})
        self.assertEqual(self.titles(response), ["Rédiger le compte rendu"])
        self.assertNotContains(response, "Mark as done")

    def test_cancelled_ones_never(self):
        self.seeds.status = ActionStatus.CANCELLED
        self.seeds.save(update_fields=["status"])
        self.login(self.company_admin)
        response = self.client.get(self.url, {"done": "on"})
        self.assertNotIn("Acheter les graines", self.titles(response))

    def test_a_partnership_no_longer_reached_is_not_shown(self):
        self.gardens_party.status = PartyStatus.LEFT
        self.gardens_party.save(update_fields=["status"])
        self.login(self.company_admin)
        self.assertEqual(self.titles(self.client.get(self.url)), ["Envoyer le budget révisé"])
        Membership.objects.filter(user=self.company_admin).delete()
        self.assertEqual(self.titles(self.client.get(self.url)), [])

    def test_reached_through_another_organisation_still_shown(self):
        # Paula left the company but joined the lead organisation, which coordinates both.
        Membership.objects.filter(user=self.company_admin).delete()
        add_member(self.company_admin, self.org, Role.VIEWER)
        self.login(self.company_admin)
        self.assertEqual(len(self.titles(self.client.get(self.url))), 4)

    def test_closed_partnership_shown_read_only(self):
        self.gardens.stage = Stage.CLOSED
        self.gardens.save(update_fields=["stage"])
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Partnership closed")
        status_url = reverse("governance:action_status", args=[self.gardens.uuid, self.seeds.uuid])
        self.assertNotContains(response, status_url)

    def test_anyone_signed_in_and_nobody_else(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.titles(response), [])
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_query_count_does_not_grow_with_the_partnerships(self):
        self.login(self.company_admin)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for number in range(6):
            organisation = make_organisation(f"Association {number}")
            partnership, parties = make_partnership(
                f"Projet {number}", coordinator=organisation, partners=[(self.company, ["funder"])]
            )
            make_action(
                partnership,
                parties[self.company.pk],
                f"Tâche {number}",
                owner=self.company_admin,
                due_on=date(2026, 4, number + 1),
            )
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        self.assertContains(response, "Projet 5")
        self.assertLessEqual(len(few.captured_queries), 6)


class ActionsForUserTests(ActionTestCase):
    def test_selector_orders_and_flags(self):
        actions = actions_for_user(user=self.company_admin, today=TODAY)
        self.assertEqual([(a.title, a.overdue) for a in actions], [(self.overdue.title, True)])
        self.assertEqual(actions_for_user(user=self.outsider, today=TODAY), [])
