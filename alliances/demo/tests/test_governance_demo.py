from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone

from alliances.governance.models import (
    HEALTH_MIN_GROUP,
    RATING_SCORES,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    CommitteeMember,
    Concern,
    Conflict,
    ConflictNote,
    ConflictStage,
    Decision,
    DecisionStatus,
    GovernanceSettings,
    HealthCheckParticipation,
    HealthCheckRating,
    HealthCheckRound,
    Meeting,
    MeetingStatus,
    RoundStatus,
    Vote,
)
from alliances.partnerships.models import Activity, Partnership

GOVERNANCE_MODELS = [
    GovernanceSettings,
    CommitteeMember,
    Meeting,
    AgendaItem,
    Attendance,
    Decision,
    Vote,
    ActionItem,
    Conflict,
    ConflictNote,
    HealthCheckRound,
    HealthCheckParticipation,
    HealthCheckRating,
    Concern,
    Activity,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in GOVERNANCE_MODELS}


class GovernanceDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.partnership = Partnership.objects.get(title="Vivre ensemble aux Trois-Cités")

    def test_a_year_of_meetings_with_minutes_and_one_ahead(self):
        now = timezone.now()
        meetings = Meeting.objects.filter(partnership=self.partnership)
        past = meetings.filter(starts_at__lt=now, starts_at__gte=now - timedelta(366))
        self.assertGreaterEqual(
            past.filter(status=MeetingStatus.HELD).exclude(minutes="").count(), 4
        )
        upcoming = meetings.filter(starts_at__gt=now, status=MeetingStatus.SCHEDULED)
        self.assertEqual(upcoming.count(), 1)
        self.assertTrue(upcoming.get().agenda_items.exists())
        committee = CommitteeMember.objects.filter(partnership=self.partnership)
        self.assertEqual(committee.filter(is_representative=True).count(), 3)
        self.assertEqual(committee.get(is_chair=True).user.email.split("@")[0], "lea")
        # Every committee member is on every meeting's attendance list.
        for meeting in meetings:
            self.assertEqual(meeting.attendances.count(), committee.count())

    def test_decisions_include_an_open_one_and_a_correction(self):
        decisions = Decision.objects.filter(partnership=self.partnership)
        self.assertGreaterEqual(decisions.count(), 6)
        self.assertEqual(set(decisions.values_list("rule_source", flat=True)), {"agreement:1"})
        open_decision = decisions.get(status=DecisionStatus.OPEN)
        self.assertEqual(open_decision.votes.count(), 1)
        self.assertEqual(open_decision.tally, {})
        correction = decisions.get(supersedes__isnull=False)
        self.assertEqual(correction.status, DecisionStatus.ADOPTED)
        self.assertLess(correction.supersedes.number, correction.number)
        self.assertTrue(decisions.filter(status=DecisionStatus.REJECTED).exists())
        for decision in decisions.exclude(status=DecisionStatus.OPEN):
            self.assertEqual(len(decision.tally["voters"]), decision.votes.count())
            self.assertEqual(decision.tally["quorum_required"], 2)
            self.assertLessEqual(decision.closed_at, timezone.now())

    def test_actions_are_mostly_done_with_some_overdue(self):
        actions = ActionItem.objects.filter(partnership=self.partnership)
        today = timezone.localdate()
        done = actions.filter(status=ActionStatus.DONE)
        self.assertGreater(done.count(), actions.count() / 2)
        self.assertFalse(done.filter(completed_at__isnull=True).exists())
        overdue = actions.filter(status__in=["open", "in_progress"], due_on__lt=today)
        self.assertGreaterEqual(overdue.count(), 1)
        self.assertGreater(actions.values("owner_party").distinct().count(), 2)

    def test_one_conflict_resolved_through_mediation_seen_only_by_its_parties(self):
        conflict = Conflict.objects.get(partnership=self.partnership)
        self.assertEqual(conflict.stage, ConflictStage.RESOLVED)
        self.assertTrue(conflict.mediator_name)
        self.assertIsNotNone(conflict.closed_at)
        notes = ConflictNote.objects.filter(conflict=conflict)
        self.assertEqual(
            list(notes.exclude(to_stage="").values_list("to_stage", flat=True)),
            [ConflictStage.MEDIATION, ConflictStage.RESOLVED],
        )
        self.assertGreaterEqual(notes.filter(kind="note").count(), 4)
        self.assertEqual(conflict.last_activity_at, notes.last().created_at)
        named = set(conflict.parties.values_list("pk", flat=True))
        lines = Activity.objects.filter(partnership=self.partnership, verb__startswith="conflict.")
        self.assertEqual(lines.count(), notes.count() + 1)
        for line in lines:
            self.assertTrue(line.restricted)
            self.assertEqual(set(line.audience.values_list("pk", flat=True)), named)

    def test_four_closed_health_rounds_with_a_dip_in_the_third(self):
        rounds = HealthCheckRound.objects.filter(partnership=self.partnership).order_by("number")
        self.assertEqual([r.status for r in rounds], [RoundStatus.CLOSED] * 4)
        means = []
        for health_round in rounds:
            scores = [
                RATING_SCORES[r] for r in health_round.ratings.values_list("rating", flat=True)
            ]
            means.append(sum(scores) / len(scores))
            sheets = health_round.ratings.values("sheet").distinct().count()
            self.assertEqual(sheets, health_round.participations.count())
        self.assertLess(means[2], means[1])
        self.assertLess(means[2], means[3])
        per_party = HealthCheckParticipation.objects.filter(round__partnership=self.partnership)
        sizes = (
            per_party.values("round", "party").annotate(n=Count("id")).values_list("n", flat=True)
        )
        self.assertTrue(any(size < HEALTH_MIN_GROUP for size in sizes))
        self.assertTrue(any(size >= HEALTH_MIN_GROUP for size in sizes))

    def test_concerns_of_the_third_round_are_followed_up(self):
        concerns = Concern.objects.filter(round__partnership=self.partnership, round__number=3)
        self.assertEqual(concerns.count(), 2)
        self.assertTrue(
            ActionItem.objects.filter(concern__in=concerns, status=ActionStatus.DONE).exists()
        )
        item = AgendaItem.objects.get(concern__in=concerns)
        self.assertGreater(item.meeting.starts_at.date(), concerns.first().round.closes_on)

    def test_activity_lines_are_backdated_over_the_year(self):
        lines = Activity.objects.filter(
            partnership=self.partnership, verb__regex=r"^(meeting|decision|action|health)\."
        )
        self.assertGreater(lines.count(), 50)
        self.assertFalse(lines.filter(created_at__gt=timezone.now()).exists())
        self.assertTrue(lines.filter(created_at__lt=timezone.now() - timedelta(300)))

    def test_loading_again_adds_nothing(self):
        before = _counts()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(_counts(), before)
