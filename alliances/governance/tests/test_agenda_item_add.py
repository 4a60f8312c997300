from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import AgendaItem, Meeting, MeetingStatus
from alliances.partnerships.models import Activity, Stage
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class AgendaItemAddTests(PartnershipTestCase):
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
        AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan")
        cls.url = reverse(
            "governance:agenda_item_add", args=[cls.partnership.uuid, cls.meeting.uuid]
        )

    def test_an_item_goes_at_the_end(self):
        self.login(self.company_admin)
        response = self.client.post(
            self.url, {"title": " Budget 2028 ", "description": "Voir annexe"}
        )
        detail = reverse(
            "governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]
        )
        self.assertRedirects(response, f"{detail}#agenda")
        self.assertEqual(
            list(self.meeting.agenda_items.values_list("position", "title", "description")),
            [(1, "Bilan", ""), (2, "Budget 2028", "Voir annexe")],
        )
        activity = Activity.objects.get(verb="meeting.agenda_item_added")
        self.assertEqual(activity.data["item"], "Budget 2028")

    def test_a_title_is_required_and_the_page_comes_back(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"title": "", "description": "Gardé"})
        self.assertContains(response, "Write the item to add.", status_code=400)
        self.assertContains(response, "Gardé", status_code=400)
        self.assertEqual(self.meeting.agenda_items.count(), 1)

    def test_only_while_scheduled(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.HELD)
        self.login(self.editor)
        response = self.client.post(self.url, {"title": "Trop tard"})
        self.assertContains(response, "its agenda can no longer change", status_code=400)

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, {"title": "X"}).status_code, status)
        self.assertEqual(self.meeting.agenda_items.count(), 1)

    def test_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.post(self.url, {"title": "X"})
        self.assertContains(response, "This partnership is closed", status_code=400)
