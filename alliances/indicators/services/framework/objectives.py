"""Objectives and outcomes, and the order of every item of the framework."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.indicators.models import Indicator, Objective, Outcome
from alliances.indicators.services.framework.common import (
    _acting_party,
    _clean_heading,
    _ensure_open,
    _log,
    _next_position,
    _refuse_if_values,
)
from alliances.partnerships.models import Partnership

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
