from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import Attendance, CommitteeMember, Meeting, MeetingStatus
from alliances.partnerships.models import Activity, Notification, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
STARTS = datetime(2027, 3, 15, 13, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingEditTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        CommitteeMember.objects.create(
            partnership=p, party=cls.lead_party, user=cls.admin, is_representative=True
        )
        cls.meeting = Meeting.objects.create(
            partnership=p,
            title="Comité de pilotage",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            place="Mairie annexe",
            created_by=cls.editor,
        )
        Attendance.objects.create(meeting=cls.meeting, user=cls.admin, party=cls.lead_party)
        Attendance.objects.create(
            meeting=cls.meeting, user=cls.company_admin, party=cls.company_party
        )
        cls.url = reverse("governance:meeting_edit", args=[p.uuid, cls.meeting.uuid])

    def data(self, **changes):
        data = {
            "title": "Comité de pilotage",
            "date": "2027-03-15",
            "start_time": "14:00",
            "end_time": "16:00",
            "place": "Mairie annexe",
            "video_url": "",
            "invitees": [str(self.admin.uuid), str(self.company_admin.uuid)],
        }
        data.update(changes)
        return data

    def test_the_form_shows_the_meeting_in_paris_time(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="2027-03-15"')
        self.assertContains(response, 'value="14:00"')
        self.assertContains(response, 'value="16:00"')
        self.assertNotContains(response, 'name="agenda"')

    def test_a_change_bumps_the_sequence_and_tells_every_invitee_old_and_new(self):
        self.login(self.editor)
        response = self.client.post(
            self.url,
            self.data(
                start_time="15:00",
                end_time="17:00",
                invitees=[str(self.admin.uuid), str(self.commune_admin.uuid)],
            ),
        )
        self.assertRedirects(
            response,
            reverse("governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]),
        )
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.starts_at, STARTS + timedelta(hours=1))
        self.assertEqual(self.meeting.sequence, 1)
        self.assertEqual(
            set(self.meeting.attendances.values_list("user", flat=True)),
            {self.admin.pk, self.commune_admin.pk},
        )
        self.assertTrue(Activity.objects.filter(verb="meeting.changed").exists())
        told = set(
            Notification.objects.filter(verb="meeting.changed").values_list("user", flat=True)
        )
        # The person taken off the list is told too, so that their calendar is not wrong.
        self.assertEqual(told, {self.admin.pk, self.commune_admin.pk, self.company_admin.pk})

    def test_saving_without_change_changes_nothing(self):
        self.login(self.editor)
        self.client.post(self.url, self.data())
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.sequence, 0)
        self.assertFalse(Activity.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_bad_input_comes_back(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(end_time="12:00"))
        self.assertContains(response, "The meeting must end after it starts.", status_code=400)
        response = self.client.post(self.url, self.data(invitees=[]))
        self.assertContains(response, "Invite at least one person.", status_code=400)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.sequence, 0)

    def test_a_meeting_no_longer_scheduled_cannot_change(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        self.login(self.editor)
        response = self.client.post(self.url, self.data(place="Ailleurs"), follow=True)
        self.assertContains(response, "This meeting is no longer scheduled")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.place, "Mairie annexe")

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404), (self.company_admin, 200)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.post(self.url, self.data(place="Ailleurs"), follow=True)
        self.assertContains(response, "This partnership is closed")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.place, "Mairie annexe")
