"""Reading calls for partners: the open calls anyone may browse, one call's page, and the
calls of one organisation."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, prefetch_related_objects

from alliances.core.permissions import Action
from alliances.matching.access import CallAccess
from alliances.matching.models import Call, CallStatus, Proposal, ProposalStatus
from alliances.organisations.models import Membership, Organisation, Resource, Sector
from alliances.partnerships.selectors.workspace import organisations_for_user
from alliances.territories.models import Territory, TerritoryKind


class CallSort:
    NEWEST = "newest"
    DEADLINE = "deadline"
    ALL = (NEWEST, DEADLINE)


PAGE_SIZE = 20


@dataclass(frozen=True)
class CallFilters:
    place: Territory | None = None
    goal: int | None = None
    kind: str = ""
    resource: str = ""
    sort: str = CallSort.NEWEST


@dataclass
class CallLine:
    """A call as its card shows it."""

    call: Call
    days_left: int
    goals: list[int] = field(default_factory=list)
    sought: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)


def resource_labels(values) -> list[str]:
    labels = dict(Resource.choices)
    return [str(labels[value]) for value in values or [] if value in labels]


def sector_labels(values) -> list[str]:
    labels = dict(Sector.choices)
    return [str(labels[value]) for value in values or [] if value in labels]


def call_line(call: Call, *, today: date) -> CallLine:
    """Needs the call's causes prefetched (or costs one query)."""
    return CallLine(
        call=call,
        days_left=(call.deadline - today).days,
        goals=sorted({cause.goal for cause in call.causes.all()}),
        sought=resource_labels(call.resources_sought),
        offered=resource_labels(call.resources_offered),
    )


def _around(place: Territory) -> Q:
    """Calls whose territory is inside `place`, or contains it."""
    inside = Q(territory=place)
    if place.kind == TerritoryKind.EPCI:
        inside |= Q(territory__epci=place)
    elif place.kind == TerritoryKind.DEPARTEMENT:
        inside |= Q(territory__departement=place)
    elif place.kind == TerritoryKind.REGION:
        inside |= Q(territory__region=place)
    containers = [pk for pk in (place.epci_id, place.departement_id, place.region_id) if pk]
    return inside | Q(territory_id__in=containers) if containers else inside


def open_calls(*, filters: CallFilters, today: date) -> QuerySet[Call]:
    """Published calls whose deadline has not passed, of active organisations with a public
    profile, filtered and sorted."""
    calls = Call.objects.filter(
        status=CallStatus.PUBLISHED,
        deadline__gte=today,
        organisation__is_public=True,
        organisation__is_active=True,
        organisation__dissolved_on__isnull=True,
    )
    if filters.place is not None:
        calls = calls.filter(_around(filters.place))
    if filters.goal:
        through = Call.causes.through.objects.filter(cause__goal=filters.goal)
        calls = calls.filter(pk__in=through.values("call_id"))
    if filters.kind:
        calls = calls.filter(kind=filters.kind)
    if filters.resource:
        # JSON lists of plain codes: the quoted code matches one element exactly.
        quoted = f'"{filters.resource}"'
        calls = calls.filter(
            Q(resources_sought__icontains=quoted) | Q(resources_offered__icontains=quoted)
        )
    order = ("deadline", "-id") if filters.sort == CallSort.DEADLINE else ("-published_at", "-id")
    return (
        calls.order_by(*order)
        .select_related("organisation", "territory")
        .prefetch_related("causes")
    )


def open_calls_page(*, filters: CallFilters, today: date, page: str | int | None) -> Page:
    """One page of open calls; the same few queries whatever the page size."""
    paginated = Paginator(open_calls(filters=filters, today=today), PAGE_SIZE).get_page(page)
    paginated.object_list = [call_line(call, today=today) for call in paginated.object_list]
    return paginated


# One call


def answer_counts(call: Call) -> dict[str, int]:
    """How many answers the call has in each status (withdrawn ones included)."""
    rows = call.proposals.values_list("status").annotate(count=Count("id")).order_by()
    counts = dict.fromkeys(ProposalStatus.values, 0)
    counts.update(dict(rows))
    return counts


def answering_organisations_for_user(*, user, call: Call) -> list[Organisation]:
    """The active organisations for which the user may answer this call: not its publisher."""
    if not getattr(user, "is_authenticated", False):
        return []
    organisations = organisations_for_user(user=user, action=Action.FIND_PARTNERS)
    return list(organisations.exclude(pk=call.organisation_id))


def answers_for_user(*, user, call: Call) -> list[Proposal]:
    """The answers to this call sent by the user's organisations, the live ones first."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = Membership.objects.filter(user=user).values("organisation_id")
    return list(
        call.proposals.filter(from_organisation__in=mine)
        .select_related("from_organisation")
        .order_by("from_organisation__name", "-created_at")
    )


@dataclass
class CallPage:
    line: CallLine
    criteria: list
    sectors: list[str]
    counts: dict[str, int] | None  # answers by status, for the publisher's members
    answer_total: int
    answering: list[Organisation]  # organisations the user may answer for
    answers: list[Proposal]  # the user's organisations' answers

    @property
    def causes(self) -> list:
        return list(self.line.call.causes.all())


def call_page_for_user(*, access: CallAccess, user, today: date) -> CallPage:
    call = access.call
    prefetch_related_objects([call], "causes")
    counts = answer_counts(call) if access.is_member else None
    live = [s for s in ProposalStatus.values if s != ProposalStatus.WITHDRAWN]
    answers = answers_for_user(user=user, call=call)
    answered = {p.from_organisation_id for p in answers if p.status != ProposalStatus.WITHDRAWN}
    answering = [
        organisation
        for organisation in answering_organisations_for_user(user=user, call=call)
        if organisation.pk not in answered
    ]
    return CallPage(
        line=call_line(call, today=today),
        criteria=list(call.criteria.all()),
        sectors=sector_labels(call.sectors_sought),
        counts=counts,
        answer_total=sum(counts[status] for status in live) if counts else 0,
        answering=answering,
        answers=answers,
    )


# An organisation's calls


def calls_of_organisation(
    *, organisation: Organisation, include_drafts: bool, with_counts: bool
) -> QuerySet[Call]:
    """The organisation's calls, newest first; drafts for its members only. With counts,
    each call carries `answers_<status>` numbers."""
    calls = Call.objects.filter(organisation=organisation).order_by("-created_at", "-id")
    if not include_drafts:
        calls = calls.exclude(status=CallStatus.DRAFT)
    if with_counts:
        calls = calls.annotate(
            **{
                f"answers_{status}": Count("proposals", filter=Q(proposals__status=status))
                for status in ProposalStatus.values
            }
        )
    return calls.select_related("territory")


def publishing_organisations_for_user(*, user) -> QuerySet[Organisation]:
    """The active organisations for which the user may publish a call."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return organisations_for_user(user=user, action=Action.FIND_PARTNERS)
