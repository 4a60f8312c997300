"""Reads of an organisation's audit log, always scoped to that organisation."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from alliances.core.models import AuditEvent
from alliances.organisations.models import Organisation


@dataclass(frozen=True)
class AuditFilters:
    family: str = ""
    person_uuid: str = ""
    since: date | None = None
    until: date | None = None
    interface: str = ""


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_for_organisation(
    *, organisation: Organisation, filters: AuditFilters | None = None
) -> QuerySet[AuditEvent]:
    """The organisation's audit entries, newest first; dates are days in local time."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.filter(organisation_uuid=organisation.uuid)
    if filters.family:
        events = events.filter(verb__startswith=f"{filters.family}.")
    if filters.person_uuid:
        events = events.filter(actor__uuid=filters.person_uuid)
    if filters.since:
        events = events.filter(created_at__gte=_start_of(filters.since))
    if filters.until:
        events = events.filter(created_at__lt=_start_of(filters.until + timedelta(days=1)))
    if filters.interface:
        events = events.filter(interface=filters.interface)
    return events.select_related("actor").order_by("-created_at", "-id")


def audit_people_for_organisation(*, organisation: Organisation):
    """The people who appear in the organisation's log, for the filter."""
    actor_ids = (
        AuditEvent.objects.filter(organisation_uuid=organisation.uuid, actor__isnull=False)
        .values("actor_id")
        .distinct()
    )
    return get_user_model().objects.filter(pk__in=actor_ids).order_by("full_name", "email")
