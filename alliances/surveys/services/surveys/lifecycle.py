"""A survey's life: settings, opening and closing, deletion, and the XLSForm import."""

import copy
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.partnerships.models import Partnership
from alliances.partnerships.services.activity import activity_record
from alliances.partnerships.services.workspace import ensure_open
from alliances.surveys.definition import ANSWERED_TYPES, iter_questions, validate_definition
from alliances.surveys.models import Survey, SurveyOrigin, SurveyStatus

LANGUAGES = ("fr", "en")
IMPORT_SALT = "alliances.surveys.import"
IMPORT_MAX_AGE = 24 * 3600
DEFAULT_RETENTION_DAYS = 365
MAX_RETENTION_DAYS = 3650
# `survey_update(retention_days=UNCHANGED)` leaves the retention as it is.
UNCHANGED = object()


class ConfirmationNeeded(Exception):
    """The change would leave answers already given without their question."""

    def __init__(self, *, name: str, responses: int):
        super().__init__(name)
        self.name = name
        self.responses = responses


def default_consent_text() -> str:
    """The consent text a new survey starts with, in the active language."""
    return _(
        "This questionnaire asks about your life in the neighbourhood and what you think of "
        "the actions carried out there. It takes a few minutes. It is anonymous: do not write "
        "your name; we do not keep your IP address, and answers are only ever shown as totals "
        "for groups of at least five people. The answers are used by the partners of this "
        "project to measure what their actions change and to improve them. You may skip any "
        "question or stop at any time. For any question about this survey, contact the "
        "organisation that gave you the link."
    )


# Shared steps


def locked_survey(survey: Survey) -> Survey:
    try:
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
    except Survey.DoesNotExist:
        raise ValidationError(
            _("This survey has been deleted in the meantime."), code="gone"
        ) from None
    locked.partnership = survey.partnership
    return locked


def log_change(*, survey: Survey, actor, verb: str, data: dict | None = None, feed: bool = False):
    audit_record(actor=actor, verb=verb, obj=survey, data={"title": survey.title, **(data or {})})
    if feed:
        activity_record(
            partnership=survey.partnership, actor=actor, verb=verb, data={"survey": survey.title}
        )


def save_definition(survey: Survey, definition: dict) -> None:
    survey.definition = definition
    fields = ["definition", "updated_at"]
    if survey.responses.exists():
        survey.version += 1
        fields.append("version")
    survey.save(update_fields=fields)


def _clean_retention(retention_days) -> int | None:
    if retention_days is None:
        return None
    if not 0 <= retention_days <= MAX_RETENTION_DAYS:
        raise ValidationError(
            {"retention_days": _("Choose a number of days between 0 and 3650, or leave it empty.")}
        )
    return retention_days


def _clean_settings(*, title: str, description: str, consent_text: str, languages) -> dict:
    errors = {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Give the survey a title.")
    elif len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if languages is not None:
        languages = list(dict.fromkeys(languages))
        if not languages:
            errors["languages"] = _("Choose at least one language.")
        elif any(language not in LANGUAGES for language in languages):
            errors["languages"] = _("Choose French, English or both.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": (description or "").strip(),
        "consent_text": (consent_text or "").strip(),
        "languages": languages,
    }


# Surveys


@transaction.atomic
def survey_create(
    *,
    partnership: Partnership,
    actor,
    title: str,
    description: str = "",
    consent_text: str = "",
    languages: list[str],
    retention_days: int | None = DEFAULT_RETENTION_DAYS,
) -> Survey:
    ensure_open(partnership)
    values = _clean_settings(
        title=title, description=description, consent_text=consent_text, languages=languages
    )
    survey = Survey(
        retention_days=_clean_retention(retention_days),
        partnership=partnership,
        title=values["title"],
        description=values["description"],
        consent_text=values["consent_text"],
        definition={"languages": values["languages"], "items": []},
        created_by=actor,
    )
    survey.full_clean()
    survey.save()
    log_change(survey=survey, actor=actor, verb="survey.created", feed=True)
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    actor,
    title: str,
    description: str = "",
    consent_text: str = "",
    languages: list[str] | None = None,
    retention_days=UNCHANGED,
) -> Survey:
    """Change the settings; `languages` None keeps them (imported surveys name theirs)."""
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    values = _clean_settings(
        title=title, description=description, consent_text=consent_text, languages=languages
    )
    if retention_days is not UNCHANGED:
        values["retention_days"] = _clean_retention(retention_days)
    fields = []
    for name in ("title", "description", "consent_text", "retention_days"):
        if name in values and getattr(locked, name) != values[name]:
            setattr(locked, name, values[name])
            fields.append(name)
    if fields:
        locked.full_clean()
        locked.save(update_fields=[*fields, "updated_at"])
    if languages is not None and locked.definition.get("languages") != values["languages"]:
        definition = copy.deepcopy(locked.definition)
        definition["languages"] = values["languages"]
        save_definition(locked, definition)
        fields.append("languages")
    if fields:
        log_change(survey=locked, actor=actor, verb="survey.changed", data={"fields": fields})
    return locked


