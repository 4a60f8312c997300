"""Reads of the workspace: a user's partnerships and invitations, the facts the stage gates
read and the next step they suggest, parties, the activity feed and notifications. Every read
is scoped to a partnership or to a user, and its name says which."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.core.permissions import Action, Role, role_allows
from alliances.organisations.models import Membership, Organisation
from alliances.organisations.search import DirectoryQuery, directory_search
from alliances.organisations.selectors.profiles import CauseGroup
from alliances.partnerships.models import (
    Activity,
    Assessment,
    Notification,
    Partnership,
    Party,
    PartyStatus,
    Stage,
    StageChange,
)

# An invitation by e-mail can be answered for this long; one from the directory has no end,
# because the invited organisation's administrators see it in the site until they answer.
EMAIL_INVITATION_LIFETIME = timedelta(days=30)
INVITE_CANDIDATES = 10


def roles_allowing(action: str) -> list[str]:
    """The organisation roles whose members may do `action` (for scoping queries)."""
    return [role for role in Role.values if role_allows(role, action)]


def organisations_for_user(*, user, action: str) -> QuerySet[Organisation]:
    """The active organisations in which the user's role allows `action`."""
    memberships = Membership.objects.filter(user=user, role__in=roles_allowing(action))
    return Organisation.objects.filter(
        pk__in=memberships.values("organisation_id"), is_active=True, dissolved_on__isnull=True
    ).order_by("name")


# Stages


@dataclass(frozen=True)
class StageFacts:
    """What the stage gates read. The inputs of a move (note, reason for closing, lessons
    learned) are None while nobody has typed them yet: the overview then lists only what
    blocks a move, and the move itself passes what was typed."""

    missing_assessments: tuple[str, ...] = ()
    agreement_in_force: bool = False
    note: str | None = None
    closure_reason: str | None = None
    lessons_learned: str | None = None


def _assessment_submitted(party: Party) -> bool:
    try:
        return party.assessment.is_submitted
    except Assessment.DoesNotExist:
        return False


def stage_facts_of(partnership: Partnership, parties) -> StageFacts:
    """Facts from parties already loaded with their assessment."""
    missing = tuple(
        str(party) for party in parties if party.is_active and not _assessment_submitted(party)
    )
    return StageFacts(
        missing_assessments=missing,
        agreement_in_force=partnership.agreement_in_force is not None,
    )


def _active_parties_with_assessment() -> QuerySet[Party]:
    return (
        Party.objects.filter(status=PartyStatus.ACTIVE)
        .select_related("organisation", "assessment")
        .order_by("created_at", "id")
    )


def stage_facts_in_partnership(*, partnership: Partnership) -> StageFacts:
    return stage_facts_of(
        partnership, _active_parties_with_assessment().filter(partnership=partnership)
    )


_NEXT_STEPS = {
    Stage.EXPLORATION: gettext_lazy(
        "Describe the partnership and invite the parties, then move it to qualification."
    ),
    Stage.FORMALISATION: gettext_lazy(
        "Draft the agreement, then have every party approve the same version."
    ),
    Stage.IMPLEMENTATION: gettext_lazy(
        "Record the contributions and run the partnership; move it to evaluation when it is "
        "time to take stock."
    ),
    Stage.EVALUATION: gettext_lazy(
        "Review what the partnership changed, then renew it or close it."
    ),
    Stage.RENEWAL: gettext_lazy(
        "Revise the agreement (back to formalisation) or carry on with the agreement in force "
        "(implementation)."
    ),
    Stage.CLOSED: gettext_lazy("This partnership is closed; its record stays readable."),
}


def next_step(partnership: Partnership, facts: StageFacts) -> str:
    """What the parties should do now, in one sentence."""
    stage = partnership.stage
    if stage == Stage.QUALIFICATION:
        if facts.missing_assessments:
            return _(
                "Each party answers the opportunity assessment. Still missing: %(parties)s."
            ) % {"parties": ", ".join(facts.missing_assessments)}
        return _(
            "Every party has submitted its assessment: compare the answers, then move to "
            "formalisation."
        )
    if stage == Stage.FORMALISATION and facts.agreement_in_force:
        return _("The agreement is in force: move the partnership to implementation.")
    return str(_NEXT_STEPS.get(stage, ""))


