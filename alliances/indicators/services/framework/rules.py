"""The rules an indicator obeys, whether typed in the form, picked from the library or
read from an imported sheet."""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliances.indicators.models import (
    Accumulation,
    Direction,
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorType,
)
from alliances.indicators.periods import period_start
from alliances.indicators.selectors.framework import (
    default_reporting_start,
    sdg_indicator,
    value_groups_of,
)
from alliances.indicators.services.framework.common import _text
from alliances.partnerships.models import Partnership, Party, PartyStatus

MAX_DIMENSIONS = 3
MAX_CATEGORIES = 50
MAX_FIGURE = Decimal("1000000000000")
# Fields an indicator computed from a survey takes from the survey: read-only here.
SURVEY_FIELDS = ("type", "unit", "score_min", "score_max", "disaggregations", "data_source")
# Characters that would break the canonical key of a disaggregation ("a=x|b=y").
KEY_SIGNS = re.compile(r"[|=]")


@dataclass(frozen=True)
class IndicatorData:
    """What the person says about an indicator, from the form, the library or a sheet."""

    title: str
    definition: str = ""
    type: str = IndicatorType.QUANTITATIVE
    unit: str = ""
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_date: date | None = None
    direction: str = Direction.HIGHER
    accumulation: str = Accumulation.PER_PERIOD
    frequency: str = Frequency.QUARTERLY
    reporting_start: date | None = None
    # [{"name": "", "label": "Quartier", "categories": [...]}]; names are made from labels.
    disaggregations: list = field(default_factory=list)
    data_source: str = ""
    responsible_party: Party | None = None
    sdg_indicators: list = field(default_factory=list)
    targets: dict = field(default_factory=dict)  # {period start: Decimal}
    template_key: str = ""


def _check_figure(errors: dict, name: str, value, *, kind: str, low, high) -> None:
    if value is None:
        return
    if abs(value) >= MAX_FIGURE:
        errors[name] = _("This number is too large.")
    elif kind == IndicatorType.PERCENTAGE and not (0 <= value <= 100):
        errors[name] = _("A percentage is between 0 and 100.")
    elif (
        kind == IndicatorType.SCORE
        and low is not None
        and high is not None
        and not (low <= value <= high)
    ):
        errors[name] = _("The score must be between %(low)s and %(high)s.") % {
            "low": _number(low),
            "high": _number(high),
        }


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _clean_dimensions(errors: dict, dimensions: list) -> list[dict]:
    cleaned = []
    labels = set()
    for index, dimension in enumerate(dimensions[: MAX_DIMENSIONS + 1], start=1):
        label = _text(dimension.get("label"))
        categories = []
        for category in dimension.get("categories") or []:
            category = _text(str(category))
            if category and category.casefold() not in {c.casefold() for c in categories}:
                categories.append(category)
        if not label and not categories:
            continue
        prefix = f"dim{index}"
        if index > MAX_DIMENSIONS:
            errors["disaggregations"] = _("At most %(count)s dimensions.") % {
                "count": MAX_DIMENSIONS
            }
            break
        if not label:
            errors[f"{prefix}_label"] = _("Name this dimension, for example Neighbourhood.")
        elif label.casefold() in labels:
            errors[f"{prefix}_label"] = _("Two dimensions have this name.")
        elif len(label) > 60:
            errors[f"{prefix}_label"] = _("Keep the name under 60 characters.")
        if len(categories) < 2:
            errors[f"{prefix}_categories"] = _("List at least two categories, one per line.")
        elif len(categories) > MAX_CATEGORIES:
            errors[f"{prefix}_categories"] = _("At most %(count)s categories.") % {
                "count": MAX_CATEGORIES
            }
        elif any(KEY_SIGNS.search(c) or len(c) > 100 for c in categories):
            errors[f"{prefix}_categories"] = _(
                "Keep each category under 100 characters, without | or =."
            )
        labels.add(label.casefold())
        name = _text(dimension.get("name")) or slugify(label).replace("-", "_")[:40]
        if not name or KEY_SIGNS.search(name) or name in {d["name"] for d in cleaned}:
            name = f"dimension_{index}"
        cleaned.append({"name": name, "label": label, "categories": categories})
    return cleaned


def _check_kept_categories(errors: dict, indicator: Indicator, dimensions: list[dict]) -> None:
    kept = {(d["name"], c) for d in dimensions for c in d["categories"]}
    labels = {d["name"]: d["label"] for d in indicator.disaggregations or []}
    lost = sorted(pair for pair in value_groups_of(indicator) if pair not in kept)
    if lost:
        names = ", ".join(f"{labels.get(name, name)}: {category}" for name, category in lost)
        errors["disaggregations"] = _(
            "Values were entered for %(groups)s: keep these categories (and their dimension), "
            "or delete those values first."
        ) % {"groups": names}


