from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import Attendance, AttendanceStatus, Meeting
from alliances.partnerships.models import Activity, Notification
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingApologiesTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = NOW + timedelta(days=3)
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Mairie annexe",
            created_by=cls.editor,
        )
        cls.viewer_seat = Attendance.objects.create(
            meeting=cls.meeting, user=cls.viewer, party=cls.lead_party
        )
        cls.url = reverse(
            "governance:meeting_apologies", args=[cls.partnership.uuid, cls.meeting.uuid]
        )

    def test_a_viewer_invitee_sends_apologies_and_the_organiser_hears(self):
        self.login(self.viewer)
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "Your apologies have been sent.")
        self.viewer_seat.refresh_from_db()
        self.assertEqual(self.viewer_seat.status, AttendanceStatus.APOLOGIES)
        activity = Activity.objects.get(verb="meeting.apologies_sent")
        self.assertEqual(activity.party, self.lead_party)
        self.assertEqual(
            list(Notification.objects.values_list("user", "verb")),
            [(self.editor.pk, "meeting.apologies_sent")],
        )

    def test_twice_changes_nothing_more(self):
        self.login(self.viewer)
        self.client.post(self.url)
        self.client.post(self.url)
        self.assertEqual(Activity.objects.filter(verb="meeting.apologies_sent").count(), 1)

    def test_someone_not_invited_is_told(self):
        self.login(self.company_admin)
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "You are not invited to this meeting.")
        self.assertFalse(Attendance.objects.filter(user=self.company_admin).exists())

    def test_not_once_the_meeting_has_started(self):
        with time_machine.travel(self.meeting.starts_at + timedelta(minutes=5), tick=False):
            self.login(self.viewer)
            response = self.client.post(self.url, follow=True)
        self.assertContains(response, "Apologies are sent before the meeting starts.")
        self.viewer_seat.refresh_from_db()
        self.assertEqual(self.viewer_seat.status, AttendanceStatus.INVITED)

    def test_outsiders(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
