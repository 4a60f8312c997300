"""Indicators created from the library of ready-made indicators."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.indicators import library
from alliances.indicators.models import Indicator, Objective, Outcome
from alliances.indicators.services.framework.common import (
    _acting_party,
    _clean_heading,
    _ensure_open,
    _next_position,
    _text,
)
from alliances.indicators.services.framework.indicators import _new_indicator
from alliances.indicators.services.framework.rules import IndicatorData, indicator_clean
from alliances.partnerships.models import Partnership
from alliances.partnerships.services.activity import activity_record


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
