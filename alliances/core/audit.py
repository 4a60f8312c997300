from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.utils.translation import gettext_lazy as _

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


def export_recorded(
    *,
    actor,
    obj: models.Model,
    what: str,
    organisation_uuids=(),
    data: dict | None = None,
) -> list[AuditEvent]:
    """Record that `actor` downloaded a file about `obj` (verb `export.<what>`). Views call it
    right before returning the file; one row per organisation the person acted for, or one
    row without an organisation when there is none."""
    uuids = list(dict.fromkeys(organisation_uuids)) or [None]
    return [
        audit_record(
            actor=actor,
            verb=f"export.{what}",
            obj=obj,
            organisation_uuid=organisation_uuid,
            data=data,
        )
        for organisation_uuid in uuids
    ]


def partnership_export_recorded(*, access, what: str, obj: models.Model, actor, data=None):
    """`export_recorded` for a file taken from a partnership: the row goes to the log of each
    party organisation the person sits for there."""
    return export_recorded(
        actor=actor,
        obj=obj,
        what=what,
        organisation_uuids=[seat.party.organisation.uuid for seat in access.seats],
        data={"partnership": str(access.partnership.uuid), **(data or {})},
    )


# What each verb means, in plain words, for the organisation's audit log. A verb missing here
# is shown as it is.
VERB_SENTENCES = {
    "membership.created": _("added a member"),
    "membership.role_changed": _("changed a member's role"),
    "membership.removed": _("removed a member"),
    "membership.left": _("left the organisation"),
    "invitation.created": _("invited someone to join"),
    "invitation.revoked": _("cancelled an invitation"),
    "invitation.accepted": _("accepted an invitation and joined"),
    "join_request.created.join": _("asked to join the organisation"),
    "join_request.created.claim": _("asked to manage the organisation's profile"),
    "join_request.approved": _("approved a request to join"),
    "join_request.rejected": _("declined a request to join"),
    "organisation.created": _("created the organisation"),
    "organisation.updated": _("edited the organisation's profile"),
    "organisation.resources_set": _("changed what the organisation brings and needs"),
    "organisation.logo_set": _("changed the logo"),
    "organisation.logo_removed": _("removed the logo"),
    "partnership.created": _("created a partnership"),
    "partnership.edited": _("edited a partnership"),
    "partnership.stage_moved": _("moved a partnership to another stage"),
    "party.invited": _("invited a party to a partnership"),
    "party.accepted": _("accepted to join a partnership"),
    "party.declined": _("declined to join a partnership"),
    "party.left": _("took the organisation out of a partnership"),
    "party.roles_changed": _("changed a party's roles"),
    "party.added_agreed": _("joined a partnership by agreement"),
    "assessment.saved": _("saved the opportunity assessment"),
    "assessment.submitted": _("submitted the opportunity assessment"),
    "contribution.recorded": _("recorded a contribution"),
    "contribution.changed": _("changed a contribution"),
    "contribution.deleted": _("deleted a contribution"),
    "agreement.version_saved": _("saved an agreement version"),
    "agreement.approved": _("approved an agreement version"),
    "agreement.in_force": _("brought an agreement version into force"),
    "values.saved": _("entered indicator values"),
    "values.submitted": _("submitted indicator values"),
    "values.imported": _("imported indicator values"),
    "values.approved": _("approved indicator values"),
    "values.returned": _("returned indicator values for correction"),
    "values.locked": _("locked indicator values"),
    "values.unlocked": _("unlocked indicator values"),
    "publication.proposed": _("proposed the public impact page"),
    "publication.agreed": _("agreed to publish the public impact page"),
    "publication.published": _("published the public impact page"),
    "publication.consent_withdrawn": _("withdrew consent to the public impact page"),
    "publication.withdrawn": _("took the public impact page offline"),
    "report.requested": _("asked for a funder report"),
    "report.generated": _("generated a funder report"),
    "iati.imported": _("imported IATI activities"),
    "call.created": _("created a call for partners"),
    "call.published": _("published a call for partners"),
    "call.closed": _("closed a call for partners"),
    "proposal.sent": _("sent a partnership proposal"),
    "proposal.accepted": _("accepted a partnership proposal"),
    "proposal.declined": _("declined a partnership proposal"),
    "diagnosis.start": _("started a self-diagnosis"),
    "diagnosis.complete": _("completed a self-diagnosis"),
    "api_token.created": _("created an API key"),
    "api_token.revoked": _("revoked an API key"),
    "export.agreement_pdf": _("downloaded an agreement as PDF"),
    "export.agreement_docx": _("downloaded an agreement as Word"),
    "export.contributions_xlsx": _("downloaded the contributions spreadsheet"),
    "export.values": _("downloaded indicator data"),
    "export.call_answers_xlsx": _("downloaded the answers to a call"),
    "export.report": _("downloaded a funder report"),
    "export.iati": _("downloaded the IATI file"),
    "export.survey_responses": _("downloaded survey responses"),
    "export.audit_log": _("downloaded the audit log"),
}

# Filters of the audit log: the first part of a verb names its family.
VERB_FAMILIES = {
    "membership": _("Members"),
    "invitation": _("Invitations"),
    "join_request": _("Requests to join"),
    "organisation": _("Profile"),
    "partnership": _("Partnerships"),
    "party": _("Parties"),
    "agreement": _("Agreements"),
    "values": _("Indicator values"),
    "publication": _("Public impact page"),
    "export": _("Downloads"),
    "api_token": _("API keys"),
}


def verb_sentence(verb: str) -> str:
    return str(VERB_SENTENCES.get(verb, verb))
