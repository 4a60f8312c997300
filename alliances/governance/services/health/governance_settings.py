"""The partnership's governance settings: quorum, health-check schedule and alert
thresholds, conflict staleness."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import (
    Frequency,
    GovernanceSettings,
)
from alliances.governance.services.common import ensure_partnership_open
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.services.activity import activity_record

SETTINGS_FIELDS = (
    "quorum_percent",
    "health_frequency",
    "health_next_on",
    "health_open_days",
    "health_alert_drop",
    "health_alert_below",
    "conflict_stale_days",
)


@transaction.atomic
def governance_settings_save(
    *, access: PartnershipAccess, actor, data: dict, today: date | None = None
) -> GovernanceSettings:
    """Save the partnership's governance settings (the first save creates them)."""
    if not access.can(Action.GOVERNANCE_SETTINGS):
        raise PermissionDenied
    partnership = access.partnership
    ensure_partnership_open(partnership)
    row, _created = GovernanceSettings.objects.select_for_update().get_or_create(
        partnership=partnership
    )
    previous_next_on = row.health_next_on
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(row, name, data[name])
    errors = {}
    today = today or timezone.localdate()
    if row.health_frequency != Frequency.NONE and row.health_next_on is None:
        errors["health_next_on"] = _(
            "Choose the date of the next health check, or choose “Not scheduled”."
        )
    elif row.health_next_on != previous_next_on and row.health_next_on < today:
        # A date kept as it was may be past (the job moves it on); a new one may not.
        errors["health_next_on"] = _("Choose today or a later date.")
    try:
        row.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    row.save()
    activity_record(partnership=partnership, actor=actor, verb="governance.settings_changed")
    return row
