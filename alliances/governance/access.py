"""Checkpoints for governance records. Everything is reached through the partnership access
(outsiders 404, members without the right 403), then the record must belong to that
partnership. Conflicts add their own confidentiality: a member whose parties are not named by
the conflict (nor the coordinator, when the raiser chose to inform it) gets 404, never a hint
that the conflict exists.
"""

from dataclasses import dataclass
from functools import cached_property
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from alliances.core.permissions import Action
from alliances.governance.models import Conflict
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid


def get_in_partnership(model, access: PartnershipAccess, object_uuid: UUID | str, **lookups):
    """One record of this partnership by its public UUID, or 404."""
    try:
        obj = model.objects.get(partnership=access.partnership, uuid=object_uuid, **lookups)
    except (model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    obj.partnership = access.partnership
    return obj


def conflicts_visible_q(access: PartnershipAccess) -> Q:
    """The conflicts this member may see: those naming one of their parties, and those the
    raiser opened to the coordinator when they act for the coordinator."""
    party_ids = [party.pk for party in access.parties]
    visible = Q(parties__in=party_ids) | Q(raised_by_party__in=party_ids)
    if any(party.is_coordinator for party in access.parties):
        visible |= Q(coordinator_informed=True)
    return visible


def visible_conflicts_in_partnership(access: PartnershipAccess):
    visible = Conflict.objects.filter(conflicts_visible_q(access)).values("pk")
    return Conflict.objects.filter(partnership=access.partnership, pk__in=visible)


@dataclass(frozen=True)
class ConflictAccess:
    conflict: Conflict
    access: PartnershipAccess

    @property
    def partnership(self):
        return self.access.partnership

    @cached_property
    def involved_parties(self) -> list:
        """The user's parties that the conflict names (or that raised it)."""
        named = set(self.conflict.parties.values_list("pk", flat=True))
        named.add(self.conflict.raised_by_party_id)
        return [party for party in self.access.parties if party.pk in named]

    def can(self, action: str) -> bool:
        """May act on the conflict: the right to raise conflicts, for a party it names."""
        return any(
            seat.can(action) for seat in self.access.seats if seat.party in self.involved_parties
        )


def access_conflict_by_uuid(
    user,
    partnership_uuid: UUID | str,
    conflict_uuid: UUID | str,
    *,
    need: str = Action.VIEW_PARTNERSHIP,
) -> ConflictAccess:
    access = access_partnership_by_uuid(user, partnership_uuid)
    try:
        conflict = visible_conflicts_in_partnership(access).get(uuid=conflict_uuid)
    except (Conflict.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    conflict.partnership = access.partnership
    conflict_access = ConflictAccess(conflict=conflict, access=access)
    if need != Action.VIEW_PARTNERSHIP and not conflict_access.can(need):
        raise PermissionDenied
    return conflict_access
