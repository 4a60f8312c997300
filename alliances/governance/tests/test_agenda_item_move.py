from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import AgendaItem, Meeting, MeetingStatus
from alliances.test import PartnershipTestCase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class AgendaItemMoveTests(PartnershipTestCase):
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
        # Positions as the health check's one-click items may leave them: not contiguous.
        cls.first = AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan")
        cls.second = AgendaItem.objects.create(meeting=cls.meeting, position=5, title="Budget")
        cls.third = AgendaItem.objects.create(meeting=cls.meeting, position=5, title="Divers")

    def move(self, item, direction):
        url = reverse(
            "governance:agenda_item_move",
            args=[self.partnership.uuid, self.meeting.uuid, item.uuid],
        )
        return self.client.post(url, {"direction": direction})

    def titles(self):
        return list(self.meeting.agenda_items.values_list("position", "title"))

    def test_up_and_down(self):
        self.login(self.editor)
        response = self.move(self.third, "up")
        detail = reverse(
            "governance:meeting_detail", args=[self.partnership.uuid, self.meeting.uuid]
        )
        self.assertRedirects(response, f"{detail}#item-{self.third.uuid}")
        self.assertEqual(self.titles(), [(1, "Bilan"), (2, "Divers"), (3, "Budget")])
        self.move(self.first, "down")
        self.assertEqual(self.titles(), [(1, "Divers"), (2, "Bilan"), (3, "Budget")])

    def test_at_either_end_it_stays(self):
        self.login(self.editor)
        self.move(self.first, "up")
        self.move(self.third, "down")
        self.assertEqual(self.titles(), [(1, "Bilan"), (2, "Budget"), (3, "Divers")])

    def test_a_direction_is_required(self):
        self.login(self.editor)
        response = self.move(self.first, "sideways")
        self.assertContains(response, "Choose to move the item up or down.", status_code=400)

    def test_only_while_scheduled(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.HELD)
        self.login(self.editor)
        self.move(self.third, "up")
        self.assertEqual(self.titles(), [(1, "Bilan"), (5, "Budget"), (5, "Divers")])

    def test_permissions(self):
        for user, status in ((self.viewer, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.move(self.third, "up").status_code, status)
