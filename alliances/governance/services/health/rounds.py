"""Health-check rounds: opened by the coordinator or on the partnership's schedule (the daily
job), closed by hand or past their date, with the alerts that closing calls for."""

import logging
from calendar import monthrange
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import (
    Dimension,
    Frequency,
    GovernanceSettings,
    HealthAlert,
    HealthCheckParticipation,
    HealthCheckRound,
    RoundStatus,
)
from alliances.governance.selectors.health import (
    previous_closed_round,
    round_results_for_round,
)
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.governance.services.common import ensure_partnership_open
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Partnership, Stage
from alliances.partnerships.services.activity import (
    active_parties,
    activity_record,
    notify,
    people_of_parties,
)

logger = logging.getLogger(__name__)

PERIOD_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


def health_url(partnership: Partnership) -> str:
    return reverse("governance:health", args=[partnership.uuid])


def round_url(round: HealthCheckRound) -> str:
    return reverse("governance:health_round", args=[round.partnership.uuid, round.uuid])


def answer_url(round: HealthCheckRound) -> str:
    return reverse("governance:health_answer", args=[round.partnership.uuid, round.uuid])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def next_health_date(*, scheduled: date, frequency: str, today: date) -> date | None:
    """The first date of the schedule after today, counted from the date that was due, so
    that periods missed (the job did not run, a round stayed open) are skipped, not caught up."""
    months = PERIOD_MONTHS.get(frequency)
    if months is None:
        return None
    periods = 1
    while (following := add_months(scheduled, months * periods)) <= today:
        periods += 1
    return following


def _platform_date(day: date) -> str:
    # Stored in activity lines and notifications as written: in the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(day, "SHORT_DATE_FORMAT")


# Rounds


def _open_round(
    *, partnership: Partnership, actor, today: date, open_days: int
) -> HealthCheckRound:
    last = HealthCheckRound.objects.filter(partnership=partnership).aggregate(last=Max("number"))
    round = HealthCheckRound(
        partnership=partnership,
        number=(last["last"] or 0) + 1,
        opens_on=today,
        closes_on=today + timedelta(days=open_days),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    round.full_clean()
    round.save()
    data = {"number": round.number, "closes": _platform_date(round.closes_on)}
    activity_record(partnership=partnership, actor=actor, verb="health.round_opened", data=data)
    notify(
        users=people_of_parties(active_parties(partnership), action=Action.ANSWER_HEALTH_CHECK),
        partnership=partnership,
        verb="health.round_opened",
        url=answer_url(round),
        data=data,
        actor=actor,
    )
    return round


@transaction.atomic
def health_round_start(*, access: PartnershipAccess, actor, today: date) -> HealthCheckRound:
    """Open a round now; every member of every active party is asked to answer."""
    if not access.can(Action.GOVERNANCE_SETTINGS):
        raise PermissionDenied
    partnership = access.partnership
    # Locks the partnership row: two clicks cannot open two rounds.
    ensure_partnership_open(partnership)
    if HealthCheckRound.objects.filter(partnership=partnership, status=RoundStatus.OPEN).exists():
        raise ValidationError(
            _("A health check is already open: close it before starting another one."),
            code="round_open",
        )
    current = governance_settings_for_partnership(partnership=partnership)
    return _open_round(
        partnership=partnership, actor=actor, today=today, open_days=current.health_open_days
    )


def _close_round(*, round: HealthCheckRound, actor, now: datetime) -> bool:
    """Close an open round, once: the conditional update decides who closes it."""
    claimed = HealthCheckRound.objects.filter(pk=round.pk, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, closed_at=now
    )
    if not claimed:
        return False
    round.status, round.closed_at = RoundStatus.CLOSED, now
    answers = HealthCheckParticipation.objects.filter(round=round).count()
    activity_record(
        partnership=round.partnership,
        actor=actor,
        verb="health.round_closed",
        data={"number": round.number, "answers": answers},
    )
    health_alerts_for_round(round)
    return True


@transaction.atomic
def health_round_close(
    *, access: PartnershipAccess, actor, round: HealthCheckRound
) -> HealthCheckRound:
    """Close the round before its date; its results and alerts follow."""
    if not access.can(Action.GOVERNANCE_SETTINGS):
        raise PermissionDenied
    if round.partnership_id != access.partnership.pk:
        raise PermissionDenied
    round.partnership = access.partnership
    ensure_partnership_open(access.partnership)
    if not _close_round(round=round, actor=actor, now=timezone.now()):
        raise ValidationError(_("This health check is already closed."), code="round_closed")
    return round


# Alerts


def _alert_reasons(round: HealthCheckRound, thresholds: GovernanceSettings) -> list:
    """(key, reason) of each alert the round calls for, from the results that may be shown."""
    current = round_results_for_round(round=round)
    if current.overall is None:
        return []
    reasons = []
    labels = dict(Dimension.choices)
    previous_round = previous_closed_round(round=round)
    previous = round_results_for_round(round=previous_round) if previous_round else None
    if previous is not None and previous.overall is not None:
        for item in current.overall.dimensions:
            before = previous.overall.dimension(item.dimension)
            if before is None or before.score is None or item.score is None:
                continue
            if before.score - item.score >= thresholds.health_alert_drop:
                reason = _("%(dimension)s dropped from %(before)s to %(after)s points.") % {
                    "dimension": labels[item.dimension],
                    "before": before.score,
                    "after": item.score,
                }
                reasons.append((f"drop:{item.dimension}", reason))
    for group in current.party_groups:
        if group.score is not None and group.score < thresholds.health_alert_below:
            reason = _("%(party)s averages %(score)s points, below %(threshold)s.") % {
                "party": group.name,
                "score": group.score,
                "threshold": thresholds.health_alert_below,
            }
            reasons.append((f"below:{group.key}", reason))
    return reasons


def health_alerts_for_round(round: HealthCheckRound) -> int:
    """Alert the coordinator about a closed round: a dimension that dropped since the previous
    closed round, or a party shown on its own whose score is under the threshold. Each alert
    is written once (its row is unique), so running this again sends nothing twice."""
    partnership = round.partnership
    thresholds = governance_settings_for_partnership(partnership=partnership)
    with translation.override(settings.LANGUAGE_CODE):
        reasons = _alert_reasons(round, thresholds)
    created = []
    for key, reason in reasons:
        try:
            with transaction.atomic():
                HealthAlert.objects.create(round=round, key=key, data={"reason": reason})
        except IntegrityError:
            continue
        created.append(reason)
    if not created:
        return 0
    coordinators = [party for party in active_parties(partnership) if party.is_coordinator]
    people = people_of_parties(coordinators, action=Action.GOVERNANCE_SETTINGS)
    for reason in created:
        data = {"number": round.number, "reason": reason}
        activity_record(
            partnership=partnership,
            actor=None,
            verb="health.alert",
            data=data,
            audience=coordinators,
        )
        notify(
            users=people,
            partnership=partnership,
            verb="health.alert",
            url=round_url(round),
            data=data,
        )
    return len(created)


# The daily job


def _close_due_rounds(today: date) -> int:
    closed = 0
    due = (
        HealthCheckRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today)
        .exclude(partnership__stage=Stage.CLOSED)
        .select_related("partnership")
    )
    for round in due:
        try:
            with transaction.atomic():
                closed += _close_round(round=round, actor=None, now=timezone.now())
        except Exception:  # one partnership's failure must not stop the others
            logger.exception("Closing health-check round %s failed", round.pk)
    return closed


