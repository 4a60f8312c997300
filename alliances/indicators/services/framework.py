"""The results framework: objectives, outcomes and indicators, created, changed, moved and
deleted by the editors of any party (the framework is shared by the partnership).

Values are evidence: an indicator that has values cannot be deleted, nor lose a category its
values were entered for, and neither can the outcome or objective that holds it. A closed
partnership is read-only. The same rules check an indicator typed in the form, picked from the
library or read from an imported sheet (`indicator_clean`).
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.indicators import library
from alliances.indicators.models import (
    Accumulation,
    Direction,
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorType,
    Objective,
    Outcome,
    Target,
    Value,
)
from alliances.indicators.periods import period_label, period_start
from alliances.indicators.selectors.framework import (
    default_reporting_start,
    sdg_indicator,
    value_groups_of,
)
from alliances.partnerships.access import seats_of
from alliances.partnerships.models import Partnership, Party, PartyStatus
from alliances.partnerships.services.activity import activity_record
from alliances.partnerships.services.workspace import ensure_open

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


# Rules


def _ensure_open(partnership: Partnership) -> None:
    # Read again under a lock: the partnership may have been closed since the page was loaded.
    ensure_open(
        Partnership.objects.select_for_update(no_key=True).only("stage").get(pk=partnership.pk)
    )


def _acting_party(actor, partnership: Partnership) -> Party:
    for seat in seats_of(actor, partnership):
        if seat.can(Action.EDIT_FRAMEWORK):
            return seat.party
    raise PermissionDenied


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


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


# Logs


def _log(*, partnership: Partnership, party: Party, actor, verb: str, obj: Model, data=None):
    audit_record(
        actor=actor,
        verb=verb,
        obj=obj,
        organisation_uuid=party.organisation.uuid if party.organisation_id else None,
        data={"title": str(obj), **(data or {})},
    )
    activity_record(
        partnership=partnership,
        actor=actor,
        verb=verb,
        party=party,
        data={"title": str(obj), **(data or {})},
    )


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _clean_heading(title: str, description: str, *, what: str) -> tuple[str, str]:
    title = _text(title)
    errors = {}
    if not title:
        errors["title"] = (
            _("Name the objective.") if what == "objective" else _("Name the outcome.")
        )
    elif len(title) > 300:
        errors["title"] = _("Keep the title under 300 characters.")
    description = (description or "").strip()
    if len(description) > 4000:
        errors["description"] = _("Keep the description under 4000 characters.")
    if errors:
        raise ValidationError(errors)
    return title, description


# Objectives and outcomes


@transaction.atomic
def objective_create(
    *, partnership: Partnership, actor, title: str, description: str = ""
) -> Objective:
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    title, description = _clean_heading(title, description, what="objective")
    objective = Objective(
        partnership=partnership,
        title=title,
        description=description,
        position=_next_position(partnership.results_objectives.all()),
    )
    objective.full_clean()
    objective.save()
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.objective_added",
        obj=objective,
    )
    return objective


@transaction.atomic
def objective_change(*, objective: Objective, actor, title: str, description: str) -> Objective:
    partnership = objective.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    title, description = _clean_heading(title, description, what="objective")
    if (title, description) == (objective.title, objective.description):
        return objective
    objective.title, objective.description = title, description
    objective.full_clean()
    objective.save(update_fields=["title", "description", "updated_at"])
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.objective_changed",
        obj=objective,
    )
    return objective


def _refuse_if_values(indicators, *, message: str) -> None:
    if Value.objects.filter(indicator__in=indicators).exists():
        raise ValidationError(message, code="has_values")


@transaction.atomic
def objective_delete(*, objective: Objective, actor) -> None:
    partnership = objective.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    _refuse_if_values(
        Indicator.objects.filter(outcome__objective=objective),
        message=_(
            "This objective holds indicators with values: values are evidence, so it cannot "
            "be deleted. Delete or move those values first, or keep the objective."
        ),
    )
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.objective_deleted",
        obj=objective,
    )
    objective.delete()


@transaction.atomic
def outcome_create(*, objective: Objective, actor, title: str, description: str = "") -> Outcome:
    partnership = objective.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    title, description = _clean_heading(title, description, what="outcome")
    outcome = Outcome(
        partnership=partnership,
        objective=objective,
        title=title,
        description=description,
        position=_next_position(objective.outcomes.all()),
    )
    outcome.full_clean()
    outcome.save()
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.outcome_added",
        obj=outcome,
        data={"objective": objective.title},
    )
    return outcome


@transaction.atomic
def outcome_change(*, outcome: Outcome, actor, title: str, description: str) -> Outcome:
    partnership = outcome.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    title, description = _clean_heading(title, description, what="outcome")
    if (title, description) == (outcome.title, outcome.description):
        return outcome
    outcome.title, outcome.description = title, description
    outcome.full_clean()
    outcome.save(update_fields=["title", "description", "updated_at"])
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.outcome_changed",
        obj=outcome,
    )
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, actor) -> None:
    partnership = outcome.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    _refuse_if_values(
        outcome.indicators.all(),
        message=_(
            "This outcome holds indicators with values: values are evidence, so it cannot be "
            "deleted. Delete those values first, or keep the outcome."
        ),
    )
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.outcome_deleted",
        obj=outcome,
    )
    outcome.delete()


# Indicators


def _save_targets(indicator: Indicator, targets: dict) -> bool:
    """Make the indicator's targets exactly these; True when anything changed."""
    existing = {target.period_start: target for target in indicator.targets.all()}
    removed = [target.pk for start, target in existing.items() if start not in targets]
    changed = [
        target
        for start, target in existing.items()
        if start in targets and target.value != targets[start]
    ]
    for target in changed:
        target.value = targets[target.period_start]
    added = [
        Target(indicator=indicator, period_start=start, value=value)
        for start, value in targets.items()
        if start not in existing
    ]
    if removed:
        Target.objects.filter(pk__in=removed).delete()
    if changed:
        Target.objects.bulk_update(changed, ["value"])
    if added:
        Target.objects.bulk_create(added)
    return bool(removed or changed or added)


