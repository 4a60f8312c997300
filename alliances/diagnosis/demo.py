"""The demo association's self-diagnoses: one completed a year ago, one completed recently,
so that the results, the suggestions and the comparison have something to show. Idempotent:
an organisation that already has a self-diagnosis is left alone."""

from datetime import timedelta

from django.utils import timezone

from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.questions import QUESTIONS, dimension_scores
from alliances.diagnosis.selectors.portfolio import Portfolio, portfolio_for_organisation

# The year-ago answers: a young partnership policy; the recent ones: what moved since.
LAST_YEAR = {
    "leadership": "starting",
    "systems": "not_started",
    "people": "starting",
    "culture": "established",
}
MOVED = {
    "leadership.written_strategy": "established",
    "leadership.board_review": "established",
    "systems.written_agreements": "established",
    "systems.steering": "starting",
    "systems.impact_measurement": "starting",
    "people.named_lead": "established",
    "culture.partner_feedback": "starting",
    "culture.residents_voice": "exemplary",
}
COMMENTS = {
    "leadership.written_strategy": "Stratégie partenariale votée en assemblée générale en mars.",
    "culture.residents_voice": "Les habitants du conseil citoyen participent au comité de suivi.",
}


def _answers(moved: dict, comments: dict) -> dict:
    answers = {}
    for question in QUESTIONS:
        level = moved.get(question.code, LAST_YEAR[question.dimension])
        answers[question.code] = {"level": level, "comment": comments.get(question.code, "")}
    return answers


def _create(organisation, user, *, answers: dict, portfolio: dict, completed_at) -> Diagnosis:
    diagnosis = Diagnosis.objects.create(
        organisation=organisation,
        status=DiagnosisStatus.COMPLETED,
        answers=answers,
        scores=dimension_scores(answers),
        portfolio=portfolio,
        created_by=user,
        completed_by=user,
        completed_at=completed_at,
    )
    # The demo tells a story over a year: the row was "created" when it was completed.
    Diagnosis.objects.filter(pk=diagnosis.pk).update(
        created_at=completed_at - timedelta(days=2), updated_at=completed_at
    )
    return diagnosis


def load_diagnosis_demo(organisation, user) -> list[Diagnosis]:
    if Diagnosis.objects.filter(organisation=organisation).exists():
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    recent = portfolio_for_organisation(organisation=organisation, today=today)
    # A year ago the association had fewer partners: no company and no school yet.
    earlier = Portfolio.from_data(recent.as_data())
    for partner_type in ("company", "school"):
        earlier.partners -= earlier.by_type.get(partner_type, 0)
        earlier.by_type[partner_type] = 0
    earlier.partners = max(earlier.partners, 0)
    earlier.partnerships = max(recent.partnerships - 1, 0)
    earlier.with_agreement = min(earlier.with_agreement, earlier.partnerships)
    earlier.with_framework = 0
    earlier.with_health_check = 0
    return [
        _create(
            organisation,
            user,
            answers=_answers({}, {}),
            portfolio=earlier.as_data(),
            completed_at=now - timedelta(days=365),
        ),
        _create(
            organisation,
            user,
            answers=_answers(MOVED, COMMENTS),
            portfolio=recent.as_data(),
            completed_at=now - timedelta(days=10),
        ),
    ]
