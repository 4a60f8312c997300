"""What a self-diagnosis shows: the portfolio against the reference figures, the score of each
dimension, strengths and gaps; and what changed since the previous one. Pure functions of
the stored figures (portfolio, scores, answers), so a past result reads as it was."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from alliances.diagnosis.questions import (
    LEVEL_POINTS,
    QUESTIONS,
    Dimension,
    Level,
    Question,
    level_of,
)
from alliances.diagnosis.reference import (
    AVERAGE_PARTNER_TYPES,
    SHARE_OF_TYPE,
    PartnerType,
    ReferenceShare,
)
from alliances.diagnosis.selectors.portfolio import Portfolio
from alliances.organisations.models import Sector

STRENGTH_SCORE = 75  # a dimension at or over this is a strength
GAP_SCORE = 50  # a dimension under this is a gap


@dataclass(frozen=True)
class TypeRow:
    partner_type: str
    label: str
    count: int
    reference: ReferenceShare | None

    @property
    def present(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class SectorRow:
    sector: str
    label: str
    count: int


@dataclass(frozen=True)
class ScoreRow:
    dimension: str
    label: str
    score: int | None


@dataclass(frozen=True)
class Finding:
    title: str
    detail: str


def type_rows(portfolio: Portfolio) -> list[TypeRow]:
    return [
        TypeRow(code, str(label), portfolio.by_type.get(code, 0), SHARE_OF_TYPE.get(code))
        for code, label in PartnerType.choices
    ]


def sector_rows(portfolio: Portfolio) -> list[SectorRow]:
    return [
        SectorRow(code, str(label), portfolio.by_sector.get(code, 0))
        for code, label in Sector.choices
    ]


def score_rows(scores: dict) -> list[ScoreRow]:
    return [
        ScoreRow(code, str(label), scores.get(code) if isinstance(scores.get(code), int) else None)
        for code, label in Dimension.choices
    ]


def average_types() -> str:
    return str(AVERAGE_PARTNER_TYPES)


def strengths(scores: dict, answers: dict) -> list[Finding]:
    found = [
        Finding(
            row.label, _("Score of %(score)s out of 100 for this dimension.") % {"score": row.score}
        )
        for row in score_rows(scores)
        if row.score is not None and row.score >= STRENGTH_SCORE
    ]
    found += [
        Finding(str(question.text), str(Level(Level.EXEMPLARY).label))
        for question in QUESTIONS
        if level_of(answers, question.code) == Level.EXEMPLARY
    ]
    return found


def gaps(scores: dict, answers: dict) -> list[Finding]:
    found = [
        Finding(
            row.label, _("Score of %(score)s out of 100 for this dimension.") % {"score": row.score}
        )
        for row in score_rows(scores)
        if row.score is not None and row.score < GAP_SCORE
    ]
    found += [
        Finding(str(question.text), str(Level(Level.NOT_STARTED).label))
        for question in QUESTIONS
        if level_of(answers, question.code) == Level.NOT_STARTED
    ]
    return found


# Comparison with the previous self-diagnosis


@dataclass(frozen=True)
class Change:
    label: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class AnswerMove:
    question: Question
    before: str
    after: str

    @property
    def before_label(self) -> str:
        return str(Level(self.before).label)

    @property
    def after_label(self) -> str:
        return str(Level(self.after).label)

    @property
    def improved(self) -> bool:
        return LEVEL_POINTS[self.after] > LEVEL_POINTS[self.before]


@dataclass(frozen=True)
class Comparison:
    scores: list[Change]
    portfolio: list[Change]  # partnerships, partners, types of partners
    types: list[Change]  # partners of each type
    gained_types: list[str]
    lost_types: list[str]
    moves: list[AnswerMove]

    @property
    def improved(self) -> list[AnswerMove]:
        return [move for move in self.moves if move.improved]

    @property
    def declined(self) -> list[AnswerMove]:
        return [move for move in self.moves if not move.improved]


def compare(*, before: dict, after: dict) -> Comparison:
    """`before` and `after` hold the `portfolio`, `scores` and `answers` of two
    self-diagnoses, the older first."""
    old = Portfolio.from_data(before.get("portfolio"))
    new = Portfolio.from_data(after.get("portfolio"))
    old_scores = {row.dimension: row.score for row in score_rows(before.get("scores") or {})}
    scores = [
        Change(row.label, old_scores[row.dimension], row.score)
        for row in score_rows(after.get("scores") or {})
    ]
    portfolio = [
        Change(_("Partnerships"), old.partnerships, new.partnerships),
        Change(_("Partner organisations"), old.partners, new.partners),
        Change(_("Types of partners"), old.type_count, new.type_count),
    ]
    types = [
        Change(str(label), old.by_type.get(code, 0), new.by_type.get(code, 0))
        for code, label in PartnerType.choices
    ]
    gained = [
        str(label)
        for code, label in PartnerType.choices
        if new.has_type(code) and not old.has_type(code)
    ]
    lost = [
        str(label)
        for code, label in PartnerType.choices
        if old.has_type(code) and not new.has_type(code)
    ]
    moves = []
    old_answers, new_answers = before.get("answers") or {}, after.get("answers") or {}
    for question in QUESTIONS:
        was, now = level_of(old_answers, question.code), level_of(new_answers, question.code)
        if was and now and was != now:
            moves.append(AnswerMove(question, was, now))
    return Comparison(scores, portfolio, types, gained, lost, moves)
