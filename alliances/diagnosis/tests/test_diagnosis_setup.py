"""Shared helpers of the self-diagnosis tests."""

from datetime import UTC, datetime

from alliances.diagnosis.forms import comment_field_name, level_field_name
from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.questions import QUESTIONS, dimension_scores
from alliances.test import PartnershipTestCase

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def all_answers(level: str, **overrides: str) -> dict:
    """Every question answered `level`; `overrides` maps a code (dots as __) to a level."""
    answers = {question.code: {"level": level, "comment": ""} for question in QUESTIONS}
    for key, value in overrides.items():
        answers[key.replace("__", ".")]["level"] = value
    return answers


def form_data(answers: dict, notes: str = "") -> dict:
    data = {"notes": notes}
    for code, answer in answers.items():
        data[level_field_name(code)] = answer.get("level", "")
        data[comment_field_name(code)] = answer.get("comment", "")
    return data


def make_completed(organisation, *, answers: dict, completed_at, portfolio=None, user=None):
    return Diagnosis.objects.create(
        organisation=organisation,
        status=DiagnosisStatus.COMPLETED,
        answers=answers,
        scores=dimension_scores(answers),
        portfolio=portfolio or {},
        created_by=user,
        completed_by=user,
        completed_at=completed_at,
    )


class DiagnosisTestCase(PartnershipTestCase):
    """The lead organisation (an association) with the walk's personas; modules add their
    own partnerships."""
