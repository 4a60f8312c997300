"""Entering values: one indicator-period, or several at once (bulk entry, import)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    Value,
    ValueEvent,
    ValueEventKind,
    ValueSource,
    ValueStatus,
)
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.values import active_parties_in_partnership, indicator_groups
from alliances.indicators.services.values.rules import (
    Figures,
    SaveOutcome,
    _ensure_not_locked,
    _ensure_open,
    _ensure_period,
    _lock_indicator,
    _log,
    _period_rows,
    _plain,
    _recording_party,
    entry_url,
    figure_error,
    sum_warnings,
)
from alliances.partnerships.services.activity import notify, people_of_parties


def _clean_figures(indicator: Indicator, figures: Figures, *, submit: bool) -> dict:
    known = {group.key for group in indicator_groups(indicator)}
    errors = {}
    for key, figure in figures.values.items():
        if key not in known:
            errors[key] = _("This group is not one of the indicator's disaggregations.")
        elif message := figure_error(indicator, figure):
            errors[key] = message
    if submit and figures.values.get("") is None and not figures.partial:
        errors[""] = _("Enter the total before submitting.")
    if len(figures.comment or "") > 4000:
        errors["comment"] = _("Keep the comment under 4 000 characters.")
    if errors:
        raise ValidationError(errors)
    return known


def _refuse_frozen(rows: dict[str, Value]) -> None:
    statuses = {row.status for row in rows.values()}
    if ValueStatus.SUBMITTED in statuses:
        raise ValidationError(
            _(
                "These values await the coordinator's review: they change again once the "
                "coordinator returns them."
            ),
            code="submitted",
        )
    if ValueStatus.APPROVED in statuses:
        raise ValidationError(
            _("These values are approved: ask the coordinator to return them to change them."),
            code="approved",
        )


@transaction.atomic
def values_save(
    *,
    indicator: Indicator,
    period_start: date,
    actor,
    figures: Figures,
    submit: bool = False,
    source: str = ValueSource.ENTRY,
) -> SaveOutcome:
    """Save an indicator-period's figures as a draft, or submit them for approval."""
    _ensure_open(indicator.partnership)
    indicator = _lock_indicator(indicator)
    if indicator.source != IndicatorSource.MANUAL:
        raise ValidationError(
            _("This indicator is computed from a survey: its values are not typed."),
            code="survey",
        )
    _ensure_period(indicator, period_start)
    party = _recording_party(actor, indicator)
    _ensure_not_locked(indicator, period_start)
    rows = _period_rows(indicator, period_start)
    _refuse_frozen(rows)
    known = _clean_figures(indicator, figures, submit=submit)
    if submit and figures.partial:
        merged = {key: row.value for key, row in rows.items()} | figures.values
        if merged.get("") is None:
            raise ValidationError({"": _("Enter the total before submitting.")})
    status = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    if submit:
        kind = ValueEventKind.SUBMITTED
    elif source == ValueSource.IMPORT:
        kind = ValueEventKind.IMPORTED
    else:
        kind = ValueEventKind.SAVED
    now = timezone.now()
    outcome = SaveOutcome()
    for key in sorted(known):
        row = rows.get(key)
        given = key in figures.values
        if figures.partial and not given and row is None:
            continue
        figure = figures.values.get(key) if given else (row.value if row else None)
        touches_total = key == "" and (figures.comment or figures.evidence)
        if row is None and figure is None and not touches_total:
            continue
        if row is None:
            row = Value(
                partnership=indicator.partnership,
                indicator=indicator,
                period_start=period_start,
                disaggregation=dict(
                    part.split("=", 1) for part in key.split("|") if key and "=" in part
                ),
                disaggregation_key=key,
            )
            rows[key] = row
        changed = _apply(
            row,
            figure=figure,
            status=status,
            source=source,
            party=party,
            actor=actor,
            now=now,
            submit=submit,
        )
        if key == "":
            changed |= _apply_total_extras(row, figures)
        if changed:
            row.full_clean(validate_unique=False, validate_constraints=False)
            row.save()
            ValueEvent.objects.create(value=row, kind=kind, actor=actor, figure=row.value)
            outcome.changed = True
        outcome.values.append(row)
    # Groups that the framework no longer asks for follow the period's status.
    for key, row in rows.items():
        if key not in known and row.status != status:
            row.status = status
            row.save(update_fields=["status", "updated_at"])
    outcome.warnings = sum_warnings(indicator, {key: row.value for key, row in rows.items()})
    if not outcome.changed:
        return outcome
    verb = "values.submitted" if submit else "values.saved"
    if source == ValueSource.IMPORT and not submit:
        verb = "values.imported"
    total = rows.get("") or outcome.values[0]
    _log(
        indicator=indicator,
        start=period_start,
        actor=actor,
        verb=verb,
        obj=total,
        data={"total": None if total.value is None else _plain(total.value)},
    )
    if submit:
        coordinators = [
            p
            for p in active_parties_in_partnership(partnership=indicator.partnership)
            if p.is_coordinator
        ]
        notify(
            users=people_of_parties(coordinators, action=Action.REVIEW_VALUES, exclude=actor),
            partnership=indicator.partnership,
            verb="values.submitted",
            url=entry_url(indicator, period_start),
            data={
                "indicator": indicator.title,
                "period": period_label(period_start, indicator.frequency),
            },
            actor=actor,
        )
    return outcome


def _apply(row: Value, *, figure, status, source, party, actor, now, submit) -> bool:
    before = (row.value, row.status)
    row.value = figure
    row.status = status
    row.source = source
    row.party = party
    if row.pk is None or before[0] != figure or before[1] != status:
        row.entered_by = actor
    if submit:
        row.submitted_at = now
        row.return_message = ""
    return row.pk is None or before != (figure, status)


def _apply_total_extras(row: Value, figures: Figures) -> bool:
    changed = False
    comment = (figures.comment or "").strip()
    if figures.partial and not comment:
        comment = row.comment
    if comment != row.comment:
        row.comment = comment
        changed = True
    if figures.evidence:
        row.evidence = figures.evidence
        changed = True
    return changed


# Several indicator-periods at once (bulk entry, import)


@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    period_start: date
    figures: Figures


class EntriesError(ValidationError):
    """Some entries were refused; nothing was saved. `by_entry` maps (indicator pk, period)
    to the ValidationError of that entry."""

    def __init__(self, by_entry: dict):
        self.by_entry = by_entry
        super().__init__(_("Nothing was saved: correct the values marked below."))


@transaction.atomic
def values_save_many(
    *, entries: list[Entry], actor, submit: bool, source: str = ValueSource.ENTRY
) -> list[SaveOutcome]:
    """All entries in one transaction: either every one is saved, or none."""
    outcomes, errors = [], {}
    for entry in entries:
        try:
            with transaction.atomic():
                outcomes.append(
                    values_save(
                        indicator=entry.indicator,
                        period_start=entry.period_start,
                        actor=actor,
                        figures=entry.figures,
                        submit=submit,
                        source=source,
                    )
                )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                exc = ValidationError(str(exc) or _("You may not enter these values."))
            errors[(entry.indicator.pk, entry.period_start)] = exc
    if errors:
        raise EntriesError(errors)
    return outcomes
