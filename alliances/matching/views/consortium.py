"""The consortium builder: a few teams of organisations that, together, bring what a project
needs, with what stays uncovered and why."""

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from alliances.core.permissions import Action
from alliances.matching.forms.suggestions import ConsortiumForm
from alliances.matching.models import Call
from alliances.matching.selectors import suggestions as selectors
from alliances.matching.views.suggestions import card_context, resource_labels
from alliances.organisations.access import access_organisation_by_uuid
from alliances.organisations.models import Organisation, Resource, ResourceDirection, Sector
from alliances.partnerships.models import Partnership, PartyStatus
from alliances.territories.models import Territory, TerritoryKind

PAGE = "matching/consortium.html"


@dataclass(frozen=True)
class Source:
    """What the form was prefilled from: a call of the organisation, or a partnership it is a
    party of (whose parties are then left out of the teams)."""

    call: Call | None = None
    partnership: Partnership | None = None
    exclude: tuple[int, ...] = ()


@dataclass(frozen=True)
class Member:
    suggestion: object  # a Suggestion
    brings: list[str]  # labels of the needed resources it offers


@dataclass(frozen=True)
class TeamCard:
    number: int
    team: object  # a TeamView
    members: list[Member]

    @property
    def prefix(self) -> str:
        """Element ids of this team's cards: one organisation may be in several teams."""
        return f"t{self.number}-"


@dataclass(frozen=True)
class GapLine:
    label: str
    why: str


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except (TypeError, ValueError, AttributeError):
        return None


def _source(request: HttpRequest, organisation: Organisation) -> Source:
    call_uuid = _uuid(request.GET.get("call", ""))
    if call_uuid:
        call = Call.objects.filter(uuid=call_uuid, organisation=organisation).first()
        if call is not None:
            return Source(call=call)
    partnership_uuid = _uuid(request.GET.get("partnership", ""))
    if partnership_uuid:
        partnership = (
            Partnership.objects.filter(
                uuid=partnership_uuid,
                parties__organisation=organisation,
                parties__status=PartyStatus.ACTIVE,
            )
            .select_related("territory")
            .first()
        )
        if partnership is not None:
            parties = partnership.parties.filter(
                status=PartyStatus.ACTIVE, organisation__isnull=False
            ).values_list("organisation_id", flat=True)
            return Source(partnership=partnership, exclude=tuple(parties))
    return Source()


def _initial(organisation: Organisation, source: Source) -> dict:
    if source.call is not None:
        call = source.call
        return ConsortiumForm.initial_for(
            seeks=call.resources_sought, causes=call.causes.all(), territory=call.territory
        )
    if source.partnership is not None:
        partnership = source.partnership
        return ConsortiumForm.initial_for(
            # What its parties need and none of them offers, as its suggestions see it.
            seeks=selectors.suggestions_for_partnership(
                partnership=partnership, limit=1
            ).need.seeks,
            causes=partnership.causes.all(),
            territory=partnership.territory,
        )
    needed = organisation.resources.filter(direction=ResourceDirection.NEEDED).values_list(
        "resource", flat=True
    )
    return ConsortiumForm.initial_for(
        seeks=needed,
        causes=organisation.causes.all(),
        territory=_place_of(organisation),
    )


def _place_of(organisation: Organisation) -> Territory | None:
    """The territory it governs, else its commune (by its code when not linked yet)."""
    if organisation.territory_id or organisation.commune_id:
        return organisation.territory or organisation.commune
    if organisation.commune_code:
        return Territory.objects.filter(
            kind=TerritoryKind.COMMUNE, code=organisation.commune_code
        ).first()
    return None


def _gap_label(gap) -> str:
    if gap.kind == "resource" and gap.value in Resource.values:
        return str(Resource(gap.value).label)
    if gap.kind == "sector" and gap.value in Sector.values:
        return str(Sector(gap.value).label)
    return str(gap.value)


def _cards(result) -> list[TeamCard]:
    cards = []
    for number, team in enumerate(result.teams, start=1):
        members = []
        for suggestion in team.members:
            offered = suggestion.scored.part("complementarity").facts.get("offered", ())
            members.append(Member(suggestion, resource_labels(offered)))
        cards.append(TeamCard(number, team, members))
    return cards


@login_required
@require_safe
def consortium(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MATCHING)
    organisation = access.organisation
    source = _source(request, organisation)
    submitted = "build" in request.GET
    form = ConsortiumForm(
        request.GET if submitted else None,
        initial=None if submitted else _initial(organisation, source),
    )
    result = None
    if submitted and form.is_valid():
        result = selectors.consortium_for(
            organisation=organisation,
            seeks=form.cleaned_data["seeks"],
            causes=form.cause_codes,
            territory=form.cleaned_data["territory"],
            exclude=source.exclude,
        )
    context = {
        "access": access,
        "organisation": organisation,
        "form": form,
        "source": source,
        "result": result,
        "teams": _cards(result) if result else [],
        "gaps": [GapLine(_gap_label(gap), gap.why) for gap in result.uncovered] if result else [],
        **card_context(
            acting=organisation if access.can(Action.FIND_PARTNERS) else None,
            next_url=request.get_full_path(),
            htmx_cards=False,
        ),
    }
    return render(request, PAGE, context)


urlpatterns = [
    path("organisations/<uuid:organisation_uuid>/consortium/", consortium, name="consortium"),
]
