"""Reading proposals: the answers to a call side by side with their scores, one proposal, and
the proposals an organisation received and sent."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from alliances.matching.models import Call, CallCriterion, Proposal, ProposalScore, ProposalStatus
from alliances.matching.ranking import Place, distance_km
from alliances.matching.selectors.calls import resource_labels
from alliances.organisations.models import Organisation

SCORE_MAX = 5


@dataclass
class Answer:
    """One answer as the comparison shows it; `scores` follow the call's criteria."""

    proposal: Proposal
    scores: list[int | None] = field(default_factory=list)
    total: float = 0.0  # out of 100
    scored: int = 0
    distance_km: float | None = None
    resources: list[str] = field(default_factory=list)
    criteria: list[CallCriterion] = field(default_factory=list)

    @property
    def marks(self) -> list[tuple[CallCriterion, int | None]]:
        return list(zip(self.criteria, self.scores, strict=True))

    @property
    def organisation(self) -> Organisation:
        return self.proposal.from_organisation

    @property
    def town(self) -> str:
        organisation = self.organisation
        if organisation.commune_id:
            return organisation.commune.name
        return organisation.city

    @property
    def fully_scored(self) -> bool:
        return self.scored == len(self.scores)


@dataclass
class Comparison:
    call: Call
    criteria: list[CallCriterion]
    answers: list[Answer]
    withdrawn: int = 0

    @property
    def rows(self) -> list[tuple[CallCriterion, list[tuple[Answer, int | None]]]]:
        """Per criterion, each answer's score: the rows of the table."""
        return [
            (criterion, [(answer, answer.scores[index]) for answer in self.answers])
            for index, criterion in enumerate(self.criteria)
        ]


def weighted_total(criteria: list[CallCriterion], scores: list[int | None]) -> float:
    """sum(score / 5 × weight), out of 100; a criterion not scored yet counts 0."""
    total = sum(
        score / SCORE_MAX * criterion.weight
        for criterion, score in zip(criteria, scores, strict=True)
        if score is not None
    )
    return round(total, 1)


def _point(territory) -> Place:
    if territory is None:
        return Place()
    return Place(latitude=territory.latitude, longitude=territory.longitude)


def organisation_point(organisation: Organisation) -> Place:
    """Where the organisation is: its commune, else the territory it governs."""
    place = _point(organisation.commune if organisation.commune_id else None)
    if not place.has_point and organisation.territory_id:
        place = _point(organisation.territory)
    return place


def _answer(proposal: Proposal, criteria: list[CallCriterion], call_place: Place) -> Answer:
    by_criterion = {score.criterion_id: score.score for score in proposal.scores.all()}
    scores = [by_criterion.get(criterion.pk) for criterion in criteria]
    distance = distance_km(organisation_point(proposal.from_organisation), call_place)
    return Answer(
        proposal=proposal,
        scores=scores,
        total=weighted_total(criteria, scores),
        scored=sum(score is not None for score in scores),
        distance_km=None if distance is None else round(distance, 1),
        resources=resource_labels(proposal.resources_offered),
        criteria=criteria,
    )


def _with_organisation(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related(
        "from_organisation", "from_organisation__commune", "from_organisation__territory"
    ).prefetch_related(Prefetch("scores", queryset=ProposalScore.objects.order_by()))


def comparison_for_call(*, call: Call) -> Comparison:
    """The live answers of a call, best weighted total first; three queries."""
    criteria = list(call.criteria.all())
    call_place = _point(call.territory)
    proposals = _with_organisation(
        call.proposals.exclude(status=ProposalStatus.WITHDRAWN).order_by("created_at", "id")
    )
    answers = [_answer(proposal, criteria, call_place) for proposal in proposals]
    answers.sort(key=lambda answer: -answer.total)
    withdrawn = call.proposals.filter(status=ProposalStatus.WITHDRAWN).count()
    return Comparison(call=call, criteria=criteria, answers=answers, withdrawn=withdrawn)


def answer_for_proposal(*, proposal: Proposal) -> Answer:
    """One proposal with its scores and total (no scores for a proposal without a call)."""
    call = proposal.call
    criteria = list(call.criteria.all()) if call else []
    fetched = _with_organisation(Proposal.objects.filter(pk=proposal.pk)).get()
    fetched.call = call
    return _answer(fetched, criteria, _point(call.territory if call else None))


@dataclass
class OrganisationProposals:
    received: list[Proposal]
    sent: list[Proposal]


def proposals_of_organisation(*, organisation: Organisation) -> OrganisationProposals:
    """What the organisation received and sent, newest first; two queries."""
    received = Proposal.objects.filter(to_organisation=organisation).select_related(
        "call", "from_organisation"
    )
    sent = Proposal.objects.filter(from_organisation=organisation).select_related(
        "call", "to_organisation"
    )
    return OrganisationProposals(received=list(received), sent=list(sent))
