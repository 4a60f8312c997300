from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import AgendaItem, Meeting, MeetingStatus
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class AgendaItemDeleteTests(PartnershipTestCase):
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
        cls.first = AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan")
        cls.second = AgendaItem.objects.create(meeting=cls.meeting, position=2, title="Budget")
        cls.third = AgendaItem.objects.create(meeting=cls.meeting, position=3, title="Divers")

    def url(self, item):
        return reverse(
            "governance:agenda_item_delete",
            args=[self.partnership.uuid, self.meeting.uuid, item.uuid],
        )

    def test_the_others_close_up(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.second), follow=True)
        self.assertContains(response, "“Budget” is off the agenda.")
        self.assertEqual(
            list(self.meeting.agenda_items.values_list("position", "title")),
            [(1, "Bilan"), (2, "Divers")],
        )

    def test_only_while_scheduled(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        self.login(self.editor)
        response = self.client.post(self.url(self.second), follow=True)
        self.assertContains(response, "no longer scheduled")
        self.assertEqual(self.meeting.agenda_items.count(), 3)

    def test_an_item_of_another_meeting_is_not_found(self):
        other = Meeting.objects.create(
            partnership=self.partnership,
            title="Autre",
            starts_at=self.meeting.starts_at,
            ends_at=self.meeting.ends_at,
            place="Ailleurs",
        )
        item = AgendaItem.objects.create(meeting=other, position=1, title="Ailleurs")
        self.login(self.editor)
        self.assertEqual(self.client.post(self.url(item)).status_code, 404)
        self.assertTrue(AgendaItem.objects.filter(pk=item.pk).exists())

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url(self.first)).status_code, status)
        self.assertEqual(self.meeting.agenda_items.count(), 3)
