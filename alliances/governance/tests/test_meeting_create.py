from datetime import UTC, datetime

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.governance.models import AgendaItem, Attendance, CommitteeMember, Meeting
from alliances.governance.services.meetings import MeetingData, meeting_schedule
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Notification, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingCreateTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        CommitteeMember.objects.create(
            partnership=p, party=cls.lead_party, user=cls.admin, is_representative=True
        )
        CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin, is_representative=True
        )
        cls.url = reverse("governance:meeting_create", args=[p.uuid])

    def data(self, **changes):
        data = {
            "title": "Comité de pilotage",
            "date": "2027-03-15",
            "start_time": "14:00",
            "end_time": "16:00",
            "duration": "120",
            "place": "Maison des Trois-Cités",
            "video_url": "",
            "agenda": "Bilan du trimestre\n\n  Budget 2028  \n",
            "invitees": [str(self.admin.uuid), str(self.company_admin.uuid)],
        }
        data.update(changes)
        return data

    def test_the_form_invites_the_committee_by_default(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Steering committee"')
        groups = {
            person["user"]: person["checked"]
            for group in response.context["groups"]
            for person in group["people"]
        }
        self.assertIs(groups[self.admin], True)
        self.assertIs(groups[self.company_admin], True)
        self.assertIs(groups[self.editor], False)
        self.assertIs(groups[self.commune_admin], False)
        self.assertNotIn(self.outsider, groups)

    def test_scheduling_stores_paris_time_invites_and_tells(self):
        self.login(self.editor)
        data = self.data(
            invitees=[str(self.admin.uuid), str(self.commune_admin.uuid), str(self.editor.uuid)]
        )
        response = self.client.post(self.url, data)
        meeting = Meeting.objects.get()
        self.assertRedirects(
            response,
            reverse("governance:meeting_detail", args=[self.partnership.uuid, meeting.uuid]),
        )
        # 14:00 in Paris in winter is 13:00 UTC.
        self.assertEqual(meeting.starts_at, datetime(2027, 3, 15, 13, 0, tzinfo=UTC))
        self.assertEqual(meeting.ends_at, datetime(2027, 3, 15, 15, 0, tzinfo=UTC))
        self.assertEqual(meeting.created_by, self.editor)
        self.assertEqual(meeting.sequence, 0)
        self.assertEqual(
            list(meeting.agenda_items.values_list("position", "title")),
            [(1, "Bilan du trimestre"), (2, "Budget 2028")],
        )
        self.assertEqual(
            dict(Attendance.objects.values_list("user", "party")),
            {
                self.admin.pk: self.lead_party.pk,
                self.commune_admin.pk: self.commune_party.pk,
                self.editor.pk: self.lead_party.pk,
            },
        )
        self.assertEqual(
            Activity.objects.get(verb="meeting.scheduled").data["meeting"], "Comité de pilotage"
        )
        notified = Notification.objects.filter(verb="meeting.scheduled")
        # Everyone invited hears of it, except who scheduled it.
        self.assertEqual({n.user for n in notified}, {self.admin, self.commune_admin})
        self.assertEqual({n.url for n in notified}, {response["Location"]})

    def test_summer_time_and_a_duration_instead_of_an_end(self):
        self.login(self.company_admin)
        self.client.post(self.url, self.data(date="2027-07-01", end_time="", duration="90"))
        meeting = Meeting.objects.get()
        self.assertEqual(meeting.starts_at, datetime(2027, 7, 1, 12, 0, tzinfo=UTC))
        self.assertEqual(meeting.ends_at, datetime(2027, 7, 1, 13, 30, tzinfo=UTC))

    def test_a_video_link_instead_of_a_place(self):
        self.login(self.editor)
        self.client.post(self.url, self.data(place="", video_url="visio.example.org/comite"))
        self.assertEqual(Meeting.objects.get().video_url, "https://visio.example.org/comite")

    def assertRefused(self, data, message, field=None):  # noqa: N802
        response = self.client.post(self.url, data)
        self.assertContains(response, message, status_code=400)
        if field:
            self.assertIn(message, " ".join(response.context["form"].errors[field]))
        self.assertFalse(Meeting.objects.exists())
        return response

    def test_bad_input_comes_back_with_a_clear_message(self):
        self.login(self.editor)
        cases = [
            (self.data(date="2027-02-27"), "This date has passed", "date"),
            (
                self.data(date="2027-03-01", start_time="08:00", end_time="09:00"),
                "This date has passed",
                "date",
            ),
            (self.data(end_time="13:00"), "The meeting must end after it starts.", "end_time"),
            (self.data(place="", video_url=""), "Give a place, a video link, or both.", "place"),
            (
                self.data(place="", video_url="http://visio.example.org"),
                "Use a secure link",
                "video_url",
            ),
            (self.data(video_url="not a link"), "Enter a valid URL.", "video_url"),
            (self.data(invitees=[]), "Invite at least one person.", "invitees"),
            (self.data(invitees=[str(self.outsider.uuid)]), "can no longer be invited", "invitees"),
            (self.data(agenda="x" * 301), "Item 1 is too long", "agenda"),
            (self.data(date=""), "This field is required.", "date"),
            (self.data(title=""), "This field is required.", "title"),
        ]
        for data, message, field in cases:
            with self.subTest(message=message):
                self.assertRefused(data, message, field)

    def test_input_is_kept_after_an_error(self):
        self.login(self.editor)
        response = self.assertRefused(self.data(place="", video_url=""), "Give a place")
        self.assertContains(response, "Bilan du trimestre", status_code=400)
        self.assertContains(response, 'value="Comité de pilotage"', status_code=400)

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404), (self.commune_admin, 200)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(Meeting.objects.exists())

    def test_a_closed_partnership_schedules_nothing(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.get(self.url, follow=True)
        self.assertContains(response, "This partnership is closed")
        self.client.post(self.url, self.data())
        self.assertFalse(Meeting.objects.exists())

    def test_the_service_refuses_someone_of_no_party(self):
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        data = MeetingData(
            title="Comité",
            starts_at=datetime(2027, 4, 1, 12, tzinfo=UTC),
            ends_at=datetime(2027, 4, 1, 14, tzinfo=UTC),
            place="Mairie",
        )
        with self.assertRaisesMessage(ValidationError, "Not a member of any party: Oscar Outsider"):
            meeting_schedule(
                access=access, actor=self.editor, data=data, invitees=[self.outsider], now=NOW
            )
        self.assertFalse(AgendaItem.objects.exists())
        self.assertFalse(Meeting.objects.exists())