@transaction.atomic
def survey_delete(*, survey: Survey, actor) -> None:
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    if locked.responses.exists():
        raise ValidationError(
            _("This survey has responses: it can be closed, but not deleted."), code="answered"
        )
    log_change(survey=locked, actor=actor, verb="survey.deleted", feed=True)
    locked.delete()


def opening_problems(survey: Survey) -> list[str]:
    """Why the survey cannot be opened yet, in words; empty when it can."""
    definition = survey.definition or {}
    if not any(q.get("type") in ANSWERED_TYPES for q in iter_questions(definition)):
        return [_("Add at least one question before opening the survey.")]
    return list(validate_definition(definition))


@transaction.atomic
def survey_open(*, survey: Survey, actor) -> Survey:
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    if locked.status == SurveyStatus.OPEN:
        raise ValidationError(_("This survey is already open."), code="open")
    problems = opening_problems(locked)
    if problems:
        raise ValidationError(problems, code="invalid")
    locked.status = SurveyStatus.OPEN
    locked.opens_at = timezone.now()
    locked.closes_at = None
    locked.save(update_fields=["status", "opens_at", "closes_at", "updated_at"])
    log_change(survey=locked, actor=actor, verb="survey.opened", feed=True)
    return locked


@transaction.atomic
def survey_close(*, survey: Survey, actor) -> Survey:
    ensure_open(survey.partnership)
    locked = locked_survey(survey)
    if locked.status != SurveyStatus.OPEN:
        raise ValidationError(_("This survey is not open."), code="not_open")
    locked.status = SurveyStatus.CLOSED
    locked.closes_at = timezone.now()
    locked.save(update_fields=["status", "closes_at", "updated_at"])
    log_change(survey=locked, actor=actor, verb="survey.closed", feed=True)
    return locked


# XLSForm import


def _import_path(file_id: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"{file_id}.xlsx"


def import_file_keep(uploaded, *, filename: str) -> str:
    """Keep an uploaded file for a second attempt; returns the signed value naming it."""
    file_id = uuid.uuid4().hex
    path = _import_path(file_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    uploaded.seek(0)
    with path.open("wb") as out:
        for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
            out.write(chunk)
    return signing.dumps({"file": file_id, "name": filename}, salt=IMPORT_SALT)


def import_file_open(signed: str) -> tuple[Path, str]:
    """(path, original filename) of a kept file; ValidationError when gone or tampered with."""
    gone = ValidationError(
        _("The uploaded file is no longer available: please upload it again."), code="gone"
    )
    try:
        value = signing.loads(signed or "", salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        raise gone from None
    path = _import_path(str(value.get("file", "")))
    if not re.fullmatch(r"[0-9a-f]{32}", str(value.get("file", ""))) or not path.exists():
        raise gone
    return path, str(value.get("name", ""))


def import_file_discard(signed: str) -> None:
    try:
        path, _name = import_file_open(signed)
    except ValidationError:
        return
    path.unlink(missing_ok=True)


@transaction.atomic
def survey_import_xlsform(
    *, partnership: Partnership, actor, file, filename: str, leave_out_unsupported: bool
) -> tuple[Survey, "XLSFormResult"]:  # noqa: F821
    """A draft survey from an XLSForm file; raises XLSFormError listing what stops it."""
    # Imported here: reading XLSForm loads pyxform, which no other page needs.
    from alliances.surveys.xlsform import import_xlsform

    ensure_open(partnership)
    result = import_xlsform(file, filename=filename, leave_out_unsupported=leave_out_unsupported)
    title = " ".join((result.title or "").split()) or Path(filename).stem or _("Imported survey")
    survey = Survey(
        partnership=partnership,
        title=title[:200],
        consent_text=default_consent_text(),
        definition=result.definition,
        origin=SurveyOrigin.XLSFORM,
        source_filename=Path(filename).name[:255],
        created_by=actor,
    )
    survey.full_clean()
    survey.save()
    log_change(
        survey=survey,
        actor=actor,
        verb="survey.imported",
        data={"filename": survey.source_filename, "left_out": len(result.left_out)},
        feed=True,
    )
    return survey, result
