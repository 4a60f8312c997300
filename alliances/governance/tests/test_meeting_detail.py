from datetime import UTC, date, datetime, timedelta

import time_machine
from django.urls import reverse

from alliances.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from alliances.partnerships.models import DecisionRule, Stage
from alliances.test import PartnershipTestCase, make_partnership

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
STARTS = datetime(2027, 3, 15, 13, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class MeetingDetailTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        cls.meeting = Meeting.objects.create(
            partnership=p,
            title="Comité de pilotage",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            place="Mairie annexe",
            video_url="https://visio.example.org/comite",
            minutes="Ouverture <b>par</b> la présidente.\n\nBudget adopté.",
        )
        AgendaItem.objects.create(meeting=cls.meeting, position=2, title="Budget 2028")
        AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan du trimestre")
        Attendance.objects.create(meeting=cls.meeting, user=cls.viewer, party=cls.lead_party)
        Attendance.objects.create(
            meeting=cls.meeting,
            user=cls.company_admin,
            party=cls.company_party,
            status=AttendanceStatus.APOLOGIES,
        )
        MeetingDocument.objects.create(
            meeting=cls.meeting, file="meetings/x/budget.pdf", name="budget.pdf", size=2048
        )
        cls.decision = Decision.objects.create(
            partnership=p,
            number=3,
            title="Ouvrir un second groupe",
            rule=DecisionRule.CONSENSUS,
            meeting=cls.meeting,
        )
        cls.action = ActionItem.objects.create(
            partnership=p,
            title="Envoyer le budget",
            owner=cls.company_admin,
            owner_party=cls.company_party,
            due_on=date(2027, 4, 1),
            meeting=cls.meeting,
        )
        cls.url = reverse("governance:meeting_detail", args=[p.uuid, cls.meeting.uuid])

    def test_everything_about_the_meeting(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        page = response.context["page"]
        self.assertEqual([i.title for i in page.agenda], ["Bilan du trimestre", "Budget 2028"])
        self.assertEqual(
            [(g.party, [a.user for a in g.attendances]) for g in page.attendance_groups],
            [(self.lead_party, [self.viewer]), (self.company_party, [self.company_admin])],
        )
        self.assertContains(response, "Monday 15 March 2027")
        self.assertContains(response, "14:00–16:00")
        self.assertContains(response, 'href="https://visio.example.org/comite"')
        self.assertContains(response, "Sent apologies")
        self.assertContains(response, "budget.pdf")
        self.assertContains(
            response,
            reverse("governance:decision_detail", args=[self.partnership.uuid, self.decision.uuid]),
        )
        self.assertContains(response, "D-003 · Ouvrir un second groupe")
        actions = reverse("governance:actions", args=[self.partnership.uuid])
        self.assertContains(response, f"{actions}#action-{self.action.uuid}")
        self.assertContains(
            response,
            reverse("governance:meeting_ics", args=[self.partnership.uuid, self.meeting.uuid]),
        )

    def test_minutes_are_plain_text(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "<p>Ouverture &lt;b&gt;par&lt;/b&gt; la présidente.</p>")
        self.assertContains(response, "<p>Budget adopté.</p>")
        self.assertNotContains(response, "<b>par</b>")

    def test_an_invitee_may_send_apologies_before_it_starts(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "You are invited.")
        self.assertContains(response, "send my apologies")
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "You have sent your apologies.")
        self.assertNotContains(response, "send my apologies")

    def test_readers_get_no_controls_recorders_do(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertIsNone(response.context["agenda_form"])
        self.assertNotContains(response, "Cancel this meeting")
        self.assertNotContains(response, "Write the minutes")
        self.assertNotContains(response, "Edit the minutes")
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Add to the agenda")
        self.assertContains(response, "Cancel this meeting")
        self.assertContains(response, "Edit the minutes")
        self.assertContains(response, "Attach the document")
        # Attendance is recorded once the meeting has started.
        self.assertIsNone(response.context["attendance_form"])

    def test_a_cancelled_meeting(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(
            status=MeetingStatus.CANCELLED, cancel_reason="La salle est fermée."
        )
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "This meeting was cancelled: La salle est fermée.")
        self.assertNotContains(response, "Add to the agenda")
        self.assertNotContains(response, "Add to my calendar")
        self.assertNotContains(response, "Write the minutes")

    def test_a_closed_partnership_reads_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Bilan du trimestre")
        self.assertNotContains(response, "Add to the agenda")
        self.assertNotContains(response, "Cancel this meeting")

    def test_outsiders_and_other_partnerships(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        other, _parties = make_partnership("Autre", coordinator=self.org)
        self.login(self.viewer)
        url = reverse("governance:meeting_detail", args=[other.uuid, self.meeting.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)
