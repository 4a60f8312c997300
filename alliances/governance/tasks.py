"""Background work of governance. The daily job and the weekly digest are plain functions in
the services; tasks and management commands only call them, so cron, a systemd timer or the
task worker may run them, and running one twice sends nothing twice."""

import logging
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django_tasks import task

from alliances.governance.services.conflicts import stale_conflicts_flag
from alliances.governance.services.digest import weekly_digests_send
from alliances.governance.services.health import health_rounds_run
from alliances.governance.services.reminders import action_reminders_send

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyReport:
    action_reminders: int
    health_rounds: int
    stale_conflicts: int


def governance_daily_run(*, today: date) -> DailyReport:
    """Action reminders, health-check rounds (open, close, alerts) and stale conflicts."""
    report = DailyReport(
        action_reminders=action_reminders_send(today=today),
        health_rounds=health_rounds_run(today=today),
        stale_conflicts=stale_conflicts_flag(now=timezone.now()),
    )
    logger.info("Governance daily run for %s: %s", today, report)
    return report


@task()
def governance_daily() -> dict:
    """For a scheduler: once a day."""
    report = governance_daily_run(today=timezone.localdate())
    return {
        "action_reminders": report.action_reminders,
        "health_rounds": report.health_rounds,
        "stale_conflicts": report.stale_conflicts,
    }


@task()
def send_weekly_digests() -> int:
    """For a scheduler: once a week (Monday morning)."""
    return weekly_digests_send(today=timezone.localdate())
