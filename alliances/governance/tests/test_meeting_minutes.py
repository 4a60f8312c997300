from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import Attendance, Meeting, MeetingStatus
from alliances.partnerships.models import Activity, Notification, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingMinutesTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = NOW - timedelta(days=1)
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Mairie annexe",
        )
        Attendance.objects.create(meeting=cls.meeting, user=cls.viewer, party=cls.lead_party)
        Attendance.objects.create(
            meeting=cls.meeting, user=cls.company_admin, party=cls.company_party
        )
        cls.url = reverse(
            "governance:meeting_minutes", args=[cls.partnership.uuid, cls.meeting.uuid]
        )

    def test_saving_marks_the_meeting_held_and_tells_the_invitees(self):
        self.login(self.editor)
        self.assertContains(self.client.get(self.url), "Let the invitees know by e-mail")
        response = self.client.post(
            self.url, {"minutes": "Présents : tous.\r\n\r\nBudget adopté.  ", "tell_invitees": "on"}
        )
        detail = reverse(
            "governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]
        )
        self.assertRedirects(response, f"{detail}#minutes")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.minutes, "Présents : tous.\n\nBudget adopté.")
        self.assertEqual(self.meeting.status, MeetingStatus.HELD)
        self.assertEqual(self.meeting.minutes_updated_at, NOW)
        self.assertTrue(Activity.objects.filter(verb="meeting.minutes_saved").exists())
        self.assertEqual(
            set(
                Notification.objects.filter(verb="meeting.minutes_saved").values_list(
                    "user", flat=True
                )
            ),
            {self.viewer.pk, self.company_admin.pk},
        )

    def test_the_invitees_need_not_be_told_of_a_correction(self):
        self.login(self.editor)
        self.client.post(self.url, {"minutes": "Budget adopté."})
        self.assertTrue(Activity.objects.filter(verb="meeting.minutes_saved").exists())
        self.assertFalse(Notification.objects.exists())

    def test_minutes_before_the_meeting_leave_it_scheduled(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(
            starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=1, hours=1)
        )
        self.login(self.editor)
        self.client.post(self.url, {"minutes": "Ordre du jour préparé."})
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, MeetingStatus.SCHEDULED)
        self.assertEqual(self.meeting.minutes, "Ordre du jour préparé.")

    def test_empty_minutes_are_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"minutes": "   "})
        self.assertContains(response, "Write the minutes before saving them.", status_code=400)

    def test_a_cancelled_meeting_has_no_minutes(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        self.login(self.editor)
        response = self.client.post(self.url, {"minutes": "Rien."}, follow=True)
        self.assertContains(response, "This meeting was cancelled: it has no minutes.")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.minutes, "")

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404), (self.company_admin, 200)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.post(self.url, {"minutes": "Trop tard."}, follow=True)
        self.assertContains(response, "This partnership is closed")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.minutes, "")
