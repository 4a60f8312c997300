"""Sending: answering a call, proposing straight to an organisation, changing or
withdrawing one's proposal while it is undecided."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.matching.access import SENDER, ProposalAccess
from alliances.matching.models import Call, Proposal, ProposalStatus
from alliances.matching.services.calls import answer_refusal
from alliances.matching.services.proposals.common import (
    already_answered_message,
    check_may_send,
    check_side,
    check_undecided,
    clean_resources,
    lock_proposal,
    people_acting_for,
    proposal_title,
    proposal_url,
    tell,
)
from alliances.organisations.models import Organisation

# Sending


def has_live_answer(*, call: Call, organisation: Organisation) -> bool:
    live = Proposal.objects.filter(call=call, from_organisation=organisation)
    return live.exclude(status=ProposalStatus.WITHDRAWN).exists()


@transaction.atomic
def proposal_answer(
    *, call: Call, organisation: Organisation, actor, message: str, resources_offered=()
) -> Proposal:
    """An organisation answers a call; the publisher's editors and administrators are told."""
    check_may_send(organisation, actor)
    call = (
        Call.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=call.pk)
    )
    if organisation.pk == call.organisation_id:
        raise ValidationError(
            {"organisation": _("An organisation cannot answer its own call.")}, code="own_call"
        )
    refusal = answer_refusal(call)
    if refusal:
        raise ValidationError(refusal, code="call_not_open")
    if has_live_answer(call=call, organisation=organisation):
        raise ValidationError(
            {"organisation": already_answered_message(organisation)}, code="already_answered"
        )
    proposal = Proposal(
        call=call,
        from_organisation=organisation,
        to_organisation=call.organisation,
        message=(message or "").strip(),
        resources_offered=clean_resources(resources_offered),
        created_by=actor,
    )
    proposal.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        # Someone else of the same organisation answered at the same moment.
        raise ValidationError(
            {"organisation": already_answered_message(organisation)}, code="already_answered"
        ) from None
    audit_record(
        actor=actor,
        verb="proposal.sent",
        obj=proposal,
        organisation_uuid=organisation.uuid,
        data={"call": str(call.uuid), "to": call.organisation.name},
    )
    tell(
        people=people_acting_for(call.organisation, exclude=actor),
        verb="call.answered",
        url=proposal_url(proposal),
        data={"organisation": organisation.name, "title": call.title},
        actor=actor,
        template="call_answered",
        context={"proposal": proposal, "call": call, "organisation": organisation},
    )
    return proposal


@transaction.atomic
def proposal_send(
    *,
    from_organisation: Organisation,
    to_organisation: Organisation,
    actor,
    title: str,
    message: str,
    resources_offered=(),
) -> Proposal:
    """A proposal of partnership straight to an organisation, without a call."""
    check_may_send(from_organisation, actor)
    if from_organisation.pk == to_organisation.pk:
        raise ValidationError(
            {"organisation": _("An organisation cannot send a proposal to itself.")},
            code="itself",
        )
    if not to_organisation.is_active or to_organisation.dissolved_on:
        raise ValidationError(
            _("%(name)s is no longer active: it cannot receive proposals.")
            % {"name": to_organisation.name},
            code="receiver_inactive",
        )
    proposal = Proposal(
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        title=" ".join((title or "").split()),
        message=(message or "").strip(),
        resources_offered=clean_resources(resources_offered),
        created_by=actor,
    )
    if not proposal.title:
        raise ValidationError({"title": _("Give your proposal a title.")}, code="required")
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=actor,
        verb="proposal.sent",
        obj=proposal,
        organisation_uuid=from_organisation.uuid,
        data={"to": to_organisation.name, "title": proposal.title},
    )
    tell(
        people=people_acting_for(to_organisation, exclude=actor),
        verb="proposal.received",
        url=proposal_url(proposal),
        data={"organisation": from_organisation.name, "title": proposal.title},
        actor=actor,
        template="proposal_received",
        context={"proposal": proposal, "organisation": from_organisation},
    )
    return proposal


@transaction.atomic
def proposal_edit(
    *, access: ProposalAccess, actor, message: str, resources_offered=(), title: str = ""
) -> Proposal:
    """The sender changes its proposal while it is undecided (and, for a call, still open)."""
    check_side(access, SENDER)
    proposal = lock_proposal(access.proposal)
    check_undecided(proposal)
    if proposal.call_id:
        refusal = answer_refusal(proposal.call)
        if refusal:
            raise ValidationError(
                _("The answer can no longer be changed: %(reason)s") % {"reason": refusal},
                code="call_not_open",
            )
    values = {
        "message": (message or "").strip(),
        "resources_offered": clean_resources(resources_offered),
    }
    if not proposal.call_id:
        values["title"] = " ".join((title or "").split())
        if not values["title"]:
            raise ValidationError({"title": _("Give your proposal a title.")}, code="required")
    changed = [name for name, value in values.items() if getattr(proposal, name) != value]
    if not changed:
        return proposal
    for name in changed:
        setattr(proposal, name, values[name])
    proposal.full_clean(validate_constraints=False)
    proposal.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        verb="proposal.edited",
        obj=proposal,
        organisation_uuid=proposal.from_organisation.uuid,
        data={"fields": changed},
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, access: ProposalAccess, actor) -> Proposal:
    check_side(access, SENDER)
    proposal = lock_proposal(access.proposal)
    check_undecided(proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="proposal.withdrawn",
        obj=proposal,
        organisation_uuid=proposal.from_organisation.uuid,
    )
    tell(
        people=people_acting_for(proposal.to_organisation, exclude=actor),
        verb="proposal.withdrawn",
        url=proposal_url(proposal),
        data={"organisation": proposal.from_organisation.name, "title": proposal_title(proposal)},
        actor=actor,
        template="proposal_withdrawn",
        context={"proposal": proposal, "title": proposal_title(proposal)},
    )
    return proposal
