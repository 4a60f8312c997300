"""Writes of a self-diagnosis: start it, save answers as one goes, complete it."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.questions import (
    COMMENT_MAX,
    LEVEL_POINTS,
    QUESTION_BY_CODE,
    QUESTIONS,
    dimension_scores,
    unanswered,
)
from alliances.diagnosis.selectors.diagnoses import (
    draft_of_organisation,
    latest_completed_of_organisation,
)
from alliances.diagnosis.selectors.portfolio import portfolio_for_organisation
from alliances.organisations.access import OrganisationAccess

NOTES_MAX = 5000


def _ensure_may_edit(access: OrganisationAccess) -> None:
    if not access.can(Action.EDIT_WORK):
        raise PermissionDenied


def _ensure_draft(diagnosis: Diagnosis) -> None:
    if diagnosis.status != DiagnosisStatus.DRAFT:
        raise ValidationError(
            _("This self-diagnosis is completed: it can no longer be changed. Start a new one."),
            code="completed",
        )


def _ensure_own(access: OrganisationAccess, diagnosis: Diagnosis) -> None:
    if diagnosis.organisation_id != access.organisation.pk:
        raise PermissionDenied


def clean_answers(answers: dict) -> dict:
    """Answers as stored: {question code: {"level": ..., "comment": ...}}, unanswered questions
    without a comment left out. Unknown questions or levels, and long comments, are refused."""
    errors = {}
    cleaned = {}
    for code, answer in answers.items():
        if code not in QUESTION_BY_CODE:
            raise ValidationError(_("Unknown question in the answers."), code="unknown_question")
        answer = answer if isinstance(answer, dict) else {}
        level = answer.get("level") or ""
        comment = str(answer.get("comment") or "").strip()
        if level and level not in LEVEL_POINTS:
            errors[code] = _("Choose one of the four answers.")
        if len(comment) > COMMENT_MAX:
            errors[code] = _("Keep the comment under %(max)s characters.") % {"max": COMMENT_MAX}
        if level or comment:
            cleaned[code] = {"level": level, "comment": comment}
    if errors:
        raise ValidationError(errors)
    # Keep the questionnaire's order, which is also the order of the stored JSON.
    return {q.code: cleaned[q.code] for q in QUESTIONS if q.code in cleaned}


def _clean_notes(notes: str) -> str:
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise ValidationError(
            {"notes": _("Keep the notes under %(max)s characters.") % {"max": NOTES_MAX}}
        )
    return notes


@transaction.atomic
def diagnosis_start(*, access: OrganisationAccess, actor) -> tuple[Diagnosis, bool]:
    """Start a self-diagnosis, filled in with the answers of the latest completed one so that
    only what moved needs changing. An organisation has one draft at a time: when one exists,
    it is returned. Returns (diagnosis, created)."""
    _ensure_may_edit(access)
    organisation = access.organisation
    draft = draft_of_organisation(organisation=organisation)
    if draft is not None:
        return draft, False
    previous = latest_completed_of_organisation(organisation=organisation)
    diagnosis = Diagnosis(
        organisation=organisation,
        answers=dict(previous.answers) if previous else {},
        created_by=actor,
    )
    diagnosis.full_clean()
    try:
        with transaction.atomic():
            diagnosis.save()
    except IntegrityError:
        # Someone else started one at the same moment: continue theirs.
        return draft_of_organisation(organisation=organisation), False
    audit_record(
        actor=actor,
        verb="diagnosis.start",
        obj=diagnosis,
        organisation_uuid=organisation.uuid,
        data={"from": str(previous.uuid) if previous else None},
    )
    return diagnosis, True


def _locked_draft(access: OrganisationAccess, diagnosis: Diagnosis) -> Diagnosis:
    _ensure_may_edit(access)
    _ensure_own(access, diagnosis)
    locked = Diagnosis.objects.select_for_update().get(pk=diagnosis.pk)
    _ensure_draft(locked)
    return locked


@transaction.atomic
def diagnosis_save(
    *, access: OrganisationAccess, actor, diagnosis: Diagnosis, answers: dict, notes: str
) -> Diagnosis:
    """Save the answers given so far; the rest can wait."""
    locked = _locked_draft(access, diagnosis)
    locked.answers = clean_answers(answers)
    locked.notes = _clean_notes(notes)
    locked.full_clean()
    locked.save(update_fields=["answers", "notes", "updated_at"])
    audit_record(
        actor=actor,
        verb="diagnosis.save",
        obj=locked,
        organisation_uuid=access.organisation.uuid,
        data={"answered": len(locked.answers)},
    )
    return locked


@transaction.atomic
def diagnosis_complete(
    *,
    access: OrganisationAccess,
    actor,
    diagnosis: Diagnosis,
    answers: dict | None = None,
    notes: str | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> Diagnosis:
    """Complete the self-diagnosis: every question answered, then its scores and the portfolio
    of the day are kept so that a later self-diagnosis can be compared with it."""
    locked = _locked_draft(access, diagnosis)
    if answers is not None:
        locked.answers = clean_answers(answers)
    if notes is not None:
        locked.notes = _clean_notes(notes)
    missing = unanswered(locked.answers)
    if missing:
        raise ValidationError(
            {
                question.code: _("Choose an answer to complete the self-diagnosis.")
                for question in missing
            },
            code="unanswered",
        )
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    locked.scores = dimension_scores(locked.answers)
    locked.portfolio = portfolio_for_organisation(
        organisation=access.organisation, today=today
    ).as_data()
    locked.status = DiagnosisStatus.COMPLETED
    locked.completed_by = actor
    locked.completed_at = now
    locked.full_clean()
    locked.save(
        update_fields=[
            "answers",
            "notes",
            "scores",
            "portfolio",
            "status",
            "completed_by",
            "completed_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        verb="diagnosis.complete",
        obj=locked,
        organisation_uuid=access.organisation.uuid,
        data={"scores": locked.scores},
    )
    return locked
