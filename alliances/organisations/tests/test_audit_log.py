import csv
import io
from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from alliances.core.audit import audit_interface, audit_record
from alliances.core.models import AuditEvent, Interface
from alliances.test import PartnershipTestCase


class AuditLogTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("organisations:audit_log", args=[self.org.uuid])
        self.export_url = reverse("organisations:audit_log_export", args=[self.org.uuid])

    def _record(self, *, actor, verb, obj=None, organisation=None, when=None, interface=None):
        with time_machine.travel(when or datetime(2026, 3, 2, 9, 30, tzinfo=UTC), tick=False):
            if interface:
                with audit_interface(interface):
                    return audit_record(
                        actor=actor,
                        verb=verb,
                        obj=obj or self.org,
                        organisation_uuid=(organisation or self.org).uuid,
                    )
            return audit_record(
                actor=actor,
                verb=verb,
                obj=obj or self.org,
                organisation_uuid=(organisation or self.org).uuid,
            )

    def test_administrators_read_their_organisations_log_in_plain_words(self):
        self._record(actor=self.editor, verb="membership.role_changed")
        self._record(actor=self.admin, verb="something.unknown")
        self._record(actor=self.outsider, verb="organisation.updated", organisation=self.other_org)
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "changed a member&#x27;s role")
        self.assertContains(response, "something.unknown")
        self.assertContains(response, "Eddie Editor")
        self.assertNotContains(response, "Oscar Outsider")
        self.assertContains(response, "Audit log")

    def test_newest_first_and_fifty_per_page(self):
        for day in range(1, 53):
            self._record(
                actor=self.editor,
                verb="organisation.updated",
                when=datetime(2026, 1, 1, tzinfo=UTC).replace(day=min(day, 28), hour=day % 24),
            )
        self._record(
            actor=self.admin, verb="invitation.created", when=datetime(2026, 2, 1, tzinfo=UTC)
        )
        self.login(self.admin)
        response = self.client.get(self.url)
        rows = response.context["rows"]
        self.assertEqual(len(rows), 50)
        self.assertEqual(rows[0]["event"].verb, "invitation.created")
        second = self.client.get(self.url, {"page": 2})
        self.assertEqual(len(second.context["rows"]), 3)

    def test_filters_by_family_person_dates_and_interface(self):
        self._record(actor=self.editor, verb="membership.removed")
        self._record(actor=self.admin, verb="organisation.updated")
        self._record(
            actor=self.admin,
            verb="api_token.created",
            when=datetime(2026, 4, 10, 12, tzinfo=UTC),
            interface=Interface.API,
        )
        self.login(self.admin)

        def verbs(**query):
            response = self.client.get(self.url, query)
            return [row["event"].verb for row in response.context["rows"]]

        self.assertEqual(verbs(family="membership"), ["membership.removed"])
        self.assertEqual(verbs(person=str(self.editor.uuid)), ["membership.removed"])
        self.assertEqual(verbs(since="2026-04-10", until="2026-04-10"), ["api_token.created"])
        self.assertEqual(verbs(interface="api"), ["api_token.created"])
        self.assertEqual(len(verbs(until="2026-03-02")), 2)

    def test_an_end_date_before_the_start_is_explained(self):
        self.login(self.admin)
        response = self.client.get(self.url, {"since": "2026-05-01", "until": "2026-04-01"})
        self.assertContains(response, "error-summary")
        self.assertContains(response, "The end date comes before the start date.")

    def test_a_partnership_row_links_to_the_partnership(self):
        self._record(actor=self.admin, verb="partnership.stage_moved", obj=self.partnership)
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("partnerships:detail", args=[self.partnership.uuid]))

    def test_viewers_and_editors_are_refused_outsiders_not_told(self):
        for user, status in ((self.viewer, 403), (self.editor, 403), (self.outsider, 404)):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)
            self.assertEqual(self.client.get(self.export_url).status_code, status, user)

    def test_the_tab_shows_for_administrators_only(self):
        self.login(self.editor)
        members = reverse("organisations:members", args=[self.org.uuid])
        self.assertNotContains(self.client.get(members), self.url)
        self.login(self.admin)
        self.assertContains(self.client.get(members), self.url)

    def test_the_csv_export_follows_the_filters_and_is_itself_recorded(self):
        self._record(actor=self.editor, verb="membership.removed")
        self._record(actor=self.admin, verb="organisation.updated")
        self.login(self.admin)
        response = self.client.get(self.export_url, {"family": "membership"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "when")
        self.assertEqual([row[4] for row in rows[1:]], ["membership.removed"])
        event = AuditEvent.objects.get(verb="export.audit_log")
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.organisation_uuid, self.org.uuid)
        self.assertEqual(event.data, {"filters": {"family": "membership"}})

    def test_the_page_query_count_does_not_grow_with_rows(self):
        for _ in range(5):
            self._record(actor=self.editor, verb="membership.removed", obj=self.partnership)
        self.login(self.admin)
        self.client.get(self.url)
        with self.assertNumQueries(9) as queries:
            self.client.get(self.url)
        for _ in range(20):
            self._record(actor=self.viewer, verb="membership.removed", obj=self.partnership)
        with self.assertNumQueries(len(queries.captured_queries)):
            self.client.get(self.url)
