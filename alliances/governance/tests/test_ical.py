"""The iCalendar documents: valid, parsed back by `icalendar`, folded, escaped, in UTC."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from alliances.governance.ical import PRODID, feed_calendar, meeting_calendar
from alliances.governance.models import ActionItem, MeetingStatus
from alliances.governance.tests.test_calendar_setup import CalendarTestCase, make_meeting

SITE = "https://alliances.example.org"


def events_of(document: bytes) -> list:
    return Calendar.from_ical(document).walk("VEVENT")


@override_settings(SITE_URL=SITE)
class MeetingDocumentTests(CalendarTestCase):
    def document(self, meeting=None) -> bytes:
        meeting = meeting or self.meeting
        return meeting_calendar(meeting, meeting.agenda_items.all())

    def test_calendar_properties(self):
        calendar = Calendar.from_ical(self.document())
        self.assertEqual(str(calendar["PRODID"]), PRODID)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertEqual(str(calendar["CALSCALE"]), "GREGORIAN")
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")

    def test_event_describes_the_meeting(self):
        (event,) = events_of(self.document())
        self.assertEqual(str(event["UID"]), f"meeting-{self.meeting.uuid}@alliances.example.org")
        self.assertEqual(str(event["SUMMARY"]), "Comité de pilotage · Réussir au collège")
        self.assertEqual(str(event["LOCATION"]), "Maison des Trois-Cités, salle 2")
        page = reverse("governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid])
        self.assertEqual(str(event["URL"]), SITE + page)
        self.assertEqual(str(event["STATUS"]), "CONFIRMED")
        self.assertEqual(event["SEQUENCE"], 0)
        description = str(event["DESCRIPTION"])
        self.assertIn("1. Bilan du trimestre\n2. Budget 2027", description)
        self.assertIn(str(event["URL"]), description)

    def test_times_are_utc(self):
        starts = datetime(2026, 6, 1, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
        meeting = make_meeting(self.partnership, starts=starts)
        document = self.document(meeting).decode()
        self.assertIn("DTSTART:20260601T163000Z\r\n", document)
        self.assertIn("DTEND:20260601T183000Z\r\n", document)
        self.assertRegex(document, r"DTSTAMP:\d{8}T\d{6}Z\r\n")
        (event,) = events_of(document.encode())
        self.assertEqual(event.decoded("DTSTART").utcoffset(), timedelta(0))
        self.assertEqual(event.decoded("DTSTART"), starts)

    def test_special_characters_survive_and_lines_are_folded(self):
        title = "Budget, calendrier; et « suite » — école\\n° 5 🎓 " + "très long " * 12
        meeting = make_meeting(self.partnership, title=title, place="Salle A; 2e étage, Poitiers")
        document = self.document(meeting)
        for line in document.split(b"\r\n"):
            self.assertLessEqual(len(line), 75)
        self.assertIn(b"\\;", document)
        self.assertIn(b"\\,", document)
        (event,) = events_of(document)
        self.assertEqual(str(event["SUMMARY"]), f"{title} · Réussir au collège")
        self.assertEqual(str(event["LOCATION"]), "Salle A; 2e étage, Poitiers")

    def test_video_link_is_the_location_when_there_is_no_place(self):
        meeting = make_meeting(
            self.partnership, place="", video_url="https://visio.example.org/comite?x=1&y=2"
        )
        (event,) = events_of(self.document(meeting))
        self.assertEqual(str(event["LOCATION"]), "https://visio.example.org/comite?x=1&y=2")
        self.assertIn("https://visio.example.org/comite?x=1&y=2", str(event["DESCRIPTION"]))

    def test_cancelled_meeting_keeps_its_uid_with_a_higher_sequence(self):
        before = events_of(self.document())[0]
        self.meeting.status = MeetingStatus.CANCELLED
        self.meeting.cancel_reason = "Trop d'absents"
        self.meeting.sequence = 3
        self.meeting.save()
        (event,) = events_of(self.document())
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(event["SEQUENCE"], 3)
        self.assertEqual(event["UID"], before["UID"])
        self.assertIn("Trop d'absents", str(event["DESCRIPTION"]))


@override_settings(SITE_URL=SITE)
class FeedDocumentTests(CalendarTestCase):
    def test_feed_has_a_name_a_refresh_hint_and_all_day_actions(self):
        action = ActionItem.objects.create(
            partnership=self.partnership,
            title="Envoyer le budget, révisé",
            owner=self.admin,
            owner_party=self.lead_party,
            due_on=date(2026, 4, 1),
        )
        document = feed_calendar(name="Alice Admin", meetings=[self.meeting], actions=[action])
        text = document.decode()
        self.assertIn("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", text)
        self.assertIn("X-PUBLISHED-TTL:PT1H\r\n", text)
        self.assertIn("DTSTART;VALUE=DATE:20260401\r\n", text)
        calendar = Calendar.from_ical(document)
        self.assertEqual(str(calendar["X-WR-CALNAME"]), "Alliances – Alice Admin")
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")
        meeting_event, action_event = calendar.walk("VEVENT")
        self.assertTrue(str(meeting_event["UID"]).startswith("meeting-"))
        self.assertEqual(str(action_event["UID"]), f"action-{action.uuid}@alliances.example.org")
        self.assertEqual(str(action_event["SUMMARY"]), "Due: Envoyer le budget, révisé")
        self.assertEqual(action_event.decoded("DTSTART"), date(2026, 4, 1))
        self.assertEqual(action_event.decoded("DTEND"), date(2026, 4, 2))
        self.assertEqual(
            str(action_event["URL"]),
            f"{SITE}/partnerships/{self.partnership.uuid}/governance/actions/#action-{action.uuid}",
        )
        self.assertEqual(str(action_event["TRANSP"]), "TRANSPARENT")
