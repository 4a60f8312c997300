"""The one checkpoint through which views, API and tasks get a partnership.

A user reaches a partnership through the accepted parties whose organisation they belong to
(their "seats"); inside, their organisation role decides what they may do for that party, and
a few actions belong to the coordinator party only (`core.permissions.COORDINATOR_ACTIONS`).
Outsiders get 404, members without the right get 403.
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alliances.core.permissions import Action, party_role_allows, role_allows
from alliances.organisations.models import Membership
from alliances.partnerships.models import Partnership, Party, PartyStatus


@dataclass(frozen=True)
class Seat:
    """One party the user acts for, through one membership of its organisation."""

    party: Party
    role: str

    def can(self, action: str) -> bool:
        return party_role_allows(self.role, action, is_coordinator=self.party.is_coordinator)


@dataclass(frozen=True)
class PartnershipAccess:
    partnership: Partnership
    seats: tuple[Seat, ...]

    def can(self, action: str) -> bool:
        return any(seat.can(action) for seat in self.seats)

    def parties_for(self, action: str) -> list[Party]:
        return [seat.party for seat in self.seats if seat.can(action)]

    def party_for(self, action: str, party_uuid: UUID | str | None = None) -> Party:
        """The party the user acts for: the one asked for, or their first that allows it."""
        parties = self.parties_for(action)
        if party_uuid:
            parties = [party for party in parties if str(party.uuid) == str(party_uuid)]
        if not parties:
            raise PermissionDenied
        return parties[0]

    @property
    def parties(self) -> list[Party]:
        return [seat.party for seat in self.seats]


def seats_of(user, partnership: Partnership) -> tuple[Seat, ...]:
    if not getattr(user, "is_authenticated", False):
        return ()
    memberships = Membership.objects.filter(
        user=user,
        organisation__parties__partnership=partnership,
        organisation__parties__status=PartyStatus.ACTIVE,
    ).values_list("organisation_id", "role")
    roles = dict(memberships)
    if not roles:
        return ()
    parties = Party.objects.filter(
        partnership=partnership, status=PartyStatus.ACTIVE, organisation_id__in=roles
    ).select_related("organisation")
    return tuple(Seat(party, roles[party.organisation_id]) for party in parties)


def access_partnership_by_uuid(
    user, partnership_uuid: UUID | str, *, need: str = Action.VIEW_PARTNERSHIP
) -> PartnershipAccess:
    try:
        partnership = Partnership.objects.select_related("territory").get(uuid=partnership_uuid)
    except (Partnership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    access = PartnershipAccess(partnership, seats_of(user, partnership))
    if not access.seats:
        raise Http404
    if not access.can(need):
        raise PermissionDenied
    return access


def access_invitation_by_uuid(user, party_uuid: UUID | str) -> Party:
    """An invitation to a partnership, for an administrator of the invited organisation."""
    try:
        party = Party.objects.select_related("partnership", "organisation").get(
            uuid=party_uuid, organisation__isnull=False
        )
    except (Party.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = Membership.objects.filter(user=user, organisation=party.organisation).first()
    if membership is None:
        raise Http404
    if not role_allows(membership.role, Action.APPROVE_ON_BEHALF):
        raise PermissionDenied
    return party
