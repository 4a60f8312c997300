from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from alliances.governance.models import Conflict, ConflictStage, GovernanceSettings
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Stage

UTC = ZoneInfo("UTC")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


class ConflictListTests(ConflictTestCase):
    def test_members_of_named_parties_see_the_conflict(self):
        conflict = self.raise_conflict()
        for user in (self.company_admin, self.company_viewer, self.commune_admin):
            self.login(user)
            page = self.client.get(self.url("conflicts"))
            self.assertEqual(page.status_code, 200)
            self.assertContains(page, conflict.topic)
            self.assertContains(page, self.url("conflict_detail", conflict))

    def test_the_coordinator_does_not_see_a_conflict_that_does_not_name_it(self):
        conflict = self.raise_conflict()
        for user in (self.admin, self.editor, self.viewer):
            self.login(user)
            page = self.client.get(self.url("conflicts"))
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, conflict.topic)
            self.assertContains(page, "No open conflict concerns your party.")

    def test_outsiders_get_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("conflicts")).status_code, 404)
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url("conflicts")).status_code, 404)

    def test_open_conflicts_come_first(self):
        closed = self.raise_conflict(topic="Logo sur les affiches")
        Conflict.objects.filter(pk=closed.pk).update(
            stage=ConflictStage.RESOLVED, closed_at=NOW, outcome="Accord trouvé."
        )
        mediation = self.raise_conflict(topic="Horaires du mercredi")
        Conflict.objects.filter(pk=mediation.pk).update(stage=ConflictStage.MEDIATION)
        dialogue = self.raise_conflict(topic="Partage des locaux")
        self.login(self.company_admin)
        page = self.client.get(self.url("conflicts"))
        self.assertEqual(
            [row.conflict.pk for row in page.context["open_rows"]], [dialogue.pk, mediation.pk]
        )
        self.assertEqual([row.conflict.pk for row in page.context["closed_rows"]], [closed.pk])
        content = page.content.decode()
        self.assertLess(
            content.index("Horaires du mercredi"), content.index("Logo sur les affiches")
        )
        self.assertContains(page, "Closed conflicts")
        self.assertContains(page, "Mediation")
        self.assertContains(page, "Resolved")

    def test_stale_conflicts_are_flagged_after_the_partnership_delay(self):
        GovernanceSettings.objects.create(partnership=self.partnership, conflict_stale_days=10)
        with time_machine.travel(NOW - timedelta(days=12), tick=False):
            quiet = self.raise_conflict(topic="Sans nouvelles")
        with time_machine.travel(NOW - timedelta(days=3), tick=False):
            self.raise_conflict(topic="Récent")
        self.login(self.company_admin)
        with time_machine.travel(NOW, tick=False):
            page = self.client.get(self.url("conflicts"))
        stale = {row.conflict.pk: row.stale for row in page.context["open_rows"]}
        self.assertIs(stale[quiet.pk], True)
        self.assertEqual(sum(stale.values()), 1)
        self.assertContains(page, "No news for 12 days", count=1)
        self.assertContains(page, "no move for 10 days")

    def test_the_raise_button_is_for_those_who_may_raise(self):
        self.login(self.company_admin)
        self.assertContains(self.client.get(self.url("conflicts")), self.url("conflict_create"))
        self.login(self.company_viewer)
        self.assertNotContains(self.client.get(self.url("conflicts")), self.url("conflict_create"))

    def test_no_raise_button_when_the_partnership_is_closed(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.company_admin)
        self.assertNotContains(self.client.get(self.url("conflicts")), self.url("conflict_create"))

    def test_explains_who_sees_what(self):
        self.login(self.viewer)
        page = self.client.get(self.url("conflicts"))
        self.assertContains(page, "Only the members of the parties a conflict names see it")


class ConflictListQueryTests(ConflictTestCase):
    def count_queries(self):
        self.login(self.company_admin)
        self.client.get(self.url("conflicts"))  # warm the session and caches
        with self.assertNumQueries(QUERIES):
            response = self.client.get(self.url("conflicts"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_query_count_does_not_grow_with_conflicts(self):
        self.raise_conflict()
        self.count_queries()
        self.raise_conflict(topic="Horaires", named=[self.lead_party, self.commune_party])
        self.raise_conflict(
            by=self.commune_admin, party=self.commune_party, named=[self.company_party]
        )
        response = self.count_queries()
        self.assertEqual(len(response.context["open_rows"]), 3)


# Session and user, partnership, seats (2), settings, the conflicts, their parties, and the
# unread notifications count of the page header.
QUERIES = 9
