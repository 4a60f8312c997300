"""National reference figures on associations' partnerships, and the partner types they count.

The figures describe associations in France: on average an association works with 2.5 types
of partners; 74 in 100 work with local authorities, 72 in 100 with other associations or
foundations, 47 in 100 with schools and universities. They say nothing about companies,
local authorities or other kinds of organisation, so an organisation is compared with them only
when it is an association; for the others the portfolio is shown without comparison.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliances.organisations.models import Kind


class PartnerType(models.TextChoices):
    """The types of partners the reference figures count, grouping organisation kinds."""

    LOCAL_AUTHORITY = "local_authority", _("Local authorities")
    ASSOCIATION = "association", _("Associations and foundations")
    COMPANY = "company", _("Companies")
    SCHOOL = "school", _("Schools and universities")
    STATE_AGENCY = "state_agency", _("State agencies and public bodies")
    RESIDENTS_GROUP = "residents_group", _("Residents' groups")


PARTNER_TYPE_OF_KIND: dict[str, str] = {
    Kind.COMMUNE: PartnerType.LOCAL_AUTHORITY,
    Kind.EPCI: PartnerType.LOCAL_AUTHORITY,
    Kind.DEPARTEMENT: PartnerType.LOCAL_AUTHORITY,
    Kind.REGION: PartnerType.LOCAL_AUTHORITY,
    Kind.ASSOCIATION: PartnerType.ASSOCIATION,
    Kind.FOUNDATION: PartnerType.ASSOCIATION,
    Kind.COMPANY: PartnerType.COMPANY,
    Kind.SCHOOL: PartnerType.SCHOOL,
    Kind.STATE_AGENCY: PartnerType.STATE_AGENCY,
    Kind.RESIDENTS_GROUP: PartnerType.RESIDENTS_GROUP,
}


@dataclass(frozen=True)
class ReferenceShare:
    partner_type: str
    # Out of 100 associations, how many work with at least one partner of this type.
    percent: int
    meaning: str


# The population the figures describe: only organisations of this kind are compared.
REFERENCE_KIND = Kind.ASSOCIATION
AVERAGE_PARTNER_TYPES = Decimal("2.5")
AVERAGE_MEANING = _("On average, an association in France works with 2.5 types of partners.")
REFERENCE_SHARES: tuple[ReferenceShare, ...] = (
    ReferenceShare(
        PartnerType.LOCAL_AUTHORITY,
        74,
        _("74 in 100 associations work with local authorities."),
    ),
    ReferenceShare(
        PartnerType.ASSOCIATION,
        72,
        _("72 in 100 associations work with other associations or foundations."),
    ),
    ReferenceShare(
        PartnerType.SCHOOL,
        47,
        _("47 in 100 associations work with schools and universities."),
    ),
)
SHARE_OF_TYPE: dict[str, ReferenceShare] = {share.partner_type: share for share in REFERENCE_SHARES}


def is_compared(kind: str) -> bool:
    """Are the national figures meaningful for an organisation of this kind?"""
    return kind == REFERENCE_KIND
