"""Deciding, on the receiving side: scoring, shortlisting, declining, accepting (which
creates the partnership)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.matching.access import RECEIVER, ProposalAccess
from alliances.matching.models import Proposal, ProposalScore, ProposalStatus
from alliances.matching.services.proposals.common import (
    SCORE_MAX,
    check_side,
    check_undecided,
    lock_proposal,
    people_acting_for,
    proposal_title,
    proposal_url,
    tell,
)
from alliances.organisations.models import Kind, Organisation, Sector
from alliances.partnerships.models import (
    DecisionRule,
    Partnership,
    PartnershipType,
    PartyRole,
)
from alliances.partnerships.services.parties import party_add_agreed
from alliances.partnerships.services.workspace import partnership_create

PURPOSE_MAX = 5000

# Deciding


def _check_decidable(proposal: Proposal) -> None:
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(
            _("This proposal has been withdrawn by its sender."), code="withdrawn"
        )


@transaction.atomic
def proposal_score(*, access: ProposalAccess, actor, scores: dict) -> Proposal:
    """Mark an answer on its call's criteria, from 0 to 5; `scores` maps a criterion to a
    mark, or to None to take the mark back."""
    check_side(access, RECEIVER)
    proposal = lock_proposal(access.proposal)
    _check_decidable(proposal)
    if not proposal.call_id:
        raise ValidationError(
            _("A proposal sent without a call has no criteria to score."), code="no_criteria"
        )
    criteria = {criterion.pk: criterion for criterion in proposal.call.criteria.all()}
    if any(criterion.pk not in criteria for criterion in scores):
        raise ValidationError(_("Score the criteria of this call only."), code="invalid")
    existing = {score.criterion_id: score for score in proposal.scores.all()}
    changed = {}
    for criterion, value in scores.items():
        if value is not None and not 0 <= value <= SCORE_MAX:
            raise ValidationError(_("Give a score from 0 to 5."), code="score_range")
        current = existing.get(criterion.pk)
        if value is None:
            if current is not None:
                current.delete()
                changed[criterion.label] = None
            continue
        if current is None:
            ProposalScore.objects.create(
                proposal=proposal, criterion=criterion, score=value, scored_by=actor
            )
        elif current.score != value:
            current.score = value
            current.scored_by = actor
            current.save(update_fields=["score", "scored_by", "updated_at"])
        else:
            continue
        changed[criterion.label] = value
    if changed:
        audit_record(
            actor=actor,
            verb="proposal.scored",
            obj=proposal,
            organisation_uuid=proposal.to_organisation.uuid,
            data={"scores": changed},
        )
    return proposal


def _decide(proposal: Proposal, actor, status: str, note: str = "") -> None:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = (note or "").strip()
    proposal.full_clean(validate_constraints=False)


def _tell_sender(proposal: Proposal, actor, verb: str, partnership=None, url: str = "") -> None:
    title = proposal_title(proposal)
    tell(
        people=people_acting_for(proposal.from_organisation, exclude=actor),
        verb=verb,
        url=url or proposal_url(proposal),
        data={"organisation": proposal.to_organisation.name, "title": title},
        actor=actor,
        template="proposal_decided",
        context={"proposal": proposal, "title": title, "verb": verb},
        partnership=partnership,
    )


@transaction.atomic
def proposal_shortlist(*, access: ProposalAccess, actor) -> Proposal:
    check_side(access, RECEIVER)
    proposal = lock_proposal(access.proposal)
    _check_decidable(proposal)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(
            _("Only a proposal just received can be shortlisted; this one is %(status)s.")
            % {"status": proposal.get_status_display().lower()},
            code="not_submitted",
        )
    proposal.status = ProposalStatus.SHORTLISTED
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="proposal.shortlisted",
        obj=proposal,
        organisation_uuid=proposal.to_organisation.uuid,
    )
    _tell_sender(proposal, actor, "proposal.shortlisted")
    return proposal


@transaction.atomic
def proposal_decline(*, access: ProposalAccess, actor, note: str = "") -> Proposal:
    check_side(access, RECEIVER)
    proposal = lock_proposal(access.proposal)
    _check_decidable(proposal)
    check_undecided(proposal)
    _decide(proposal, actor, ProposalStatus.DECLINED, note)
    proposal.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        verb="proposal.declined",
        obj=proposal,
        organisation_uuid=proposal.to_organisation.uuid,
        data={"note": proposal.decision_note} if proposal.decision_note else None,
    )
    _tell_sender(proposal, actor, "proposal.declined")
    return proposal


def default_roles(organisation: Organisation) -> list[str]:
    """The role an organisation most often takes when it joins on a proposal."""
    if organisation.kind in (Kind.COMPANY, Kind.FOUNDATION):
        return [PartyRole.FUNDER]
    if organisation.sector == Sector.PUBLIC:
        return [PartyRole.PUBLIC_ENABLER]
    return [PartyRole.IMPLEMENTER]


def _purpose(proposal: Proposal) -> str:
    parts = [proposal.call.description] if proposal.call_id else []
    parts.append(proposal.message)
    purpose = "\n\n".join(part.strip() for part in parts if part.strip())
    return purpose[:PURPOSE_MAX]


@transaction.atomic
def proposal_accept(
    *,
    access: ProposalAccess,
    actor,
    kind: str = PartnershipType.SOCIETAL_INNOVATION,
    patronage_forms=(),
    roles=None,
) -> Partnership:
    """Accept: a partnership coordinated by the receiver, the sender active in it with the
    roles chosen. The other answers to the same call stay as they are."""
    check_side(access, RECEIVER)
    proposal = lock_proposal(access.proposal)
    _check_decidable(proposal)
    check_undecided(proposal)
    call = proposal.call
    data = {
        "title": proposal_title(proposal),
        "purpose": _purpose(proposal),
        "objectives": "",
        "kind": kind,
        "patronage_forms": list(patronage_forms or []),
        "territory": call.territory if call else None,
        "starts_on": None,
        "ends_on": None,
        "currency": "EUR",
        "decision_rule": DecisionRule.CONSENSUS,
    }
    partnership = partnership_create(
        user=actor,
        organisation=proposal.to_organisation,
        data=data,
        causes=list(call.causes.all()) if call else [],
    )
    party_add_agreed(
        partnership=partnership,
        organisation=proposal.from_organisation,
        roles=default_roles(proposal.from_organisation) if roles is None else roles,
        actor=actor,
        agreed_by=proposal.created_by,
    )
    _decide(proposal, actor, ProposalStatus.ACCEPTED)
    proposal.partnership = partnership
    proposal.save(update_fields=["status", "decided_by", "decided_at", "partnership", "updated_at"])
    audit_record(
        actor=actor,
        verb="proposal.accepted",
        obj=proposal,
        organisation_uuid=proposal.to_organisation.uuid,
        data={"partnership": str(partnership.uuid)},
    )
    _tell_sender(
        proposal,
        actor,
        "proposal.accepted",
        partnership=partnership,
        url=reverse("partnerships:detail", args=[partnership.uuid]),
    )
    return partnership
