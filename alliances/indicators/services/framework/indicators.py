"""Indicators: created, changed and deleted, with their targets."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from alliances.indicators.models import Indicator, Outcome, Target
from alliances.indicators.periods import period_label
from alliances.indicators.services.framework.common import (
    _acting_party,
    _ensure_open,
    _log,
    _next_position,
    _refuse_if_values,
)
from alliances.indicators.services.framework.rules import IndicatorData, indicator_clean


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
