"""Daily e-mail reminders to the owners of actions due soon or overdue.

Idempotent: an `ActionReminder` row is written before the e-mail leaves, unique on the action,
its due date and the kind of reminder. Whoever writes the row sends; a second run the same day
(or a run started twice at once) sends nothing more; a new due date earns new reminders.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from alliances.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionReminder,
    ActionReminderKind,
)
from alliances.governance.services.actions import action_url
from alliances.lib.emails import templated_email_send
from alliances.organisations.models import Membership
from alliances.partnerships.models import PartyStatus, Stage

logger = logging.getLogger(__name__)


@dataclass
class ReminderLine:
    action: ActionItem
    kind: str
    url: str

    @property
    def overdue(self) -> bool:
        return self.kind == ActionReminderKind.OVERDUE


def _candidates(today: date):
    horizon = today + timedelta(days=settings.ACTION_REMINDER_DAYS)
    return (
        ActionItem.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            owner__isnull=False,
            owner__is_active=True,
            due_on__isnull=False,
            due_on__lte=horizon,
            owner_party__status=PartyStatus.ACTIVE,
        )
        .exclude(partnership__stage=Stage.CLOSED)
        .exclude(owner__email="")
        .select_related("partnership", "owner", "owner_party__organisation")
        .order_by("owner_id", "due_on", "id")
    )


def _still_members(actions: list[ActionItem]) -> set[tuple[int, int]]:
    """(user, organisation) pairs that still hold: someone who left the party's organisation
    is no longer reminded of its actions."""
    return set(
        Membership.objects.filter(user_id__in={action.owner_id for action in actions}).values_list(
            "user_id", "organisation_id"
        )
    )


def _claim(action: ActionItem, kind: str) -> bool:
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, due_on=action.due_on, kind=kind)
    except IntegrityError:
        return False
    return True


def action_reminders_send(*, today: date) -> int:
    """Remind owners of their open actions due within ACTION_REMINDER_DAYS days, or past due:
    one e-mail per owner grouping their actions. Returns the number of e-mails sent."""
    actions = list(_candidates(today))
    members = _still_members(actions)
    by_owner: dict[int, list[ReminderLine]] = {}
    for action in actions:
        if (action.owner_id, action.owner_party.organisation_id) not in members:
            continue
        kind = ActionReminderKind.OVERDUE if action.due_on < today else ActionReminderKind.UPCOMING
        if _claim(action, kind):
            url = settings.SITE_URL + action_url(action)
            by_owner.setdefault(action.owner_id, []).append(ReminderLine(action, kind, url))
    return sum(_send(lines[0].action.owner, lines, today) for lines in by_owner.values())


def _send(person, lines: list[ReminderLine], today: date) -> int:
    overdue = [line for line in lines if line.overdue]
    context = {
        "user": person,
        "overdue": overdue,
        "upcoming": [line for line in lines if not line.overdue],
        "today": today,
        "my_actions_url": settings.SITE_URL + reverse("me:actions"),
        "site_url": settings.SITE_URL,
        "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    }
    sent = templated_email_send(
        to=person.email, template="governance/emails/action_reminder", context=context
    )
    return 1 if sent else 0
