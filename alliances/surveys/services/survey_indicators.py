"""Make an indicator from a survey question, and recompute it on demand.

The indicator takes its shape from the question: a share is a percentage, a mean of an
agreement or rating scale is a score between the scale's ends, counts are quantities. Its
dimensions come from the select_one questions chosen to break it down, one category per
choice, named by the choice's label.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.core.audit import audit_record
from alliances.indicators.models import (
    Direction,
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorType,
    Outcome,
    Target,
)
from alliances.indicators.periods import period_start
from alliances.partnerships.services.activity import activity_record
from alliances.partnerships.services.workspace import ensure_open
from alliances.surveys.computation import iter_items, survey_indicator_compute
from alliances.surveys.models import Method, Survey, SurveyIndicator

AGREEMENT_LABELS = (
    ("1", gettext_lazy("Strongly disagree")),
    ("2", gettext_lazy("Disagree")),
    ("3", gettext_lazy("Neither agree nor disagree")),
    ("4", gettext_lazy("Agree")),
    ("5", gettext_lazy("Strongly agree")),
)
RATING_SCALE = tuple(str(point) for point in range(11))
NUMBER_TYPES = {"integer", "decimal"}
SCALE_TYPES = {"agreement", "rating", "matrix"}
SELECT_TYPES = {"select_one", "select_multiple"}
FEEDING_TYPES = SCALE_TYPES | SELECT_TYPES | NUMBER_TYPES
# Which calculations make sense for each kind of question.
METHODS_BY_TYPE = {
    "agreement": (Method.SHARE, Method.MEAN, Method.COUNT, Method.RESPONDENTS),
    "matrix": (Method.SHARE, Method.MEAN, Method.COUNT, Method.RESPONDENTS),
    "rating": (Method.MEAN, Method.SHARE, Method.COUNT, Method.RESPONDENTS),
    "select_one": (Method.SHARE, Method.COUNT, Method.RESPONDENTS),
    "select_multiple": (Method.SHARE, Method.COUNT, Method.RESPONDENTS),
    "integer": (Method.MEAN, Method.RESPONDENTS),
    "decimal": (Method.MEAN, Method.RESPONDENTS),
}
# "Agree" and "strongly agree"; 9 and 10 on a rating ("promoters").
DEFAULT_CHOICES = {"agreement": ["4", "5"], "matrix": ["4", "5"], "rating": ["9", "10"]}


def label_of(item: dict, language: str | None = None) -> str:
    label = item.get("label") or {}
    if isinstance(label, str):
        return label or item.get("name", "")
    if language and label.get(language):
        return label[language]
    return next((text for text in label.values() if text), item.get("name", ""))


@dataclass(frozen=True)
class Source:
    """A question (or a matrix statement) that can feed an indicator."""

    key: str  # "question" or "question/statement"
    question: dict
    statement: dict | None
    label: str

    @property
    def type(self) -> str:
        return self.question.get("type", "")

    @property
    def methods(self) -> tuple:
        return METHODS_BY_TYPE[self.type]

    def answer_choices(self, language: str | None = None) -> list[tuple[str, str]]:
        if self.type in {"agreement", "matrix"}:
            return [(code, str(label)) for code, label in AGREEMENT_LABELS]
        if self.type == "rating":
            return [(point, point) for point in RATING_SCALE]
        return [
            (str(choice.get("name")), label_of(choice, language))
            for choice in self.question.get("choices", [])
        ]


def indicator_sources(definition: dict, language: str | None = None) -> list[Source]:
    sources = []
    for question in iter_items((definition or {}).get("items", [])):
        kind = question.get("type")
        if kind not in FEEDING_TYPES or not question.get("name"):
            continue
        label = label_of(question, language)
        if kind == "matrix":
            for statement in question.get("statements", []):
                sources.append(
                    Source(
                        key=f"{question['name']}/{statement.get('name')}",
                        question=question,
                        statement=statement,
                        label=f"{label} — {label_of(statement, language)}",
                    )
                )
        else:
            sources.append(Source(question["name"], question, None, label))
    return sources


def disaggregation_questions(definition: dict) -> list[dict]:
    return [
        question
        for question in iter_items((definition or {}).get("items", []))
        if question.get("type") == "select_one" and question.get("name")
    ]


def _shape(source: Source, method: str) -> dict:
    if method == Method.SHARE:
        return {"type": IndicatorType.PERCENTAGE, "unit": "%"}
    if method == Method.MEAN and source.type in SCALE_TYPES:
        low, high = (0, 10) if source.type == "rating" else (1, 5)
        return {"type": IndicatorType.SCORE, "score_min": low, "score_max": high}
    return {"type": IndicatorType.QUANTITATIVE}


def _dimensions(definition: dict, names: list[str], language: str | None) -> list[dict]:
    by_name = {question["name"]: question for question in disaggregation_questions(definition)}
    dimensions = []
    for name in names:
        question = by_name.get(name)
        if question is None:
            raise ValidationError(
                {"disaggregate_by": _("Only single-choice questions can break an indicator down.")}
            )
        categories = [label_of(choice, language) for choice in question.get("choices", [])]
        dimensions.append(
            {"name": name, "label": label_of(question, language), "categories": categories}
        )
    return dimensions


def survey_indicator_create(
    *,
    survey: Survey,
    outcome: Outcome,
    question: str,
    statement: str = "",
    method: str,
    choices: list[str],
    disaggregate_by: list[str],
    title: str,
    unit: str = "",
    frequency: str = Frequency.QUARTERLY,
    direction: str = Direction.HIGHER,
    baseline_value: Decimal | None = None,
    targets: dict[date, Decimal] | None = None,
    actor,
) -> SurveyIndicator:
    """Create the indicator and its link to the question, then compute its values."""
    partnership = survey.partnership
    ensure_open(partnership)
    if outcome.partnership_id != partnership.pk:
        raise ValidationError({"outcome": _("Choose an outcome of this partnership.")})
    definition = survey.definition or {}
    language = (definition.get("languages") or [None])[0]
    key = f"{question}/{statement}" if statement else question
    source = next(
        (item for item in indicator_sources(definition, language) if item.key == key), None
    )
    if source is None:
        raise ValidationError({"question": _("Choose a question of this survey.")})
    if method not in source.methods:
        raise ValidationError({"method": _("This calculation does not suit this question.")})
    valid = {code for code, _label in source.answer_choices(language)}
    choices = [str(choice) for choice in choices or []]
    if method in {Method.SHARE, Method.COUNT}:
        if not choices:
            raise ValidationError({"choices": _("Tick the answers that count.")})
        if not set(choices) <= valid:
            raise ValidationError({"choices": _("Tick answers offered by the question.")})
    else:
        choices = []
    if not title.strip():
        raise ValidationError({"title": _("Give the indicator a name.")})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often the indicator is reported.")})
    shape = _shape(source, method)
    if unit and shape["type"] != IndicatorType.PERCENTAGE:
        shape["unit"] = unit
    today = timezone.localdate()
    first = survey.opens_at.date() if survey.opens_at else today
    with transaction.atomic():
        position = outcome.indicators.aggregate(last=Max("position"))["last"]
        indicator = Indicator(
            partnership=partnership,
            outcome=outcome,
            title=title.strip(),
            definition=_("Computed from the answers to “%(question)s” in the survey “%(survey)s”.")
            % {"question": source.label, "survey": survey.title},
            direction=direction,
            frequency=frequency,
            reporting_start=period_start(first, frequency),
            baseline_value=baseline_value,
            disaggregations=_dimensions(definition, list(disaggregate_by or []), language),
            data_source=survey.title[:300],
            source=IndicatorSource.SURVEY,
            position=(position or 0) + 1,
            **shape,
        )
        indicator.full_clean(exclude=["responsible_party"])
        indicator.save()
        Target.objects.bulk_create(
            Target(indicator=indicator, period_start=period_start(start, frequency), value=value)
            for start, value in (targets or {}).items()
        )
        link = SurveyIndicator.objects.create(
            indicator=indicator,
            survey=survey,
            question=question,
            statement=statement,
            method=method,
            choices=choices,
            disaggregate_by={name: name for name in disaggregate_by or []},
        )
        audit_record(actor=actor, verb="survey_indicator.create", obj=indicator)
        activity_record(
            partnership=partnership,
            actor=actor,
            verb="survey_indicator_created",
            data={"indicator": indicator.title, "survey": survey.title},
        )
        survey_indicator_compute(link)
    return link


def survey_indicators_refresh(*, survey: Survey, actor) -> int:
    """Recompute every indicator fed by the survey now; returns the values written."""
    ensure_open(survey.partnership)
    written = 0
    for link in SurveyIndicator.objects.filter(survey=survey).select_related("indicator"):
        link.survey = survey
        written += survey_indicator_compute(link)
    audit_record(actor=actor, verb="survey_indicator.recompute", obj=survey)
    return written