def _open_scheduled_round(settings_id: int, today: date) -> bool:
    with transaction.atomic():
        row = (
            GovernanceSettings.objects.select_for_update()
            .select_related("partnership")
            .get(pk=settings_id)
        )
        partnership = row.partnership
        # Locked as a manual start locks it, so that the two cannot open two rounds.
        locked = Partnership.objects.select_for_update(no_key=True).only("stage")
        if locked.get(pk=partnership.pk).is_closed:
            return False
        if row.health_frequency == Frequency.NONE or row.health_next_on is None:
            return False
        if row.health_next_on > today:
            return False
        if HealthCheckRound.objects.filter(
            partnership=partnership, status=RoundStatus.OPEN
        ).exists():
            # Wait for the open round to close; the schedule resumes then.
            return False
        _open_round(
            partnership=partnership, actor=None, today=today, open_days=row.health_open_days
        )
        row.health_next_on = next_health_date(
            scheduled=row.health_next_on, frequency=row.health_frequency, today=today
        )
        row.save(update_fields=["health_next_on"])
        return True


def health_rounds_run(*, today: date) -> int:
    """The daily job: close the rounds past their date (with their alerts), then open the
    rounds that the schedules call for. Returns how many rounds were closed and opened;
    running it again the same day does nothing more."""
    count = _close_due_rounds(today)
    due = (
        GovernanceSettings.objects.exclude(health_frequency=Frequency.NONE)
        .exclude(partnership__stage=Stage.CLOSED)
        .filter(health_next_on__lte=today)
        .values_list("pk", flat=True)
    )
    for settings_id in list(due):
        try:
            count += _open_scheduled_round(settings_id, today)
        except Exception:  # one partnership's failure must not stop the others
            logger.exception("Opening a health-check round (settings %s) failed", settings_id)
    return count
