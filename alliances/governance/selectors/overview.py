"""The governance tab's first page: what needs attention now."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from alliances.governance.access import visible_conflicts_in_partnership
from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    OPEN_CONFLICT_STAGES,
    ActionItem,
    CommitteeMember,
    Decision,
    DecisionStatus,
    HealthCheckParticipation,
    HealthCheckRound,
    Meeting,
    RoundStatus,
    Vote,
)
from alliances.governance.selectors.meetings import next_meeting_in_partnership
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.partnerships.access import PartnershipAccess


@dataclass
class GovernanceOverview:
    next_meeting: Meeting | None
    committee_size: int
    chair: CommitteeMember | None
    open_decisions: list[Decision]
    awaiting_my_vote: list[Decision]
    open_actions: int
    overdue_actions: int
    my_actions: list[ActionItem]
    open_conflicts: int
    stale_conflicts: int
    open_round: HealthCheckRound | None
    answered_open_round: bool
    last_round: HealthCheckRound | None


def governance_overview_for_user(
    *, access: PartnershipAccess, user, now: datetime, today: date
) -> GovernanceOverview:
    partnership = access.partnership
    settings = governance_settings_for_partnership(partnership=partnership)
    committee = CommitteeMember.objects.filter(partnership=partnership).select_related(
        "user", "party__organisation"
    )
    my_committee_parties = {m.party_id for m in committee if m.user_id == user.pk}
    open_decisions = list(
        Decision.objects.filter(partnership=partnership, status=DecisionStatus.OPEN).order_by(
            "number"
        )
    )
    voted = set(
        Vote.objects.filter(
            decision__in=open_decisions, party_id__in=my_committee_parties
        ).values_list("decision_id", "party_id")
    )
    awaiting = [
        decision
        for decision in open_decisions
        if any((decision.pk, party_id) not in voted for party_id in my_committee_parties)
    ]
    actions = ActionItem.objects.filter(partnership=partnership, status__in=OPEN_ACTION_STATUSES)
    conflicts = visible_conflicts_in_partnership(access).filter(stage__in=OPEN_CONFLICT_STAGES)
    stale_before = now - timedelta(days=settings.conflict_stale_days)
    rounds = HealthCheckRound.objects.filter(partnership=partnership)
    open_round = rounds.filter(status=RoundStatus.OPEN).first()
    return GovernanceOverview(
        next_meeting=next_meeting_in_partnership(partnership=partnership, now=now),
        committee_size=len(committee),
        chair=next((m for m in committee if m.is_chair), None),
        open_decisions=open_decisions,
        awaiting_my_vote=awaiting,
        open_actions=actions.count(),
        overdue_actions=actions.filter(due_on__lt=today).count(),
        my_actions=list(actions.filter(owner=user).order_by("due_on", "id")[:5]),
        open_conflicts=conflicts.count(),
        stale_conflicts=conflicts.filter(last_activity_at__lt=stale_before).count(),
        open_round=open_round,
        answered_open_round=bool(
            open_round
            and HealthCheckParticipation.objects.filter(round=open_round, user=user).exists()
        ),
        last_round=rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first(),
    )
