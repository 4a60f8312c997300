"""The maturity questionnaire: four dimensions, each with a few concrete questions, answered on
a four-level scale. Codes are stable: stored answers and comparisons rely on them, so a
question is reworded freely but never recoded; a new question gets a new code."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership and strategy")
    SYSTEMS = "systems", _("Systems and processes")
    PEOPLE = "people", _("People and skills")
    CULTURE = "culture", _("Culture")


class Level(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    STARTING = "starting", _("Starting")
    ESTABLISHED = "established", _("Established")
    EXEMPLARY = "exemplary", _("Exemplary")


# Points of each level; a dimension's score is its points out of the maximum, on 100.
LEVEL_POINTS: dict[str, int] = {
    Level.NOT_STARTED: 0,
    Level.STARTING: 1,
    Level.ESTABLISHED: 2,
    Level.EXEMPLARY: 3,
}
MAX_POINTS = max(LEVEL_POINTS.values())

LEVEL_HELP: dict[str, str] = {
    Level.NOT_STARTED: _("Nothing in place yet."),
    Level.STARTING: _("First steps, not yet a habit."),
    Level.ESTABLISHED: _("Done regularly, most of the time."),
    Level.EXEMPLARY: _("Done well, every time; others could learn from you."),
}

DIMENSION_HELP: dict[str, str] = {
    Dimension.LEADERSHIP: _("Why you build partnerships, and who decides."),
    Dimension.SYSTEMS: _("How partnerships are written down, steered and measured."),
    Dimension.PEOPLE: _("Who does the work, with what time and skills."),
    Dimension.CULTURE: _("How your organisation behaves with partners and learns."),
}

COMMENT_MAX = 1000


@dataclass(frozen=True)
class Question:
    code: str
    dimension: str
    text: str

    @property
    def dimension_label(self) -> str:
        return str(Dimension(self.dimension).label)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "leadership.written_strategy",
        Dimension.LEADERSHIP,
        _("Is there a written partnership strategy, approved by your board or management?"),
    ),
    Question(
        "leadership.mission_link",
        Dimension.LEADERSHIP,
        _(
            "Before committing to a partnership, do you write down which goal of your mission "
            "it serves?"
        ),
    ),
    Question(
        "leadership.partner_criteria",
        Dimension.LEADERSHIP,
        _(
            "Do you choose partners on clear criteria (shared values, what each side brings, "
            "your red lines) rather than only on opportunity?"
        ),
    ),
    Question(
        "leadership.board_review",
        Dimension.LEADERSHIP,
        _("Does your board or management review all your partnerships at least once a year?"),
    ),
    Question(
        "leadership.means",
        Dimension.LEADERSHIP,
        _("Are time and money set aside to build and run partnerships?"),
    ),
    Question(
        "systems.written_agreements",
        Dimension.SYSTEMS,
        _("Is each partnership set out in a written agreement signed by every partner?"),
    ),
    Question(
        "systems.steering",
        Dimension.SYSTEMS,
        _(
            "Does each partnership have a steering committee that meets regularly and records "
            "its decisions?"
        ),
    ),
    Question(
        "systems.impact_measurement",
        Dimension.SYSTEMS,
        _("Do you measure the results of your partnerships with indicators agreed with partners?"),
    ),
    Question(
        "systems.shared_follow_up",
        Dimension.SYSTEMS,
        _("Do you keep a shared record of contributions, actions and deadlines with partners?"),
    ),
    Question(
        "systems.review_and_exit",
        Dimension.SYSTEMS,
        _("Do you plan in advance how a partnership will be reviewed, renewed or ended?"),
    ),
    Question(
        "people.named_lead",
        Dimension.PEOPLE,
        _("Is a named person in charge of partnerships, with time for it in their role?"),
    ),
    Question(
        "people.training",
        Dimension.PEOPLE,
        _(
            "Have the people who run partnerships been trained (negotiating, running a project, "
            "measuring impact)?"
        ),
    ),
    Question(
        "people.team_involvement",
        Dimension.PEOPLE,
        _("Are the staff and volunteers concerned told about partnerships and able to take part?"),
    ),
    Question(
        "people.handover",
        Dimension.PEOPLE,
        _("When someone leaves, is what they know about your partners written down and passed on?"),
    ),
    Question(
        "culture.openness",
        Dimension.CULTURE,
        _(
            "Do your teams see working with companies, local authorities and schools as part of "
            "their job?"
        ),
    ),
    Question(
        "culture.partner_feedback",
        Dimension.CULTURE,
        _("Do you regularly ask your partners how the relationship is going, and act on it?"),
    ),
    Question(
        "culture.fair_exchange",
        Dimension.CULTURE,
        _(
            "Do you check that each partner gets something of value and that no one carries an "
            "unfair share of the work?"
        ),
    ),
    Question(
        "culture.learning",
        Dimension.CULTURE,
        _(
            "At the end of a partnership, do you take time to learn from what worked and what "
            "did not?"
        ),
    ),
    Question(
        "culture.residents_voice",
        Dimension.CULTURE,
        _("Do the people you serve help shape and evaluate your partnerships?"),
    ),
)
QUESTION_BY_CODE: dict[str, Question] = {question.code: question for question in QUESTIONS}


def questions_of(dimension: str) -> list[Question]:
    return [question for question in QUESTIONS if question.dimension == dimension]


def level_of(answers: dict, code: str) -> str | None:
    """The level answered to a question, or None when it is not answered (or unknown)."""
    answer = answers.get(code) or {}
    level = answer.get("level") if isinstance(answer, dict) else None
    return level if level in LEVEL_POINTS else None


def dimension_scores(answers: dict) -> dict[str, int | None]:
    """Each dimension's score from 0 to 100 over its answered questions; None when none is."""
    scores: dict[str, int | None] = {}
    for dimension in Dimension.values:
        points = [
            LEVEL_POINTS[level]
            for question in questions_of(dimension)
            if (level := level_of(answers, question.code)) is not None
        ]
        scores[dimension] = (
            round(100 * sum(points) / (MAX_POINTS * len(points))) if points else None
        )
    return scores


def unanswered(answers: dict) -> list[Question]:
    return [question for question in QUESTIONS if level_of(answers, question.code) is None]
