"""A red or amber result turned, in one click, into an action or an agenda item."""

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.governance.models import (
    ActionItem,
    AgendaItem,
    Concern,
    Dimension,
    Meeting,
    Rating,
    RoundStatus,
)
from alliances.governance.services.health import concern_follow_up
from alliances.governance.tests.test_health_support import (
    HealthTestCase,
    add_answers,
    make_round,
)
from alliances.partnerships.models import Activity

STARTS = datetime(2030, 3, 12, 14, 0, tzinfo=UTC)


class FollowUpTestCase(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(cls.partnership, 1)
        add_answers(cls.round, cls.lead_party, 3, Rating.GREEN, trust=Rating.AMBER)
        add_answers(cls.round, cls.company_party, 4, Rating.GREEN, trust=Rating.RED)
        # The commune's two answers are merged with the lead's three (the smallest party shown
        # alone): neither has results of its own.
        add_answers(cls.round, cls.commune_party, 2, Rating.RED)

    def add_meeting(self):
        return Meeting.objects.create(
            partnership=self.partnership,
            title="Comité de pilotage",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
        )

    def follow_up(self, user, *, kind="action", party=None, dimension=Dimension.TRUST, **extra):
        return concern_follow_up(
            access=self.access(user),
            actor=user,
            round=self.round,
            dimension=dimension,
            party_uuid_or_none=party.uuid if party else None,
            kind=kind,
            title=extra.pop("title", "Rétablir la confiance"),
            **extra,
        )


class ConcernFollowUpServiceTests(FollowUpTestCase):
    def test_a_party_result_becomes_an_action(self):
        concern = self.follow_up(
            self.editor,
            party=self.company_party,
            owner_party=self.company_party,
            due_on=date(2026, 6, 30),
        )
        self.assertEqual(
            (concern.party, concern.level, concern.score), (self.company_party, Rating.RED, 0)
        )
        action = ActionItem.objects.get(concern=concern)
        self.assertEqual(action.owner_party, self.company_party)
        self.assertEqual(action.due_on, date(2026, 6, 30))
        self.assertIn("Health check 1", action.description)
        line = Activity.objects.get(verb="health.concern_followed_up")
        self.assertEqual(line.data["dimension"], Dimension.TRUST)

    def test_the_overall_result_goes_on_the_next_meetings_agenda(self):
        meeting = self.add_meeting()
        concern = self.follow_up(self.company_admin, kind="agenda", now=STARTS - timedelta(days=1))
        self.assertIsNone(concern.party)
        item = AgendaItem.objects.get(concern=concern)
        self.assertEqual(item.meeting, meeting)

    def test_no_meeting_scheduled(self):
        with self.assertRaisesMessage(ValidationError, "No steering meeting is scheduled"):
            self.follow_up(self.editor, kind="agenda")
        self.assertFalse(Concern.objects.exists())

    def test_a_merged_party_cannot_be_followed_up(self):
        for party in (self.commune_party, self.lead_party):
            with self.assertRaisesMessage(ValidationError, "not shown"):
                self.follow_up(self.editor, party=party)
        self.assertFalse(Concern.objects.exists())

    def test_only_amber_or_red_results(self):
        with self.assertRaisesMessage(ValidationError, "Only an amber or red result"):
            self.follow_up(self.editor, dimension=Dimension.ROLES, party=self.company_party)

    def test_only_closed_rounds(self):
        self.round.status = RoundStatus.OPEN
        self.round.save()
        with self.assertRaisesMessage(ValidationError, "once the health check is closed"):
            self.follow_up(self.editor)

    def test_viewers_may_not(self):
        with self.assertRaises(PermissionDenied):
            self.follow_up(self.viewer)
        self.assertFalse(Concern.objects.exists())


class ConcernFollowUpPageTests(FollowUpTestCase):
    def url(self):
        return reverse("governance:health_follow_up", args=[self.partnership.uuid, self.round.uuid])

    def round_url(self):
        return reverse("governance:health_round", args=[self.partnership.uuid, self.round.uuid])

    def test_one_click_from_the_results_page(self):
        self.login(self.editor)
        page = self.client.get(self.round_url())
        self.assertContains(page, "Make it an action")
        self.assertContains(page, "Health check 1: Trust (Solidaires Industries)")
        response = self.client.post(
            self.url(),
            {
                "dimension": Dimension.TRUST,
                "group": str(self.company_party.uuid),
                "title": "Health check 1: Trust (Solidaires Industries)",
                "owner_party": str(self.lead_party.uuid),
                "kind": "action",
            },
        )
        self.assertRedirects(
            response,
            f"{self.round_url()}#concern-trust-{self.company_party.uuid}",
            fetch_redirect_response=False,
        )
        action = ActionItem.objects.get()
        self.assertEqual(action.owner_party, self.lead_party)
        page = self.client.get(self.round_url())
        self.assertContains(page, "Action:")
        self.assertContains(page, "To do")

    def test_agenda_without_meeting_gives_the_form_back(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(),
            {
                "dimension": Dimension.TRUST,
                "group": "",
                "title": "Parler de confiance",
                "kind": "agenda",
            },
        )
        self.assertContains(response, "No steering meeting is scheduled", status_code=400)
        self.assertContains(response, "Parler de confiance", status_code=400)
        self.assertFalse(Concern.objects.exists())

    def test_bad_input(self):
        self.login(self.editor)
        response = self.client.post(self.url(), {"dimension": "mood", "kind": "action"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Concern.objects.exists())

    def test_permissions(self):
        for user, status in ((self.outsider, 404), (self.viewer, 403)):
            self.login(user)
            self.assertEqual(self.client.post(self.url()).status_code, status)
        # The viewer sees results but no follow-up form.
        page = self.client.get(self.round_url())
        self.assertNotContains(page, "Make it an action")