def _new_indicator(*, outcome: Outcome, values: dict, template_key: str = "") -> Indicator:
    targets = values.pop("targets")
    indicator = Indicator(
        partnership=outcome.partnership,
        outcome=outcome,
        template_key=template_key,
        position=_next_position(outcome.indicators.all()),
        **values,
    )
    indicator.full_clean()
    indicator.save()
    Target.objects.bulk_create(
        [Target(indicator=indicator, period_start=start, value=v) for start, v in targets.items()]
    )
    return indicator


@transaction.atomic
def indicator_create(*, outcome: Outcome, actor, data: IndicatorData) -> Indicator:
    partnership = outcome.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    values = indicator_clean(partnership=partnership, data=data)
    indicator = _new_indicator(outcome=outcome, values=values, template_key=data.template_key)
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.indicator_added",
        obj=indicator,
        data={"outcome": outcome.title},
    )
    return indicator


def _as_text(value) -> object:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value


@transaction.atomic
def indicator_change(*, indicator: Indicator, actor, data: IndicatorData) -> Indicator:
    partnership = indicator.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    values = indicator_clean(partnership=partnership, data=data, indicator=indicator)
    targets = values.pop("targets")
    changes = {}
    for name, value in values.items():
        before = getattr(indicator, name)
        if before != value:
            changes[name] = [_as_text(before), _as_text(value)]
            setattr(indicator, name, value)
    if changes:
        indicator.full_clean()
        indicator.save(update_fields=[*changes, "updated_at"])
    if _save_targets(indicator, targets):
        changes["targets"] = {
            period_label(start, indicator.frequency): str(value) for start, value in targets.items()
        }
    if changes:
        _log(
            partnership=partnership,
            party=party,
            actor=actor,
            verb="framework.indicator_changed",
            obj=indicator,
            data={"fields": sorted(changes)},
        )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor) -> None:
    partnership = indicator.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    _refuse_if_values(
        [indicator],
        message=_(
            "This indicator has values: values are evidence, so it cannot be deleted. "
            "Delete its values first if they were entered by mistake."
        ),
    )
    _log(
        partnership=partnership,
        party=party,
        actor=actor,
        verb="framework.indicator_deleted",
        obj=indicator,
    )
    indicator.delete()


# Order


