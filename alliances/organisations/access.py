"""The one checkpoint through which views, API and tasks get an organisation."""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alliances.core.permissions import PUBLIC_ACTIONS, Action, role_allows
from alliances.organisations.models import Membership, Organisation


@dataclass(frozen=True)
class OrganisationAccess:
    organisation: Organisation
    membership: Membership | None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    def can(self, action: str) -> bool:
        if role_allows(self.role, action):
            return True
        return action in PUBLIC_ACTIONS and self.organisation.is_public


def membership_of(user, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def access_organisation_by_uuid(
    user, organisation_uuid: UUID | str, *, need: str = Action.VIEW_ORGANISATION
) -> OrganisationAccess:
    """Return the organisation and the user's membership, or refuse.

    Outsiders get 404 (nothing hints that a private organisation exists, and outsiders never
    learn what members may do); members without the right get 403.
    """
    try:
        organisation = Organisation.objects.get(uuid=organisation_uuid)
    except (Organisation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    access = OrganisationAccess(organisation, membership_of(user, organisation))
    if access.can(need):
        return access
    if access.membership is None:
        raise Http404
    raise PermissionDenied
