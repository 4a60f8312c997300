"""Downloading one meeting as an .ics file, from the meeting's page."""

from django.urls import reverse
from icalendar import Calendar

from alliances.governance.models import MeetingStatus
from alliances.governance.tests.test_calendar_setup import CalendarTestCase, make_meeting
from alliances.test import make_partnership


class MeetingIcsTests(CalendarTestCase):
    def url(self, meeting=None, partnership=None):
        meeting = meeting or self.meeting
        partnership = partnership or self.partnership
        return reverse("governance:meeting_ics", args=[partnership.uuid, meeting.uuid])

    def test_every_member_of_every_party_downloads_it(self):
        for user in (self.viewer, self.editor, self.admin, self.company_admin, self.commune_admin):
            self.login(user)
            response = self.client.get(self.url())
            self.assertEqual(response.status_code, 200, user)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="comite-de-pilotage-2026-03-12.ics"',
        )
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual(str(event["UID"]).split("@")[0], f"meeting-{self.meeting.uuid}")
        self.assertEqual(str(event["STATUS"]), "CONFIRMED")

    def test_outsiders_get_404_and_visitors_log_in(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(None)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_meeting_of_another_partnership_is_404(self):
        elsewhere, _parties = make_partnership("Jardins partagés", coordinator=self.org)
        other = make_meeting(elsewhere)
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url(other)).status_code, 404)
        self.assertEqual(self.client.get(self.url(other, elsewhere)).status_code, 200)

    def test_cancelled_meeting_is_marked_cancelled(self):
        self.meeting.status = MeetingStatus.CANCELLED
        self.meeting.sequence = 2
        self.meeting.save()
        self.login(self.company_admin)
        response = self.client.get(self.url())
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(event["SEQUENCE"], 2)

    def test_title_without_letters_still_gives_a_filename(self):
        meeting = make_meeting(self.partnership, title="« ! »")
        self.login(self.admin)
        response = self.client.get(self.url(meeting))
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="meeting-2026-03-12.ics"'
        )

    def test_post_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.post(self.url()).status_code, 405)