@transaction.atomic
def item_move(*, item: Objective | Outcome | Indicator, actor, direction: str) -> bool:
    """Move an objective, outcome or indicator one place up or down among its siblings;
    False when it is already first or last."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose up or down.")})
    partnership = item.partnership
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    if isinstance(item, Objective):
        siblings = Objective.objects.filter(partnership=partnership)
    elif isinstance(item, Outcome):
        siblings = Outcome.objects.filter(objective_id=item.objective_id)
    else:
        siblings = Indicator.objects.filter(outcome_id=item.outcome_id)
    ordered = list(siblings.select_for_update().order_by("position", "id"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    # Renumber all siblings: positions created elsewhere may tie.
    for position, sibling in enumerate(ordered):
        sibling.position = position
    type(item).objects.bulk_update(ordered, ["position"])
    audit_record(
        actor=actor,
        verb="framework.item_moved",
        obj=item,
        organisation_uuid=party.organisation.uuid if party.organisation_id else None,
        data={"direction": direction},
    )
    return True


# The library


def _template_data(template: library.Template, *, neighbourhoods: list[str]) -> IndicatorData:
    dimensions = []
    for dimension in library.template_disaggregations(template):
        if dimension["name"] == "neighbourhood":
            dimension["categories"] = list(neighbourhoods)
        # A dimension is only useful with its categories; leave out the ones still empty.
        if len(dimension["categories"]) >= 2:
            dimensions.append(dimension)
    return IndicatorData(
        title=str(template.title),
        definition=str(template.definition),
        type=template.type,
        unit=str(template.unit),
        score_min=None if template.score_min is None else Decimal(template.score_min),
        score_max=None if template.score_max is None else Decimal(template.score_max),
        direction=template.direction,
        accumulation=template.accumulation,
        frequency=template.frequency,
        disaggregations=dimensions,
        sdg_indicators=list(template.sdg_indicators),
        template_key=template.key,
    )


@transaction.atomic
def indicators_create_from_library(
    *,
    partnership: Partnership,
    actor,
    keys: list[str],
    outcome: Outcome | None = None,
    objective_title: str = "",
    outcome_title: str = "",
    neighbourhoods: list[str] | None = None,
) -> list[Indicator]:
    """Create one indicator per template, under an outcome, or under a new objective and
    outcome named here."""
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    templates = [library.template_by_key(key) for key in dict.fromkeys(keys)]
    errors = {}
    if not keys:
        errors["templates"] = _("Tick at least one indicator.")
    elif None in templates:
        errors["templates"] = _("One of the indicators ticked is not in the library.")
    if outcome is not None and outcome.partnership_id != partnership.pk:
        raise PermissionDenied
    if outcome is None:
        if not _text(objective_title):
            errors["objective_title"] = _("Name the new objective, or choose an outcome.")
        if not _text(outcome_title):
            errors["outcome_title"] = _("Name the new outcome, or choose an outcome.")
    if errors:
        raise ValidationError(errors)
    if outcome is None:
        title, _description = _clean_heading(objective_title, "", what="objective")
        objective = Objective.objects.create(
            partnership=partnership,
            title=title,
            position=_next_position(partnership.results_objectives.all()),
        )
        title, _description = _clean_heading(outcome_title, "", what="outcome")
        outcome = Outcome.objects.create(
            partnership=partnership, objective=objective, title=title, position=0
        )
    created = []
    for template in templates:
        data = _template_data(template, neighbourhoods=neighbourhoods or [])
        values = indicator_clean(partnership=partnership, data=data)
        created.append(_new_indicator(outcome=outcome, values=values, template_key=template.key))
    for indicator in created:
        audit_record(
            actor=actor,
            verb="framework.indicator_added",
            obj=indicator,
            organisation_uuid=party.organisation.uuid if party.organisation_id else None,
            data={"template": indicator.template_key},
        )
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="framework.indicators_added_from_library",
        party=party,
        data={"count": len(created), "outcome": outcome.title},
    )
    return created


# Import


@transaction.atomic
def framework_import_save(*, partnership: Partnership, actor, rows: list) -> dict[str, int]:
    """Create what the rows of a checked sheet describe, all or nothing. Each row has
    `objective`, `outcome` (titles, matched to existing ones), `data` (IndicatorData or
    None) and `errors`; a row with errors refuses the whole import."""
    _ensure_open(partnership)
    party = _acting_party(actor, partnership)
    if any(row.errors for row in rows):
        raise ValidationError(_("The sheet still has errors: correct them and upload it again."))
    objectives = {o.title.casefold(): o for o in partnership.results_objectives.all()}
    outcomes = {(o.objective_id, o.title.casefold()): o for o in partnership.outcomes.all()}
    counts = {"objectives": 0, "outcomes": 0, "indicators": 0}
    for row in rows:
        objective = objectives.get(row.objective.casefold()) if row.objective else None
        if objective is None and row.objective:
            objective = Objective.objects.create(
                partnership=partnership,
                title=row.objective,
                position=_next_position(partnership.results_objectives.all()),
            )
            objectives[row.objective.casefold()] = objective
            counts["objectives"] += 1
        if objective is None or not row.outcome:
            continue
        outcome = outcomes.get((objective.pk, row.outcome.casefold()))
        if outcome is None:
            outcome = Outcome.objects.create(
                partnership=partnership,
                objective=objective,
                title=row.outcome,
                position=_next_position(objective.outcomes.all()),
            )
            outcomes[(objective.pk, row.outcome.casefold())] = outcome
            counts["outcomes"] += 1
        if row.data is None or row.skip:
            continue
        values = indicator_clean(partnership=partnership, data=row.data)
        _new_indicator(outcome=outcome, values=values)
        counts["indicators"] += 1
    audit_record(
        actor=actor,
        verb="framework.imported",
        obj=partnership,
        organisation_uuid=party.organisation.uuid if party.organisation_id else None,
        data=counts,
    )
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="framework.imported",
        party=party,
        data=counts,
    )
    return counts
