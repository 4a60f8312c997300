from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

from alliances.core.models import AuditEvent, Interface

# The interface of the request being served (the API sets it); services that do not name an
# interface record this one.
_current_interface: ContextVar[str] = ContextVar("audit_interface", default=Interface.WEB)


@contextmanager
def audit_interface(interface: str):
    """Record the writes made inside the block as coming from `interface`."""
    token = _current_interface.set(interface)
    try:
        yield
    finally:
        _current_interface.reset(token)


def audit_record(
    *,
    actor,
    verb: str,
    obj: models.Model,
    organisation_uuid=None,
    interface: str = Interface.WEB,
    data: dict | None = None,
) -> AuditEvent:
    """Write one audit row; called by write services inside their transaction. A service that
    leaves `interface` at its default records the interface of the current request."""
    if interface == Interface.WEB:
        interface = _current_interface.get()
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
