"""Reads of an organisation's self-diagnoses, and the figures and results of one of them."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.questions import dimension_scores
from alliances.diagnosis.reference import is_compared
from alliances.diagnosis.results import (
    Comparison,
    Finding,
    ScoreRow,
    SectorRow,
    TypeRow,
    compare,
    gaps,
    score_rows,
    sector_rows,
    strengths,
    type_rows,
)
from alliances.diagnosis.selectors.portfolio import (
    Portfolio,
    place_parameter_of_organisation,
    portfolio_for_organisation,
)
from alliances.diagnosis.suggestions import Facts, Suggestion, suggestions_for, targets_of
from alliances.organisations.models import Organisation


def diagnoses_of_organisation(*, organisation: Organisation) -> list[Diagnosis]:
    """Every self-diagnosis of the organisation, the draft first, then the latest completed."""
    return list(
        Diagnosis.objects.filter(organisation=organisation)
        .select_related("completed_by", "created_by")
        .order_by("-status", "-completed_at", "-created_at", "-id")
    )


def draft_of_organisation(*, organisation: Organisation) -> Diagnosis | None:
    return Diagnosis.objects.filter(organisation=organisation, status=DiagnosisStatus.DRAFT).first()


def latest_completed_of_organisation(*, organisation: Organisation) -> Diagnosis | None:
    return (
        Diagnosis.objects.filter(organisation=organisation, status=DiagnosisStatus.COMPLETED)
        .order_by("-completed_at", "-id")
        .first()
    )


def previous_completed_in_organisation(*, diagnosis: Diagnosis) -> Diagnosis | None:
    """The completed self-diagnosis before this one (for a draft: the latest completed)."""
    completed = Diagnosis.objects.filter(
        organisation_id=diagnosis.organisation_id, status=DiagnosisStatus.COMPLETED
    ).exclude(pk=diagnosis.pk)
    if diagnosis.status == DiagnosisStatus.COMPLETED and diagnosis.completed_at:
        completed = completed.filter(
            Q(completed_at__lt=diagnosis.completed_at)
            | Q(completed_at=diagnosis.completed_at, pk__lt=diagnosis.pk)
        )
    return completed.order_by("-completed_at", "-id").first()


@dataclass(frozen=True)
class Figures:
    """A self-diagnosis's figures: kept from its day once completed, of today for a draft."""

    portfolio: Portfolio
    scores: dict
    answers: dict
    live: bool

    def as_data(self) -> dict:
        return {
            "portfolio": self.portfolio.as_data(),
            "scores": self.scores,
            "answers": self.answers,
        }


def figures_of_diagnosis(*, diagnosis: Diagnosis, today: date) -> Figures:
    if diagnosis.status == DiagnosisStatus.COMPLETED:
        return Figures(
            Portfolio.from_data(diagnosis.portfolio),
            dict(diagnosis.scores or {}),
            dict(diagnosis.answers or {}),
            live=False,
        )
    answers = dict(diagnosis.answers or {})
    return Figures(
        portfolio_for_organisation(organisation=diagnosis.organisation, today=today),
        dimension_scores(answers),
        answers,
        live=True,
    )


@dataclass(frozen=True)
class Results:
    figures: Figures
    compared: bool  # the organisation is an association: the national figures apply
    types: list[TypeRow]
    sectors: list[SectorRow]
    scores: list[ScoreRow]
    strengths: list[Finding]
    gaps: list[Finding]
    suggestions: list[Suggestion]

    @property
    def portfolio(self) -> Portfolio:
        return self.figures.portfolio


def results_of_diagnosis(*, diagnosis: Diagnosis, today: date) -> Results:
    organisation = diagnosis.organisation
    figures = figures_of_diagnosis(diagnosis=diagnosis, today=today)
    facts = Facts(organisation.kind, figures.portfolio, figures.scores, figures.answers)
    targets = targets_of(
        organisation_uuid=organisation.uuid,
        place=place_parameter_of_organisation(organisation),
        portfolio=figures.portfolio,
    )
    return Results(
        figures=figures,
        compared=is_compared(organisation.kind),
        types=type_rows(figures.portfolio),
        sectors=sector_rows(figures.portfolio),
        scores=score_rows(figures.scores),
        strengths=strengths(figures.scores, figures.answers),
        gaps=gaps(figures.scores, figures.answers),
        suggestions=suggestions_for(facts, targets),
    )


def comparison_of_diagnosis(
    *, diagnosis: Diagnosis, previous: Diagnosis, today: date
) -> Comparison:
    before = figures_of_diagnosis(diagnosis=previous, today=today)
    after = figures_of_diagnosis(diagnosis=diagnosis, today=today)
    return compare(before=before.as_data(), after=after.as_data())
