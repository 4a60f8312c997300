"""The checkpoints through which views get a call for partners or a proposal.

A call that is open or closed, published by an organisation with a public profile, is read by
anyone (signed in or not); a draft only by the publisher's members; every write needs
`Action.FIND_PARTNERS` in the publisher. A proposal is read by the members of both
organisations: the receiver's editors score and decide it, the sender's editors change or
withdraw it while it is undecided. Outsiders get 404, members without the right get 403.
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from alliances.core.permissions import Action, role_allows
from alliances.matching.models import Call, CallStatus, Proposal
from alliances.organisations.access import membership_of
from alliances.organisations.models import Membership

SENDER = "sender"
RECEIVER = "receiver"


@dataclass(frozen=True)
class CallAccess:
    call: Call
    membership: Membership | None  # in the publisher

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    def can(self, action: str) -> bool:
        """May the user do this for the publisher? Reading a published call publicly does not
        count: `can(Action.VIEW_MATCHING)` is True for the publisher's members only."""
        return role_allows(self.role, action)


def is_publicly_readable(call: Call) -> bool:
    return call.status in (CallStatus.PUBLISHED, CallStatus.CLOSED) and call.organisation.is_public


def access_call_by_uuid(
    user, call_uuid: UUID | str, *, need: str = Action.VIEW_MATCHING
) -> CallAccess:
    """The call and the user's membership of its publisher, or refuse.

    With `need=Action.VIEW_MATCHING`, anyone reads a published or closed call of a public
    organisation; any other need asks the publisher's membership for that right.
    """
    try:
        call = Call.objects.select_related("organisation", "territory").get(uuid=call_uuid)
    except (Call.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    access = CallAccess(call, membership_of(user, call.organisation))
    if access.can(need):
        return access
    if need == Action.VIEW_MATCHING and is_publicly_readable(call):
        return access
    if access.membership is None:
        raise Http404
    raise PermissionDenied


@dataclass(frozen=True)
class ProposalAccess:
    proposal: Proposal
    side: str  # SENDER or RECEIVER: the organisation the user acts for
    membership: Membership
    sender_membership: Membership | None
    receiver_membership: Membership | None

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, action: str) -> bool:
        return role_allows(self.role, action)

    def can_as(self, side: str, action: str) -> bool:
        membership = self.receiver_membership if side == RECEIVER else self.sender_membership
        return membership is not None and role_allows(membership.role, action)

    @property
    def is_receiver(self) -> bool:
        return self.side == RECEIVER

    @property
    def is_sender(self) -> bool:
        return self.side == SENDER


def access_proposal_by_uuid(
    user,
    proposal_uuid: UUID | str,
    *,
    need: str = Action.VIEW_MATCHING,
    side: str | None = None,
) -> ProposalAccess:
    """The proposal, seen from the organisation the user acts for, or refuse.

    `side` asks for the right on one side only (the receiver decides, the sender changes its
    own proposal); without it, either side will do, the receiver first. A member of one of the
    two organisations without the right gets 403; anyone else 404.
    """
    try:
        proposal = Proposal.objects.select_related(
            "call", "call__organisation", "call__territory", "from_organisation", "to_organisation"
        ).get(uuid=proposal_uuid)
    except (Proposal.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    sender = membership_of(user, proposal.from_organisation)
    receiver = membership_of(user, proposal.to_organisation)
    if sender is None and receiver is None:
        raise Http404
    sides = [(RECEIVER, receiver), (SENDER, sender)]
    if side is not None:
        sides = [(name, membership) for name, membership in sides if name == side]
    for name, membership in sides:
        if membership is not None and role_allows(membership.role, need):
            return ProposalAccess(proposal, name, membership, sender, receiver)
    raise PermissionDenied
