"""The one checkpoint through which views get a self-diagnosis."""

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404

from alliances.core.permissions import Action
from alliances.diagnosis.models import Diagnosis
from alliances.organisations.access import OrganisationAccess, access_organisation_by_uuid


@dataclass(frozen=True)
class DiagnosisAccess:
    organisation_access: OrganisationAccess
    diagnosis: Diagnosis

    @property
    def organisation(self):
        return self.organisation_access.organisation

    def can(self, action: str) -> bool:
        return self.organisation_access.can(action)


def access_diagnosis_by_uuid(
    user,
    organisation_uuid: UUID | str,
    diagnosis_uuid: UUID | str,
    *,
    need: str = Action.VIEW_DIAGNOSIS,
) -> DiagnosisAccess:
    """The organisation's self-diagnosis, for its members whose role allows `need`.

    Outsiders get 404 whatever the organisation's profile says (a self-diagnosis is never
    public); members without the right get 403; a self-diagnosis of another organisation is
    not found."""
    organisation_access = access_organisation_by_uuid(user, organisation_uuid, need=need)
    try:
        diagnosis = Diagnosis.objects.select_related("organisation").get(
            organisation=organisation_access.organisation, uuid=diagnosis_uuid
        )
    except (Diagnosis.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return DiagnosisAccess(organisation_access, diagnosis)
