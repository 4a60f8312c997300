from datetime import UTC, datetime, timedelta

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.governance.models import Attendance, Meeting, MeetingStatus
from alliances.governance.services.meetings import meeting_cancel
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Notification, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingCancelTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = NOW + timedelta(days=14)
        cls.meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de pilotage",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Mairie annexe",
        )
        Attendance.objects.create(meeting=cls.meeting, user=cls.admin, party=cls.lead_party)
        Attendance.objects.create(
            meeting=cls.meeting, user=cls.company_admin, party=cls.company_party
        )
        cls.url = reverse(
            "governance:meeting_cancel", args=[cls.partnership.uuid, cls.meeting.uuid]
        )

    def test_cancelling_records_the_reason_and_tells_the_invitees(self):
        self.login(self.admin)
        response = self.client.post(self.url, {"reason": "  La salle est   fermée. "})
        self.assertRedirects(
            response,
            reverse("governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]),
        )
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, MeetingStatus.CANCELLED)
        self.assertEqual(self.meeting.cancel_reason, "La salle est fermée.")
        self.assertEqual(self.meeting.sequence, 1)
        self.assertTrue(Activity.objects.filter(verb="meeting.cancelled").exists())
        self.assertEqual(
            list(
                Notification.objects.filter(verb="meeting.cancelled").values_list("user", flat=True)
            ),
            [self.company_admin.pk],
        )

    def test_a_reason_is_required(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"reason": "   "})
        self.assertContains(response, "Say why the meeting is cancelled", status_code=400)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, MeetingStatus.SCHEDULED)

    def test_only_a_scheduled_meeting(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.HELD)
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.assertRaisesMessage(ValidationError, "no longer scheduled"):
            meeting_cancel(access=access, actor=self.editor, meeting=self.meeting, reason="Oups")
        self.login(self.editor)
        response = self.client.post(self.url, {"reason": "Oups"})
        self.assertContains(response, "no longer scheduled", status_code=400)

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, {"reason": "Non"}).status_code, status)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, MeetingStatus.SCHEDULED)

    def test_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.post(self.url, {"reason": "Fin"})
        self.assertContains(response, "This partnership is closed", status_code=400)