def stage_history_in_partnership(*, partnership: Partnership) -> QuerySet[StageChange]:
    return StageChange.objects.filter(partnership=partnership).select_related("actor")


# A user's partnerships and invitations


@dataclass
class PartnershipRow:
    partnership: Partnership
    parties: list[Party]
    facts: StageFacts
    my_parties: list[Party] = field(default_factory=list)
    next_step: str = ""


def partnerships_for_user(*, user) -> list[PartnershipRow]:
    """Every partnership in which the user holds a seat (an active party of one of their
    organisations), open ones first. Three queries."""
    organisation_ids = set(
        Membership.objects.filter(user=user).order_by().values_list("organisation_id", flat=True)
    )
    if not organisation_ids:
        return []
    partnerships = (
        Partnership.objects.filter(
            pk__in=Party.objects.filter(
                status=PartyStatus.ACTIVE, organisation_id__in=organisation_ids
            ).values("partnership_id")
        )
        .select_related("territory")
        .prefetch_related(
            Prefetch("parties", _active_parties_with_assessment(), to_attr="active_parties")
        )
    )
    rows = []
    for partnership in partnerships:
        parties = partnership.active_parties
        facts = stage_facts_of(partnership, parties)
        rows.append(
            PartnershipRow(
                partnership=partnership,
                parties=parties,
                facts=facts,
                next_step=next_step(partnership, facts),
                my_parties=[
                    party for party in parties if party.organisation_id in organisation_ids
                ],
            )
        )
    rows.sort(key=lambda row: row.partnership.stage == Stage.CLOSED)
    return rows


def partnerships_query_for_user(*, user, stage: str = "", kind: str = "") -> QuerySet[Partnership]:
    """The partnerships in which the user holds a seat, as a query (the API pages through it),
    optionally of one stage or type."""
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    partnerships = Partnership.objects.filter(
        pk__in=Party.objects.filter(
            status=PartyStatus.ACTIVE, organisation_id__in=organisations
        ).values("partnership_id")
    ).select_related("territory")
    if stage:
        partnerships = partnerships.filter(stage=stage)
    if kind:
        partnerships = partnerships.filter(kind=kind)
    return partnerships


def party_invitations_for_user(*, user) -> QuerySet[Party]:
    """Invitations waiting for an answer from an organisation the user may answer for."""
    organisations = Membership.objects.filter(
        user=user, role__in=roles_allowing(Action.APPROVE_ON_BEHALF)
    ).values("organisation_id")
    return (
        Party.objects.filter(status=PartyStatus.INVITED, organisation_id__in=organisations)
        .exclude(partnership__stage=Stage.CLOSED)
        .select_related("partnership", "organisation", "invited_by")
        .order_by("-created_at", "-id")
    )


# Parties


@dataclass
class PartiesByStatus:
    active: list[Party]
    invited: list[Party]
    declined: list[Party]
    left: list[Party]


def parties_in_partnership(*, partnership: Partnership) -> PartiesByStatus:
    groups: dict[str, list[Party]] = {status: [] for status in PartyStatus.values}
    parties = Party.objects.filter(partnership=partnership).select_related(
        "organisation", "invited_by", "responded_by"
    )
    for party in parties:
        groups[party.status].append(party)
    return PartiesByStatus(
        active=groups[PartyStatus.ACTIVE],
        invited=groups[PartyStatus.INVITED],
        declined=groups[PartyStatus.DECLINED],
        left=groups[PartyStatus.LEFT],
    )


def parties_query_in_partnership(*, partnership: Partnership) -> QuerySet[Party]:
    """Every party of the partnership, whatever its status, as a query (the API pages it)."""
    return Party.objects.filter(partnership=partnership).select_related("organisation")


