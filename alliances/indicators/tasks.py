"""Background work of indicators: reporting reminders. Tasks load objects and call plain
functions; the management command `send_reporting_reminders` calls the same one."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from alliances.core.permissions import Action
from alliances.indicators.models import IndicatorSource, Reminder, ReminderKind
from alliances.indicators.selectors.values import (
    OPEN_STATUSES,
    reporting_schedule_in_partnership,
)
from alliances.indicators.services.values import entry_url
from alliances.lib.emails import templated_email_send
from alliances.partnerships.models import Partnership, Stage
from alliances.partnerships.services.activity import people_of_parties

logger = logging.getLogger(__name__)


def _kind_due(item, today: date) -> str | None:
    if item.status not in OPEN_STATUSES or item.party is None:
        return None
    if today > item.deadline:
        return ReminderKind.OVERDUE
    if today >= item.deadline - timedelta(days=settings.REPORTING_REMINDER_DAYS):
        return ReminderKind.UPCOMING
    return None


def _claim(item, kind: str) -> bool:
    """Write the Reminder row first: whoever writes it sends, and nobody sends twice."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                indicator=item.indicator, period_start=item.period_start, kind=kind
            )
    except IntegrityError:
        return False
    return True


def reporting_reminders_send(*, today: date) -> int:
    """E-mail the people who enter values about periods due soon or overdue; returns the
    number of e-mails sent. Running it again the same day (or later) sends nothing twice."""
    sent = 0
    partnerships = (
        Partnership.objects.exclude(stage=Stage.CLOSED)
        .filter(indicators__source=IndicatorSource.MANUAL)
        .distinct()
    )
    for partnership in partnerships:
        by_party: dict = {}
        for item in reporting_schedule_in_partnership(partnership=partnership, today=today):
            kind = _kind_due(item, today)
            if kind is None:
                continue
            if _claim(item, kind):
                by_party.setdefault(item.party.pk, (item.party, []))[1].append((item, kind))
        for party, items in by_party.values():
            for person in people_of_parties([party], action=Action.RECORD_VALUES):
                sent += _send(person, partnership, items)
    return sent


def _send(person, partnership, items) -> int:
    lines = [
        {
            "indicator": item.indicator.title,
            "period": item.label,
            "deadline": item.deadline,
            "overdue": kind == ReminderKind.OVERDUE,
            "url": settings.SITE_URL + entry_url(item.indicator, item.period_start),
        }
        for item, kind in items
    ]
    context = {
        "user": person,
        "partnership": partnership,
        "lines": lines,
        "overdue": any(line["overdue"] for line in lines),
        "site_url": settings.SITE_URL,
    }
    sent = templated_email_send(
        to=person.email, template="indicators/emails/reminder", context=context
    )
    return 1 if sent else 0


@task()
def send_reporting_reminders() -> int:
    """For a scheduler (cron, systemd timer): once a day is enough."""
    return reporting_reminders_send(today=timezone.localdate())
