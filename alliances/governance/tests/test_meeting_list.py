from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CommitteeMember,
    Meeting,
    MeetingStatus,
)
from alliances.governance.selectors.meetings import meetings_in_partnership
from alliances.partnerships.models import Stage
from alliances.test import PartnershipTestCase, make_partnership

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def meeting(partnership, title, days, **fields):
    starts = NOW + timedelta(days=days)
    fields.setdefault("place", "Mairie annexe")
    return Meeting.objects.create(
        partnership=partnership,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **fields,
    )


@time_machine.travel(NOW, tick=False)
class MeetingListTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        CommitteeMember.objects.create(
            partnership=p,
            party=cls.lead_party,
            user=cls.admin,
            is_representative=True,
            is_chair=True,
        )
        cls.held = meeting(p, "Comité de janvier", -40, status=MeetingStatus.HELD, minutes="…")
        cls.forgotten = meeting(p, "Comité de février", -10)
        cls.soon = meeting(p, "Comité de mars", 10)
        cls.later = meeting(p, "Comité de juin", 100)
        cls.cancelled = meeting(p, "Comité d'avril", 40, status=MeetingStatus.CANCELLED)
        AgendaItem.objects.create(meeting=cls.soon, position=1, title="Bilan")
        Attendance.objects.create(
            meeting=cls.held, user=cls.admin, party=cls.lead_party, status=AttendanceStatus.PRESENT
        )
        Attendance.objects.create(meeting=cls.held, user=cls.editor, party=cls.lead_party)
        other, _parties = make_partnership("Autre", coordinator=cls.company)
        meeting(other, "Réunion d'un autre partenariat", 5)
        cls.url = reverse("governance:meetings", args=[p.uuid])

    def test_coming_meetings_soonest_first_then_past_ones_latest_first(self):
        listing = meetings_in_partnership(partnership=self.partnership, now=NOW)
        self.assertEqual(listing.upcoming, [self.soon, self.cancelled, self.later])
        self.assertEqual(listing.past, [self.forgotten, self.held])
        held = listing.past[1]
        self.assertEqual((held.invitee_count, held.present_count), (2, 1))
        self.assertIs(listing.past[0].awaits_minutes, True)
        self.assertIs(held.awaits_minutes, False)

    def test_the_page_shows_statuses_and_the_committee(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Cancelled")
        self.assertContains(response, "Minutes awaited")
        self.assertContains(response, "Held, minutes written")
        self.assertContains(response, "1 present of 2 invited")
        self.assertContains(response, "chaired by Alice Admin")
        self.assertContains(response, reverse("governance:committee", args=[self.partnership.uuid]))
        self.assertNotContains(response, "Réunion d&#x27;un autre partenariat")
        self.assertNotContains(response, "Schedule a meeting")
        self.assertEqual(response.context["section"], "meetings")

    def test_editors_of_any_party_may_schedule(self):
        for user in (self.editor, self.admin, self.company_admin):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertContains(self.client.get(self.url), "Schedule a meeting")

    def test_a_closed_partnership_schedules_no_more(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Comité de mars")
        self.assertNotContains(response, "Schedule a meeting")

    def test_outsiders_do_not_see_it(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_query_count_does_not_grow_with_the_meetings(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(9):
            self.client.get(self.url)
        for number in range(5):
            item = meeting(self.partnership, f"Réunion {number}", number + 2)
            Attendance.objects.create(meeting=item, user=self.admin, party=self.lead_party)
        with self.assertNumQueries(9):
            response = self.client.get(self.url)
        self.assertContains(response, "Réunion 4")
