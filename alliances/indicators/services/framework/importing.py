"""Saving what an imported sheet describes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.indicators.models import Objective, Outcome
from alliances.indicators.services.framework.common import (
    _acting_party,
    _ensure_open,
    _next_position,
)
from alliances.indicators.services.framework.indicators import _new_indicator
from alliances.indicators.services.framework.rules import indicator_clean
from alliances.partnerships.models import Partnership
from alliances.partnerships.services.activity import activity_record


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
