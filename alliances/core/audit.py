from django.db import models

from alliances.core.models import AuditEvent, Interface


def audit_record(
    *,
    actor,
    verb: str,
    obj: models.Model,
    organisation_uuid=None,
    interface: str = Interface.WEB,
    data: dict | None = None,
) -> AuditEvent:
    """Write one audit row; called by write services inside their transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_uuid=getattr(obj, "uuid", None),
        object_repr=str(obj)[:255],
        organisation_uuid=organisation_uuid,
        interface=interface,
        data=data or {},
    )
