"""The one checkpoint through which views and tasks get a partnership's survey.

A survey is reached through its partnership: the partnership access decides (outsiders 404,
members without the right 403), then the survey must belong to that partnership, or it does
not exist for this user (404, never a hint that it exists elsewhere).
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404

from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.models import Partnership
from alliances.surveys.models import Survey


@dataclass(frozen=True)
class SurveyAccess:
    survey: Survey
    access: PartnershipAccess

    @property
    def partnership(self) -> Partnership:
        return self.access.partnership

    def can(self, action: str) -> bool:
        return self.access.can(action)


def access_survey_by_uuid(
    user,
    partnership_uuid: UUID | str,
    survey_uuid: UUID | str,
    *,
    need: str = Action.VIEW_PARTNERSHIP,
) -> SurveyAccess:
    access = access_partnership_by_uuid(user, partnership_uuid, need=need)
    try:
        survey = Survey.objects.get(partnership=access.partnership, uuid=survey_uuid)
    except (Survey.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    # The survey's partnership is the one already loaded: spare a query on every page.
    survey.partnership = access.partnership
    return SurveyAccess(survey=survey, access=access)