def _clean_targets(errors: dict, data: IndicatorData, first: date, kind, low, high) -> dict:
    targets = {}
    for start, value in sorted((data.targets or {}).items()):
        if value is None:
            continue
        name = f"target_{start.isoformat()}"
        if start != period_start(start, data.frequency) or start < first:
            errors[name] = _("%(period)s is not a reporting period of this indicator.") % {
                "period": start.isoformat()
            }
            continue
        _check_figure(errors, name, value, kind=kind, low=low, high=high)
        targets[start] = value
    return targets


def indicator_clean(
    *, partnership: Partnership, data: IndicatorData, indicator: Indicator | None = None
) -> dict:
    """The indicator's field values for what was given, or a ValidationError naming every
    problem by field (targets as "target_<period start>")."""
    if indicator is not None and indicator.source == IndicatorSource.SURVEY:
        data = replace(data, **{name: getattr(indicator, name) for name in SURVEY_FIELDS})
    errors: dict[str, str] = {}
    title = _text(data.title)
    if not title:
        errors["title"] = _("Name the indicator: what is counted or measured.")
    elif len(title) > 300:
        errors["title"] = _("Keep the title under 300 characters.")
    kind = data.type
    if kind not in IndicatorType.values:
        errors["type"] = _("Choose a type.")
    for name, choices in (
        ("direction", Direction),
        ("accumulation", Accumulation),
        ("frequency", Frequency),
    ):
        if getattr(data, name) not in choices.values:
            errors[name] = _("Choose one of the options.")
    unit = _text(data.unit) or ("%" if kind == IndicatorType.PERCENTAGE else "")
    if len(unit) > 60:
        errors["unit"] = _("Keep the unit under 60 characters.")
    low = high = None
    if kind == IndicatorType.SCORE:
        low, high = data.score_min, data.score_max
        if low is None:
            errors["score_min"] = _("A score needs its lowest value, for example 1.")
        if high is None:
            errors["score_max"] = _("A score needs its highest value, for example 5.")
        if low is not None and high is not None and low >= high:
            errors["score_max"] = _("The highest score must be above the lowest.")
        for name, value in (("score_min", low), ("score_max", high)):
            if value is not None and abs(value) >= 10000:
                errors[name] = _("This number is too large.")
        if "score_max" in errors or "score_min" in errors:
            low = high = None
    if data.baseline_value is not None and data.baseline_date is None:
        errors["baseline_date"] = _("Give the date of the baseline: when it was measured.")
    if data.baseline_value is None and data.baseline_date is not None:
        errors["baseline_value"] = _("Enter the baseline value, or clear its date.")
    _check_figure(errors, "baseline_value", data.baseline_value, kind=kind, low=low, high=high)
    frequency = data.frequency if data.frequency in Frequency.values else Frequency.QUARTERLY
    first = period_start(data.reporting_start or default_reporting_start(partnership), frequency)
    targets = _clean_targets(errors, replace(data, frequency=frequency), first, kind, low, high)
    dimensions = _clean_dimensions(errors, list(data.disaggregations or []))
    if indicator is not None and "disaggregations" not in errors:
        _check_kept_categories(errors, indicator, dimensions)
    data_source = _text(data.data_source)
    if len(data_source) > 300:
        errors["data_source"] = _("Keep the data source under 300 characters.")
    party = data.responsible_party
    if party is not None:
        previous = indicator.responsible_party_id if indicator is not None else None
        if party.partnership_id != partnership.pk:
            errors["responsible_party"] = _("Choose a party of this partnership.")
        elif party.status != PartyStatus.ACTIVE and party.pk != previous:
            errors["responsible_party"] = _("This party no longer takes part in the partnership.")
    sdg = []
    for indicator_id in data.sdg_indicators or []:
        indicator_id = str(indicator_id).strip()
        if indicator_id and indicator_id not in sdg:
            sdg.append(indicator_id)
    unknown = [indicator_id for indicator_id in sdg if sdg_indicator(indicator_id) is None]
    if unknown:
        errors["sdg_indicators"] = _(
            "Unknown SDG indicators: %(ids)s. Use the UN numbering, for example 16.1.4."
        ) % {"ids": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "definition": (data.definition or "").strip(),
        "type": kind,
        "unit": unit,
        "score_min": data.score_min if kind == IndicatorType.SCORE else None,
        "score_max": data.score_max if kind == IndicatorType.SCORE else None,
        "baseline_value": data.baseline_value,
        "baseline_date": data.baseline_date,
        "direction": data.direction,
        "accumulation": data.accumulation,
        "frequency": frequency,
        "reporting_start": first,
        "disaggregations": dimensions,
        "data_source": data_source,
        "responsible_party": party,
        "sdg_indicators": sdg,
        "targets": targets,
    }
