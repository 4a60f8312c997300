"""Storing and deleting survey responses.

A response is stored once per (survey, submission identifier): the device makes the
identifier up before the first attempt, so every retry of the same questionnaire (a flaky
network, a double tap, an offline queue sent twice) finds the row already there. The same
content is then "already stored"; other content under the same identifier is a conflict the
device must show, never a silent overwrite.
"""

import functools
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.partnerships.services.activity import activity_record
from alliances.surveys.answers import clean_answers, content_hash
from alliances.surveys.models import Response, ResponseChannel, Survey, SurveyStatus

# A device clock a little ahead (time zones, a phone set by hand) must not lose an answer.
FUTURE_TOLERANCE = timedelta(days=1)
# The unique constraint "response_once_per_submission".
UNIQUE_SUBMISSION = ("survey", "submission_id")


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
    response = Response(
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
    # A public post stores one row and nothing else: in autocommit the insert is its own
    # transaction (one round trip, no BEGIN/COMMIT). A paper entry also writes an audit line,
    # so both go in one transaction.
    with transaction.atomic() if entered_by is not None else nullcontext():
        created = _insert_once(response)
        if created:
            if entered_by is not None:
                audit_record(
                    actor=entered_by,
                    verb="survey.response_enter",
                    obj=response,
                    data={"survey": str(survey.uuid), "channel": channel},
                )
            # Runs at once in autocommit, after the commit inside a transaction.
            transaction.on_commit(lambda: _schedule_indicators(survey))
    if created:
        return SubmitOutcome(response=response, created=True)
    existing = (
        Response.objects.filter(survey=survey, submission_id=submission_uuid)
        .only("id", "uuid", "content_hash", "survey_id")
        .first()
    )
    if existing is None:
        # Deleted between the insert and this read: store this copy after all.
        return response_submit(
            survey=survey,
            submission_id=submission_uuid,
            answers=answers,
            collected_on=collected_on,
            language=language,
            channel=channel,
            entered_by=entered_by,
        )
    if existing.content_hash != digest:
        raise SubmissionConflict
    return SubmitOutcome(response=existing, created=False)


@functools.cache
def _insert_sql(alias: str, columns: tuple[str, ...]) -> str:
    # Only names from the model's metadata, quoted; the values are parameters.
    meta = Response._meta
    quote = connections[alias].ops.quote_name
    target = ", ".join(quote(meta.get_field(name).column) for name in UNIQUE_SUBMISSION)
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({target}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )


def _insert_once(response: Response) -> bool:
    """Insert the response unless its (survey, submission_id) is already stored.

    INSERT ... ON CONFLICT DO NOTHING: a concurrent insert of the same identifier makes this
    one wait until the other commits (then nothing is inserted) or rolls back (then this one
    is), so it never fails and never needs a savepoint. False when the row already existed.
    """
    connection = connections[router.db_for_write(Response)]
    if connection.vendor not in {"postgresql", "sqlite"}:
        try:
            with transaction.atomic():
                response.save(force_insert=True)
        except IntegrityError:
            return False
        return True
    meta = Response._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    params = [
        field.get_db_prep_save(field.pre_save(response, True), connection) for field in fields
    ]
    sql = _insert_sql(connection.alias, tuple(field.column for field in fields))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias
    return True


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
