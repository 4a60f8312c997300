from datetime import UTC, datetime, timedelta

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.governance.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from alliances.governance.services.meetings import attendance_record
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingAttendanceTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = NOW - timedelta(hours=1)
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Mairie annexe",
        )
        cls.admin_seat = Attendance.objects.create(
            meeting=cls.meeting, user=cls.admin, party=cls.lead_party
        )
        cls.company_seat = Attendance.objects.create(
            meeting=cls.meeting,
            user=cls.company_admin,
            party=cls.company_party,
            status=AttendanceStatus.APOLOGIES,
        )
        cls.url = reverse(
            "governance:meeting_attendance", args=[cls.partnership.uuid, cls.meeting.uuid]
        )

    def statuses(self):
        return dict(self.meeting.attendances.values_list("user", "status"))

    def test_recording_each_invitee_and_someone_who_came(self):
        self.login(self.editor)
        response = self.client.post(
            self.url,
            {
                f"status_{self.admin.uuid}": "present",
                f"status_{self.company_admin.uuid}": "apologies",
                "came": str(self.commune_admin.uuid),
            },
        )
        detail = reverse(
            "governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]
        )
        self.assertRedirects(response, f"{detail}#attendance")
        self.assertEqual(
            self.statuses(),
            {
                self.admin.pk: AttendanceStatus.PRESENT,
                self.company_admin.pk: AttendanceStatus.APOLOGIES,
                self.commune_admin.pk: AttendanceStatus.PRESENT,
            },
        )
        self.assertEqual(Attendance.objects.get(user=self.commune_admin).party, self.commune_party)
        self.assertTrue(Activity.objects.filter(verb="meeting.attendance_recorded").exists())

    def test_the_form_shows_on_the_meeting_page_once_started(self):
        self.login(self.editor)
        detail = reverse(
            "governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]
        )
        response = self.client.get(detail)
        self.assertContains(response, f'name="status_{self.admin.uuid}"')
        self.assertContains(response, "Record attendance")
        # The company's admin's apologies are already ticked.
        self.assertContains(
            response,
            f'value="apologies" id="id_status_{self.company_admin.uuid}_1" required checked',
        )

    def test_every_invitee_needs_a_status(self):
        self.login(self.editor)
        response = self.client.post(self.url, {f"status_{self.admin.uuid}": "present"})
        self.assertContains(response, "Choose present, apologies or absent.", status_code=400)
        self.assertEqual(self.statuses()[self.admin.pk], AttendanceStatus.INVITED)

    def test_not_before_the_meeting_starts(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(
            starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=1, hours=2)
        )
        self.meeting.refresh_from_db()
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.assertRaisesMessage(ValidationError, "once the meeting has started"):
            attendance_record(
                access=access,
                actor=self.editor,
                meeting=self.meeting,
                statuses={self.admin.pk: AttendanceStatus.PRESENT},
                now=NOW,
            )

    def test_not_for_a_cancelled_meeting(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        self.login(self.editor)
        response = self.client.post(
            self.url,
            {f"status_{self.admin.uuid}": "present", f"status_{self.company_admin.uuid}": "absent"},
        )
        self.assertContains(response, "This meeting was cancelled", status_code=400)

    def test_the_service_refuses_someone_not_invited_and_unknown_statuses(self):
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.assertRaisesMessage(ValidationError, "not invited"):
            attendance_record(
                access=access,
                actor=self.editor,
                meeting=self.meeting,
                statuses={self.viewer.pk: AttendanceStatus.PRESENT},
                now=NOW,
            )
        with self.assertRaisesMessage(ValidationError, "Choose present, apologies or absent"):
            attendance_record(
                access=access,
                actor=self.editor,
                meeting=self.meeting,
                statuses={self.admin.pk: AttendanceStatus.INVITED},
                now=NOW,
            )

    def test_permissions(self):
        data = {
            f"status_{self.admin.uuid}": "absent",
            f"status_{self.company_admin.uuid}": "absent",
        }
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, data).status_code, status)
        self.assertEqual(self.statuses()[self.admin.pk], AttendanceStatus.INVITED)
