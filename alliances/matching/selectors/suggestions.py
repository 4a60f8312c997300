"""Partner suggestions for an organisation, a call for partners or a partnership in progress,
and teams of partners that together bring what is sought (`consortium_for`).

Every list is found the same way, in a fixed number of queries whatever its length:
1. the need: what the asker seeks and brings, its causes, place and words;
2. what the asker did with earlier suggestions (`feedback.need_with_feedback`);
3. the directory's index (`features.current_index`, kept per process) finds a few times more
   candidates than asked for;
4. those organisations are read again from the database: one that left the directory since the
   index was built is dropped, and the others are ranked again on what they say now.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliances.matching.consortium import build_consortia
from alliances.matching.explain import Reason, reasons
from alliances.matching.features import (
    NO_TRACK_RECORD,
    candidate_from_organisation,
    current_directory,
    organisations_with_candidates,
    place_of_territory,
    suggestible,
    with_goals,
)
from alliances.matching.feedback import feedback_by_candidate, need_with_feedback
from alliances.matching.models import Call, CallKind, Proposal, SuggestionFeedback
from alliances.matching.ranking import (
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    Scored,
    Weights,
    rank,
)
from alliances.organisations.models import Organisation, Resource, Sector
from alliances.partnerships.models import Partnership, Party, PartyRole, PartyStatus
from alliances.territories.models import Territory

# The index is asked for this many times the suggestions shown: room for organisations that
# changed or left since it was built.
OVERFETCH = 3
CONSORTIUM_POOL = 200


@dataclass(frozen=True)
class Suggestion:
    organisation: Organisation
    scored: Scored
    reasons: list[Reason]
    distance_km: float | None
    feedback: SuggestionFeedback | None = None

    @property
    def score(self) -> float:
        return self.scored.score


@dataclass
class SuggestionList:
    need: Need
    items: list[Suggestion]
    notes: list[str]
    asker: Organisation


@dataclass
class TeamView:
    members: list[Suggestion]
    covers: list[tuple[str, list[str]]]  # (resource label, names of who brings it)
    sectors: list[str]  # sector labels
    score: float


@dataclass
class ConsortiumView:
    teams: list[TeamView]
    uncovered: list  # consortium.Gap
    need: Need
    notes: list[str] = field(default_factory=list)


# Checking what the pages pass


def _resources(values: Iterable[str] | None, *, field_name: str) -> frozenset[str] | None:
    if values is None:
        return None
    values = frozenset(values)
    unknown = values - set(Resource.values)
    if unknown:
        raise ValidationError(
            {field_name: _("Unknown resource: %(value)s.") % {"value": ", ".join(sorted(unknown))}}
        )
    return values


def _sectors(values: Iterable[str] | None) -> frozenset[str]:
    values = frozenset(values or ())
    unknown = values - set(Sector.values)
    if unknown:
        raise ValidationError(
            {"sectors": _("Unknown sector: %(value)s.") % {"value": ", ".join(sorted(unknown))}}
        )
    return values


def _max_km(value) -> float | None:
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        value = -1.0
    if not value > 0:
        raise ValidationError({"max_km": _("Give a distance in kilometres, above zero.")})
    return value


def _limit(limit: int) -> int:
    if limit < 1:
        raise ValidationError(_("Ask for at least one suggestion."))
    return limit


# The common path


def _terms(text_model, *texts: str) -> dict[str, float]:
    text = "\n".join(t for t in texts if t)
    return dict(text_model.terms(text)) if text_model is not None and text else {}


def _asker(organisation: Organisation, text_model) -> Candidate:
    # The asker's own track record plays no part in what it is suggested.
    return candidate_from_organisation(organisation, text_model=text_model, track=NO_TRACK_RECORD)


def _fresh(ids: list[int], *, text_model) -> tuple[dict[int, Organisation], list[Candidate]]:
    """The organisations as the database has them now, those still suggestible only."""
    if not ids:
        return {}, []
    pairs = organisations_with_candidates(
        Organisation.objects.filter(suggestible(), pk__in=ids), text_model=text_model
    )
    return {org.pk: org for org, _candidate in pairs}, [candidate for _org, candidate in pairs]


def _suggestion(scored: Scored, organisations: dict, feedback: dict) -> Suggestion:
    candidate_id = scored.candidate.id
    return Suggestion(
        organisation=organisations[candidate_id],
        scored=scored,
        reasons=reasons(scored),
        distance_km=scored.distance_km,
        feedback=feedback.get(candidate_id),
    )


def _set_aside_note(before: Need, after: Need) -> list[str]:
    count = len(after.exclude - before.exclude)
    if not count:
        return []
    return [
        ngettext(
            "%(count)s organisation you set aside is not shown.",
            "%(count)s organisations you set aside are not shown.",
            count,
        )
        % {"count": count}
    ]


def _suggest(
    need: Need,
    *,
    asker: Organisation,
    directory,
    weights: Weights | None,
    limit: int,
    notes: list[str],
) -> SuggestionList:
    weights = weights or DEFAULT_WEIGHTS
    limit = _limit(limit)
    asked = need
    need = need_with_feedback(need, organisation=asker)
    found = directory.index.top(need, weights, k=limit * OVERFETCH)
    organisations, candidates = _fresh(
        [scored.candidate.id for scored in found], text_model=directory.text_model
    )
    ranked = rank(need, candidates, weights, limit=limit)
    feedback = feedback_by_candidate(
        organisation=asker, ids=[scored.candidate.id for scored in ranked]
    )
    return SuggestionList(
        need=need,
        items=[_suggestion(scored, organisations, feedback) for scored in ranked],
        notes=notes + _set_aside_note(asked, need),
        asker=asker,
    )


# For an organisation


def suggestions_for_organisation(
    *,
    organisation: Organisation,
    limit: int = 20,
    weights: Weights | None = None,
    seeks: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
    max_km: float | None = None,
) -> SuggestionList:
    """Partners for `organisation`: who brings what it needs, shares its causes, is near, adds
    a sector to the table. `seeks`, `sectors` and `max_km` replace its needed resources, the
    sectors sought (default: any) and the farthest distance (default: none)."""
    seeks = _resources(seeks, field_name="seeks")
    sectors = _sectors(sectors)
    max_km = _max_km(max_km)
    directory = current_directory()
    asker = _asker(organisation, directory.text_model)
    need = Need(
        asker_id=organisation.pk,
        seeks=asker.needs if seeks is None else seeks,
        gives=asker.offers,
        causes=asker.causes,
        place=asker.place,
        terms=asker.terms,
        sectors_present=frozenset({asker.sector}),
        sectors_sought=sectors,
        max_km=max_km,
    )
    notes = []
    if seeks is None and not asker.needs:
        notes.append(
            _(
                "Your profile lists no needed resources: add them to get suggestions that "
                "bring what you lack."
            )
        )
    if not asker.causes:
        notes.append(
            _(
                "Your profile lists no causes: add them to meet organisations that work on "
                "the same ones."
            )
        )
    if not asker.place.has_point:
        notes.append(_("Your organisation has no address: distance is not taken into account."))
    if max_km is not None and not asker.place.has_point:
        notes.append(_("Without an address, the maximum distance cannot be applied."))
    return _suggest(
        need, asker=organisation, directory=directory, weights=weights, limit=limit, notes=notes
    )


# For a call for partners


def suggestions_for_call(
    *, call: Call, limit: int = 20, weights: Weights | None = None
) -> SuggestionList:
    """Who could answer `call`. A call that offers support looks for organisations that need
    what it offers: the ranking's second direction (what the candidate needs that the asker
    gives) then carries the complementarity."""
    organisation = call.organisation
    directory = current_directory()
    asker = _asker(organisation, directory.text_model)
    offered = frozenset(call.resources_offered or ())
    causes = with_goals(call.causes.values_list("code", flat=True))
    territory = (
        Territory.objects.filter(pk=call.territory_id).first() if call.territory_id else None
    )
    place = place_of_territory(territory) if territory else asker.place
    answered = Proposal.objects.filter(call=call).values_list("from_organisation_id", flat=True)
    need = Need(
        asker_id=organisation.pk,
        seeks=frozenset(call.resources_sought or ()),
        gives=offered if call.kind == CallKind.OFFER or offered else asker.offers,
        causes=causes or asker.causes,
        place=place,
        terms=_terms(directory.text_model, call.title, call.description),
        sectors_present=frozenset({asker.sector}),
        sectors_sought=frozenset(call.sectors_sought or ()),
        exclude=frozenset(answered),
    )
    notes = []
    if call.kind == CallKind.NEED and not need.seeks:
        notes.append(
            _(
                "This call lists no resources sought: add them to get suggestions that bring "
                "what you lack."
            )
        )
    if not need.place.has_point:
        notes.append(
            _(
                "Neither the call nor your organisation has a place: distance is not taken "
                "into account."
            )
        )
    return _suggest(
        need, asker=organisation, directory=directory, weights=weights, limit=limit, notes=notes
    )


# For a partnership in progress


def _coordinator(parties: list[Party]) -> Party | None:
    active = [party for party in parties if party.status == PartyStatus.ACTIVE]
    leading = [party for party in active if PartyRole.COORDINATOR in (party.roles or [])]
    chosen = leading or active or parties
    return chosen[0] if chosen else None


def suggestions_for_partnership(
    *, partnership: Partnership, limit: int = 20, weights: Weights | None = None
) -> SuggestionList:
    """Who could join `partnership`: above all, organisations that bring the resources its
    parties need and none of them offers. Computed for the coordinating organisation, whose
    saved and set-aside suggestions apply."""
    parties = list(
        Party.objects.filter(partnership=partnership, organisation__isnull=False).order_by(
            "created_at", "id"
        )
    )
    coordinator = _coordinator(parties)
    if coordinator is None:
        raise ValidationError(_("This partnership has no party yet."))
    directory = current_directory()
    active_ids = {party.organisation_id for party in parties if party.is_active}
    active_ids.add(coordinator.organisation_id)
    pairs = organisations_with_candidates(
        Organisation.objects.filter(pk__in=active_ids), text_model=None
    )
    by_id = {org.pk: (org, candidate) for org, candidate in pairs}
    asker_org, asker = by_id[coordinator.organisation_id]
    members = [candidate for _org, candidate in pairs]
    needs = frozenset().union(*(candidate.needs for candidate in members))
    offers = frozenset().union(*(candidate.offers for candidate in members))
    causes = with_goals(partnership.causes.values_list("code", flat=True))
    territory = (
        Territory.objects.filter(pk=partnership.territory_id).first()
        if partnership.territory_id
        else None
    )
    need = Need(
        asker_id=asker_org.pk,
        seeks=needs - offers,
        gives=offers,
        causes=causes or asker.causes,
        place=place_of_territory(territory) if territory else asker.place,
        terms=_terms(
            directory.text_model, partnership.title, partnership.purpose, partnership.objectives
        ),
        sectors_present=frozenset(candidate.sector for candidate in members if candidate.sector),
        exclude=frozenset(party.organisation_id for party in parties),
    )
    notes = []
    if not need.seeks:
        notes.append(
            _(
                "No resource is missing: what the parties need, one of them offers. The "
                "suggestions follow the causes, the place and the purpose of the partnership."
            )
        )
    if not need.place.has_point:
        notes.append(_("The partnership has no territory: distance is not taken into account."))
    return _suggest(
        need, asker=asker_org, directory=directory, weights=weights, limit=limit, notes=notes
    )


# Teams of partners


def _ids(values: Iterable) -> frozenset[int]:
    return frozenset(getattr(value, "pk", value) for value in values)


def _resource_label(value: str) -> str:
    return str(Resource(value).label) if value in Resource.values else value


def consortium_for(
    *,
    organisation: Organisation,
    seeks: Iterable[str],
    causes: Iterable[str],
    territory: Territory | None,
    exclude: Iterable = (),
) -> ConsortiumView:
    """Up to three small teams of partners who, together with `organisation`, bring every
    resource of `seeks`, on these causes (SDG codes) and near `territory`; and what no team
    covers. `exclude`: organisations (or their ids) to leave out."""
    seeks = _resources(seeks, field_name="seeks") or frozenset()
    directory = current_directory()
    asker = _asker(organisation, directory.text_model)
    place = place_of_territory(territory) if territory is not None else asker.place
    need = Need(
        asker_id=organisation.pk,
        seeks=seeks,
        gives=asker.offers,
        causes=with_goals(causes) or asker.causes,
        place=place,
        terms=asker.terms,
        sectors_present=frozenset({asker.sector}),
        exclude=_ids(exclude),
    )
    asked = need
    need = need_with_feedback(need, organisation=organisation)
    found = directory.index.top(need, DEFAULT_WEIGHTS, k=CONSORTIUM_POOL)
    organisations, candidates = _fresh(
        [scored.candidate.id for scored in found], text_model=directory.text_model
    )
    pool = rank(need, candidates, DEFAULT_WEIGHTS, limit=None)
    result = build_consortia(need=need, asker=asker, pool=pool)
    member_ids = {scored.candidate.id for team in result.teams for scored in team.members}
    feedback = feedback_by_candidate(organisation=organisation, ids=member_ids)
    names = {org_id: org.name for org_id, org in organisations.items()}
    names[organisation.pk] = organisation.name
    teams = [
        TeamView(
            members=[_suggestion(scored, organisations, feedback) for scored in team.members],
            covers=[
                (
                    _resource_label(resource),
                    [names[i] for i in team.covers[resource] if i in names],
                )
                for resource in sorted(team.covers, key=_resource_order)
            ],
            sectors=[str(Sector(value).label) for value in Sector.values if value in team.sectors],
            score=team.score,
        )
        for team in result.teams
    ]
    notes = _set_aside_note(asked, need)
    if not place.has_point:
        notes.append(_("No place given: distance is not taken into account."))
    return ConsortiumView(teams=teams, uncovered=list(result.uncovered), need=need, notes=notes)


def _resource_order(value: str) -> int:
    values = Resource.values
    return values.index(value) if value in values else len(values)


__all__ = [
    "ConsortiumView",
    "Suggestion",
    "SuggestionList",
    "TeamView",
    "consortium_for",
    "suggestions_for_call",
    "suggestions_for_organisation",
    "suggestions_for_partnership",
]
