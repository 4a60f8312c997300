"""The personal calendar feed: made, replaced and revoked; read by its token only; listing
only what the person reaches today."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.urls import reverse
from icalendar import Calendar

from alliances.core.models import AuditEvent
from alliances.governance.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    CalendarFeed,
    hash_token,
)
from alliances.governance.services.calendar import calendar_feed_create, calendar_feed_revoke
from alliances.governance.tests.test_calendar_setup import NOW, CalendarTestCase, make_meeting
from alliances.organisations.models import Membership
from alliances.partnerships.models import PartyStatus


def feed_url(token: str) -> str:
    return reverse("me:calendar_feed", args=[token])


class FeedServiceTests(CalendarTestCase):
    def test_create_stores_only_the_hash(self):
        token = calendar_feed_create(user=self.admin)
        self.assertGreaterEqual(len(token), 40)
        feed = CalendarFeed.objects.get(user=self.admin)
        self.assertEqual(feed.token_hash, hash_token(token))
        self.assertNotIn(token, feed.token_hash)
        self.assertTrue(AuditEvent.objects.filter(verb="calendar_feed.created").exists())

    def test_a_new_address_revokes_the_old_one(self):
        old = calendar_feed_create(user=self.admin)
        new = calendar_feed_create(user=self.admin)
        self.assertNotEqual(old, new)
        self.assertEqual(CalendarFeed.objects.filter(user=self.admin).count(), 1)
        self.assertEqual(self.client.get(feed_url(old)).status_code, 404)
        self.assertEqual(self.client.get(feed_url(new)).status_code, 200)

    def test_revoke(self):
        token = calendar_feed_create(user=self.admin)
        self.assertIs(calendar_feed_revoke(user=self.admin), True)
        self.assertIs(calendar_feed_revoke(user=self.admin), False)
        self.assertEqual(self.client.get(feed_url(token)).status_code, 404)


@time_machine.travel(NOW, tick=False)
class FeedAccessTests(CalendarTestCase):
    def setUp(self):
        super().setUp()
        self.token = calendar_feed_create(user=self.admin)

    def test_the_token_is_the_only_key(self):
        self.login(None)
        response = self.client.get(feed_url(self.token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "private, max-age=300")
        # No session, no CSRF cookie: calendar programs keep nothing.
        self.assertEqual(dict(response.cookies), {})
        self.assertEqual(self.client.get(feed_url(self.token[:-1] + "x")).status_code, 404)
        self.assertEqual(self.client.get(feed_url("x" * 500)).status_code, 404)

    def test_a_logged_in_session_is_not_a_key(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(feed_url("not-a-token")).status_code, 404)

    def test_deactivated_person_has_no_feed(self):
        self.admin.is_active = False
        self.admin.save()
        self.assertEqual(self.client.get(feed_url(self.token)).status_code, 404)

    def test_last_use_is_noted_at_most_once_an_hour(self):
        self.client.get(feed_url(self.token))
        feed = CalendarFeed.objects.get(user=self.admin)
        self.assertEqual(feed.last_used_at, NOW)
        with time_machine.travel(NOW + timedelta(minutes=59), tick=False):
            self.client.get(feed_url(self.token))
        feed.refresh_from_db()
        self.assertEqual(feed.last_used_at, NOW)
        later = NOW + timedelta(minutes=61)
        with time_machine.travel(later, tick=False):
            self.client.get(feed_url(self.token))
        feed.refresh_from_db()
        self.assertEqual(feed.last_used_at, later)

    def test_query_count(self):
        with self.assertNumQueries(5):
            # feed by token, last use, meetings, their agenda items, actions
            self.client.get(feed_url(self.token))


@time_machine.travel(NOW, tick=False)
class FeedContentTests(CalendarTestCase):
    def uids(self, user) -> set[str]:
        token = calendar_feed_create(user=user)
        response = self.client.get(feed_url(token))
        self.assertEqual(response.status_code, 200)
        return {
            str(event["UID"]).split("@")[0]
            for event in Calendar.from_ical(response.content).walk("VEVENT")
        }

    def test_committee_members_and_invited_people_see_the_meeting(self):
        meeting = f"meeting-{self.meeting.uuid}"
        self.assertIn(meeting, self.uids(self.admin))
        self.assertIn(meeting, self.uids(self.company_admin))
        # Neither on the committee nor invited.
        self.assertNotIn(meeting, self.uids(self.commune_admin))
        Attendance.objects.create(meeting=self.meeting, user=self.commune_admin)
        self.assertIn(meeting, self.uids(self.commune_admin))

    def test_meetings_older_than_six_months_are_left_out(self):
        old = make_meeting(self.partnership, starts=datetime(2025, 8, 1, 9, tzinfo=UTC))
        recent = make_meeting(self.partnership, starts=datetime(2025, 10, 1, 9, tzinfo=UTC))
        uids = self.uids(self.admin)
        self.assertNotIn(f"meeting-{old.uuid}", uids)
        self.assertIn(f"meeting-{recent.uuid}", uids)

    def test_open_actions_they_own_with_a_due_date(self):
        def action(title, **fields):
            fields.setdefault("owner", self.company_admin)
            fields.setdefault("due_on", date(2026, 4, 1))
            return ActionItem.objects.create(
                partnership=self.partnership, title=title, owner_party=self.company_party, **fields
            )

        mine = action("Envoyer le budget")
        undated = action("Sans date", due_on=None)
        done = action("Fait", status=ActionStatus.DONE)
        other = action("Pas à moi", owner=None)
        uids = self.uids(self.company_admin)
        self.assertIn(f"action-{mine.uuid}", uids)
        for left_out in (undated, done, other):
            self.assertNotIn(f"action-{left_out.uuid}", uids)

    def test_nothing_of_a_partnership_left_behind(self):
        action = ActionItem.objects.create(
            partnership=self.partnership,
            title="Envoyer le budget",
            owner=self.company_admin,
            owner_party=self.company_party,
            due_on=date(2026, 4, 1),
        )
        token = calendar_feed_create(user=self.company_admin)
        self.assertEqual(
            len(Calendar.from_ical(self.client.get(feed_url(token)).content).walk("VEVENT")), 2
        )
        # Paula leaves her company: her committee seat and action stay, the feed forgets them.
        Membership.objects.filter(user=self.company_admin).delete()
        response = self.client.get(feed_url(token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Calendar.from_ical(response.content).walk("VEVENT"), [])
        self.assertNotIn(action.title.encode(), response.content)

    def test_nothing_of_a_party_that_left(self):
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save()
        self.assertEqual(self.uids(self.company_admin), set())
