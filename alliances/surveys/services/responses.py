"""Storing and deleting survey responses.

A response is stored once per (survey, submission identifier): the device makes the
identifier up before the first attempt, so every retry of the same questionnaire (a flaky
network, a double tap, an offline queue sent twice) finds the row already there. The same
content is then "already stored"; other content under the same identifier is a conflict the
device must show, never a silent overwrite.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.partnerships.services.activity import activity_record
from alliances.surveys.answers import clean_answers, content_hash
from alliances.surveys.models import Response, ResponseChannel, Survey, SurveyStatus

# A device clock a little ahead (time zones, a phone set by hand) must not lose an answer.
FUTURE_TOLERANCE = timedelta(days=1)


class SubmissionConflict(Exception):
    """The identifier is already used by a response with other answers."""


@dataclass(frozen=True)
class SubmitOutcome:
    response: Response
    created: bool


def survey_languages(survey: Survey) -> list[str]:
    return list((survey.definition or {}).get("languages") or []) or ["default"]


def survey_accepts_answers(survey: Survey, *, now=None) -> bool:
    """Open, and inside its opening dates if it has any."""
    if survey.status != SurveyStatus.OPEN:
        return False
    now = now or timezone.now()
    if survey.opens_at and now < survey.opens_at:
        return False
    return not (survey.closes_at and now >= survey.closes_at)


def _submission_uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(
            {"submission_id": _("The questionnaire's identifier is not valid.")}
        ) from exc


def response_submit(
    *,
    survey: Survey,
    submission_id,
    answers: dict,
    collected_on: date,
    language: str,
    channel: str,
    entered_by=None,
) -> SubmitOutcome:
    """Validate and store one questionnaire; the same one sent again is harmless.

    Raises ValidationError (messages by question name) or SubmissionConflict.
    """
    submission_uuid = _submission_uuid(submission_id)
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers must be a set of questions.")})
    today = timezone.localdate()
    cleaned, errors = clean_answers(
        survey.definition, answers, today=today, language=language or None
    )
    if not isinstance(collected_on, date):
        errors["collected_on"] = _("Enter the date the questionnaire was answered.")
    elif collected_on > today + FUTURE_TOLERANCE:
        errors["collected_on"] = _("The date cannot be in the future.")
    if channel not in ResponseChannel.values:
        errors["channel"] = _("Unknown channel.")
    if errors:
        raise ValidationError(errors)
    languages = survey_languages(survey)
    if language not in languages:
        language = languages[0]
    digest = content_hash(cleaned)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submission_id=submission_uuid,
                content_hash=digest,
                answers=cleaned,
                language=language[:16],
                survey_version=survey.version,
                channel=channel,
                collected_on=collected_on,
                entered_by=entered_by,
            )
            if entered_by is not None:
                audit_record(
                    actor=entered_by,
                    verb="survey.response_enter",
                    obj=response,
                    data={"survey": str(survey.uuid), "channel": channel},
                )
            transaction.on_commit(lambda: _schedule_indicators(survey))
    except IntegrityError:
        # Concurrent identical posts: the loser waits on the unique index until the winner
        # commits, then lands here and reads the winner's row.
        existing = (
            Response.objects.filter(survey=survey, submission_id=submission_uuid)
            .only("id", "uuid", "content_hash", "survey_id")
            .first()
        )
        if existing is None:
            raise
        if existing.content_hash != digest:
            raise SubmissionConflict from None
        return SubmitOutcome(response=existing, created=False)
    return SubmitOutcome(response=response, created=True)


def response_delete(*, response: Response, actor, reason: str) -> None:
    """Delete a mistaken response (typically a paper entry typed twice), keeping a trace."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this response is deleted.")})
    survey = response.survey
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="survey.response_delete",
            obj=response,
            data={
                "survey": str(survey.uuid),
                "channel": response.channel,
                "collected_on": response.collected_on.isoformat(),
                "reason": reason[:500],
            },
        )
        activity_record(
            partnership=survey.partnership,
            actor=actor,
            verb="survey.response_deleted",
            data={"survey": survey.title, "reason": reason[:500]},
        )
        response.delete()
        transaction.on_commit(lambda: _schedule_indicators(survey))


def _schedule_indicators(survey: Survey) -> None:
    from alliances.surveys.computation import survey_indicators_schedule

    survey_indicators_schedule(survey)
