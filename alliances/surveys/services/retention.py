"""Retention of survey answers that identify a respondent.

Responses are anonymous unless a question asks who the respondent is: an `email` or `phone`
question, any question marked `"identity": true` in the definition (a name, an address), and a
calculation that copies one of those. Each survey keeps such answers `retention_days` after
receipt (empty: kept); `survey_retention_apply` then erases them, keeping the other answers.

Each response is claimed once with a conditional UPDATE on `identity_erased_at`, so runs that
overlap or repeat never handle a response twice.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from alliances.core.audit import audit_record
from alliances.core.models import Interface
from alliances.surveys.answers import content_hash
from alliances.surveys.definition import iter_questions
from alliances.surveys.expressions import ExpressionError, compile_expression
from alliances.surveys.models import Response, Survey

IDENTITY_TYPES = frozenset({"email", "phone"})


@dataclass
class RetentionResult:
    surveys: int = 0
    responses: int = 0
    answers_erased: int = 0
    by_survey: dict = field(default_factory=dict)


def identity_questions(definition: dict) -> frozenset[str]:
    """Names of the questions whose answers identify the respondent."""
    items = list(iter_questions(definition or {}))
    names = {
        item["name"]
        for item in items
        if item.get("name") and (item.get("type") in IDENTITY_TYPES or item.get("identity") is True)
    }
    for item in items:
        if item.get("type") != "calculate" or not item.get("calculation"):
            continue
        try:
            references = compile_expression(item["calculation"]).references
        except ExpressionError:
            continue
        if references & names:
            names.add(item["name"])
    return frozenset(names)


def erase_identity(answers: dict, names: frozenset[str]) -> tuple[dict, int]:
    """The answers without those to `names` (inside repeats too), and how many went."""
    kept, erased = {}, 0
    for name, value in answers.items():
        if name in names:
            erased += 1
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            instances = []
            for instance in value:
                cleaned, count = erase_identity(instance, names)
                instances.append(cleaned)
                erased += count
            value = instances
        kept[name] = value
    return kept, erased


def _apply_to_survey(survey: Survey, *, now: datetime) -> tuple[int, int]:
    names = identity_questions(survey.definition)
    due = Response.objects.filter(
        survey=survey,
        identity_erased_at__isnull=True,
        received_at__lt=now - timedelta(days=survey.retention_days),
    )
    if not names:
        # Nothing identifies anyone: mark them handled, nothing to erase.
        return due.update(identity_erased_at=now), 0
    responses = answers_erased = 0
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            claimed = Response.objects.filter(pk=pk, identity_erased_at__isnull=True).update(
                identity_erased_at=now
            )
            if not claimed:
                continue
            response = Response.objects.select_for_update().get(pk=pk)
            kept, erased = erase_identity(response.answers, names)
            responses += 1
            if erased:
                response.answers = kept
                # The hash of the old answers would let someone confirm a guessed address.
                response.content_hash = content_hash(kept)
                response.save(update_fields=["answers", "content_hash"])
                answers_erased += erased
    return responses, answers_erased


def survey_retention_apply(*, now: datetime | None = None) -> RetentionResult:
    """Erase the identity answers of every response older than its survey's retention."""
    now = now or timezone.now()
    result = RetentionResult()
    surveys = Survey.objects.filter(retention_days__isnull=False).order_by("pk")
    for survey in surveys.iterator():
        responses, erased = _apply_to_survey(survey, now=now)
        if not responses:
            continue
        result.surveys += 1
        result.responses += responses
        result.answers_erased += erased
        result.by_survey[str(survey.uuid)] = {"responses": responses, "answers_erased": erased}
        if erased:
            audit_record(
                actor=None,
                verb="survey.identity_erased",
                obj=survey,
                interface=Interface.COMMAND,
                data={
                    "responses": responses,
                    "answers_erased": erased,
                    "retention_days": survey.retention_days,
                },
            )
    return result
