"""The steering committee's meetings: schedule, agenda, attendance, minutes, documents."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import AgendaItem, Concern, Meeting, MeetingStatus
from alliances.governance.services.common import ensure_partnership_open
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.services.activity import activity_record


@transaction.atomic
def agenda_item_add(
    *,
    access: PartnershipAccess,
    actor,
    meeting: Meeting,
    title: str,
    description: str = "",
    concern: Concern | None = None,
) -> AgendaItem:
    """Add an item at the end of a scheduled meeting's agenda."""
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    if meeting.partnership_id != access.partnership.pk:
        raise PermissionDenied
    ensure_partnership_open(access.partnership)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            _("This meeting is no longer scheduled: its agenda can no longer change."),
            code="meeting_not_scheduled",
        )
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title.strip(),
        description=description.strip(),
        concern=concern,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    activity_record(
        partnership=access.partnership,
        actor=actor,
        verb="meeting.agenda_item_added",
        data={"meeting": meeting.title, "item": item.title},
    )
    return item
