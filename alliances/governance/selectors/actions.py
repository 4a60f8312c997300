"""Reads of actions: a partnership's action list, what may be chosen when assigning one, and a
person's own actions across the partnerships they still reach."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    Decision,
    Meeting,
)
from alliances.organisations.models import Membership
from alliances.partnerships.models import Partnership, Party, PartyStatus

# The list's status filter: the open ones (to do and in progress) unless asked otherwise.
OPEN_FILTER = "current"
ALL_FILTER = "all"


@dataclass(frozen=True)
class ActionFilters:
    status: str = OPEN_FILTER
    party: Party | None = None
    owner: object | None = None

    @property
    def statuses(self) -> list[str]:
        if self.status == ALL_FILTER:
            return list(ActionStatus.values)
        if self.status == OPEN_FILTER:
            return [s for s in ActionStatus.values if s in OPEN_ACTION_STATUSES]
        return [self.status]

    @property
    def active(self) -> bool:
        return self.status != OPEN_FILTER or self.party is not None or self.owner is not None

    def params(self) -> dict[str, str]:
        params = {"status": self.status}
        if self.party is not None:
            params["party"] = str(self.party.uuid)
        if self.owner is not None:
            params["owner"] = str(self.owner.uuid)
        return params


@dataclass
class ActionGroup:
    status: str
    label: str
    actions: list[ActionItem]


def is_overdue(action: ActionItem, today: date) -> bool:
    return action.is_open and action.due_on is not None and action.due_on < today


def _with_links(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("owner", "owner_party__organisation", "meeting", "decision")


def actions_in_partnership(
    *, partnership: Partnership, filters: ActionFilters | None = None
) -> QuerySet[ActionItem]:
    """The partnership's actions matching the filters, soonest due first (no date last)."""
    filters = filters or ActionFilters()
    actions = ActionItem.objects.filter(partnership=partnership, status__in=filters.statuses)
    if filters.party is not None:
        actions = actions.filter(owner_party=filters.party)
    if filters.owner is not None:
        actions = actions.filter(owner=filters.owner)
    return _with_links(actions).order_by(F("due_on").asc(nulls_last=True), "created_at", "id")


def action_groups_in_partnership(
    *, partnership: Partnership, filters: ActionFilters, today: date
) -> list[ActionGroup]:
    """The list page: one group per status asked for, in the order work flows."""
    groups = {
        status: ActionGroup(status=status, label=str(label), actions=[])
        for status, label in ActionStatus.choices
        if status in filters.statuses
    }
    for action in actions_in_partnership(partnership=partnership, filters=filters):
        action.partnership = partnership
        action.overdue = is_overdue(action, today)
        groups[action.status].actions.append(action)
    return list(groups.values())


def action_filter_choices_in_partnership(*, partnership: Partnership) -> tuple[list, list]:
    """Parties and owners to filter by: the parties taking part or owning an action, and
    everyone who owns an action."""
    parties = list(
        Party.objects.filter(partnership=partnership, organisation__isnull=False)
        .filter(Q(status=PartyStatus.ACTIVE) | Q(action_items__isnull=False))
        .distinct()
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    owners = list(
        get_user_model()
        .objects.filter(action_items__partnership=partnership)
        .distinct()
        .order_by("full_name", "email")
    )
    return parties, owners


@dataclass
class AssignChoices:
    """What the action form offers: the parties taking part, their people, and the
    partnership's meetings and decisions to link to."""

    parties: list[Party]
    people: dict[int, list]  # party pk → users, members of its organisation
    meetings: QuerySet
    decisions: QuerySet


def assign_choices_in_partnership(*, partnership: Partnership) -> AssignChoices:
    parties = list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    by_organisation: dict[int, list] = {}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=[party.organisation_id for party in parties],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    for membership in memberships:
        by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
    return AssignChoices(
        parties=parties,
        people={party.pk: by_organisation.get(party.organisation_id, []) for party in parties},
        meetings=Meeting.objects.filter(partnership=partnership).order_by("-starts_at", "-id"),
        decisions=Decision.objects.filter(partnership=partnership).order_by("-number"),
    )


def export_rows_in_partnership(
    *, partnership: Partnership, filters: ActionFilters, today: date
) -> list[ActionItem]:
    actions = list(actions_in_partnership(partnership=partnership, filters=filters))
    for action in actions:
        action.partnership = partnership
        action.overdue = is_overdue(action, today)
    return actions


# A person's own actions


def reachable_partnership_ids_for_user(*, user) -> QuerySet:
    """The partnerships a person reaches today: through a current membership of an
    organisation taking part."""
    return Party.objects.filter(
        status=PartyStatus.ACTIVE, organisation__memberships__user=user
    ).values("partnership_id")


def actions_for_user(*, user, today: date, include_done: bool = False) -> list[ActionItem]:
    """The person's actions in every partnership they still reach: overdue first, then by due
    date (none last), and the done ones after, when asked for. One query whatever the number
    of partnerships."""
    statuses = list(OPEN_ACTION_STATUSES)
    if include_done:
        statuses.append(ActionStatus.DONE)
    is_open = Q(status__in=OPEN_ACTION_STATUSES)
    actions = (
        ActionItem.objects.filter(
            owner=user,
            status__in=statuses,
            partnership_id__in=reachable_partnership_ids_for_user(user=user),
        )
        .select_related("partnership", "owner_party__organisation", "meeting", "decision")
        .annotate(
            rank=Case(
                When(is_open & Q(due_on__lt=today), then=Value(0)),
                When(is_open, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", F("due_on").asc(nulls_last=True), "-completed_at", "id")
    )
    result = list(actions)
    for action in result:
        action.overdue = is_overdue(action, today)
    return result