def partnership_causes_by_goal(*, partnership: Partnership) -> list[CauseGroup]:
    """The partnership's causes grouped under their goal, whether or not the goal is chosen."""
    groups: dict[int, CauseGroup] = {}
    for cause in partnership.causes.select_related("parent").order_by("goal", "position"):
        goal = cause if cause.is_goal else cause.parent
        group = groups.setdefault(cause.goal, CauseGroup(goal=goal))
        if cause.is_goal:
            group.goal_selected = True
        else:
            group.targets.append(cause)
    return list(groups.values())


@dataclass
class InviteCandidate:
    organisation: Organisation
    party: Party | None
    has_members: bool


def invite_candidates_in_partnership(
    *, partnership: Partnership, user, text: str
) -> list[InviteCandidate]:
    """Organisations of the directory whose name matches `text`, with what decides whether
    they may be invited here (their party, if any, and whether anyone can answer for them)."""
    if len(text.strip()) < 2:
        return []
    query = DirectoryQuery(q=text, prefix=True, active_only=False, page_size=INVITE_CANDIDATES)
    organisations = [item.organisation for item in directory_search(user=user, query=query).items]
    ids = [organisation.pk for organisation in organisations]
    parties = {
        party.organisation_id: party
        for party in Party.objects.filter(partnership=partnership, organisation_id__in=ids)
    }
    with_members = set(
        Membership.objects.filter(organisation_id__in=ids).values_list("organisation_id", flat=True)
    )
    return [
        InviteCandidate(
            organisation=organisation,
            party=parties.get(organisation.pk),
            has_members=organisation.pk in with_members,
        )
        for organisation in organisations
    ]


def organisation_has_members(*, organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation).exists()


# Invitations by e-mail


class InvitationState:
    OPEN = "open"
    ANSWERED = "answered"
    EXPIRED = "expired"
    CLOSED = "closed"


def invitation_expires_at(party: Party) -> datetime:
    return party.created_at + EMAIL_INVITATION_LIFETIME


def invitation_state(party: Party, *, now: datetime | None = None) -> str:
    """Whether an invitation can still be answered, and if not, why."""
    if party.status != PartyStatus.INVITED:
        return InvitationState.ANSWERED
    if party.partnership.stage == Stage.CLOSED:
        return InvitationState.CLOSED
    if party.token and invitation_expires_at(party) <= (now or timezone.now()):
        return InvitationState.EXPIRED
    return InvitationState.OPEN


def party_by_token(*, token: str) -> Party | None:
    if not token:
        return None
    return (
        Party.objects.filter(token=token)
        .select_related("partnership", "organisation", "invited_by")
        .first()
    )


def open_email_invitation_exists(*, partnership: Partnership, email: str) -> bool:
    return Party.objects.filter(
        partnership=partnership,
        organisation__isnull=True,
        status=PartyStatus.INVITED,
        invited_email__iexact=email,
        created_at__gt=timezone.now() - EMAIL_INVITATION_LIFETIME,
    ).exists()


# Activity feed and notifications


def activities_in_partnership(
    *, partnership: Partnership, parties: Iterable[Party]
) -> QuerySet[Activity]:
    """The feed as seen by the members of `parties`: confidential lines only when one of
    these parties is in their audience."""
    party_ids = [party.pk for party in parties]
    visible = Q(restricted=False) | Q(
        pk__in=Activity.audience.through.objects.filter(party_id__in=party_ids).values(
            "activity_id"
        )
    )
    return Activity.objects.filter(visible, partnership=partnership).select_related("actor")


def notifications_for_user(*, user) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each group."""
    unread_first = Case(
        When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Notification.objects.filter(user=user)
        .annotate(unread_first=unread_first)
        .order_by("unread_first", "-created_at", "-id")
        .select_related("partnership")
    )


def unread_notification_count_for_user(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
