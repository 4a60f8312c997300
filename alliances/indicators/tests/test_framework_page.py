from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.indicators.models import Indicator, Objective, Outcome
from alliances.indicators.selectors.framework import framework_in_partnership
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.test import make_partnership


class FrameworkPageTests(FrameworkTestCase):
    def url(self, partnership=None):
        return reverse("indicators:framework", args=[(partnership or self.partnership).uuid])

    def test_viewer_reads_the_tree_without_edit_buttons(self):
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "Lien social")
        self.assertContains(response, "Sentiment de sécurité")
        self.assertContains(response, "Solidaires Industries")  # responsible party
        self.assertContains(response, "16.1.4")
        self.assertContains(response, "Proportion of population that feel safe walking alone")
        self.assertContains(response, "2026")  # next target's period
        self.assertNotContains(
            response, reverse("indicators:objective_create", args=[self.partnership.uuid])
        )

    def test_partner_admin_edits_the_shared_framework(self):
        self.login(self.company_admin)
        response = self.client.get(self.url())
        self.assertContains(
            response, reverse("indicators:objective_create", args=[self.partnership.uuid])
        )

    def test_outsider_gets_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_empty_state_offers_three_ways_to_start(self):
        empty, _parties = make_partnership("Vide", coordinator=self.org)
        self.login(self.editor)
        response = self.client.get(self.url(empty))
        self.assertContains(response, "No objectives yet")
        for name in (
            "indicators:library",
            "indicators:framework_import",
            "indicators:objective_create",
        ):
            self.assertContains(response, reverse(name, args=[empty.uuid]))

    def test_closed_partnership_is_read_only(self):
        self.close_partnership()
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, "This partnership is closed")
        self.assertNotContains(
            response, reverse("indicators:objective_create", args=[self.partnership.uuid])
        )

    def test_query_count_does_not_grow_with_the_framework(self):
        self.login(self.editor)
        self.client.get(self.url())
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        for number in range(3):
            objective = Objective.objects.create(partnership=self.partnership, title=f"O{number}")
            outcome = Outcome.objects.create(
                partnership=self.partnership, objective=objective, title=f"R{number}"
            )
            Indicator.objects.create(
                partnership=self.partnership, outcome=outcome, title=f"I{number}"
            )
        with CaptureQueriesContext(connection) as large:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        self.assertEqual(len(large), len(small))
        # Session and user, access (partnership, memberships, parties), unread
        # notifications, and the framework's four queries.
        self.assertEqual(len(large), 10)

    def test_selector_reads_the_tree_in_four_queries(self):
        with self.assertNumQueries(4):
            objectives = framework_in_partnership(partnership=self.partnership)
            indicator = objectives[0].outcomes.all()[0].indicators.all()[0]
        self.assertEqual(indicator.next_target.value, 50)
        self.assertFalse(indicator.has_values)
        self.assertEqual([tag.id for tag in indicator.sdg], ["16.1.4"])
