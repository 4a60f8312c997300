"""An organisation's partnership portfolio: which partners, of which types and sectors.

What counts: every partnership in which the organisation is a party taking part (not merely
invited, not gone), whatever its stage, plus those closed in the last
`CLOSED_YEARS` years, since a partnership that ended last year is still part of the
organisation's recent practice. Partners are the other organisations taking part in those
partnerships, each counted once however many partnerships it shares.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q

from alliances.diagnosis.reference import PARTNER_TYPE_OF_KIND, PartnerType
from alliances.governance.models import HealthCheckRound
from alliances.indicators.models import Indicator
from alliances.organisations.models import SECTOR_OF_KIND, Organisation, Sector
from alliances.partnerships.models import Partnership, Party, PartyStatus, Stage

CLOSED_YEARS = 3


@dataclass
class Portfolio:
    """The figures of a portfolio; `as_data()` is what a completed self-diagnosis keeps."""

    since: str = ""
    partnerships: int = 0
    partners: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_sector: dict[str, int] = field(default_factory=dict)
    with_agreement: int = 0
    with_framework: int = 0
    with_health_check: int = 0
    # Partnerships the suggestions link to: the most recent one, and the most recent one
    # lacking each practice ("" when there is none).
    focus: str = ""
    without_agreement: str = ""
    without_framework: str = ""
    without_health_check: str = ""

    @property
    def type_count(self) -> int:
        return sum(1 for count in self.by_type.values() if count)

    def has_type(self, partner_type: str) -> bool:
        return bool(self.by_type.get(partner_type))

    def as_data(self) -> dict:
        return {
            "since": self.since,
            "partnerships": self.partnerships,
            "partners": self.partners,
            "by_type": dict(self.by_type),
            "by_sector": dict(self.by_sector),
            "with_agreement": self.with_agreement,
            "with_framework": self.with_framework,
            "with_health_check": self.with_health_check,
            "focus": self.focus,
            "without_agreement": self.without_agreement,
            "without_framework": self.without_framework,
            "without_health_check": self.without_health_check,
        }

    @classmethod
    def from_data(cls, data: dict | None) -> "Portfolio":
        data = data or {}
        portfolio = cls(
            by_type=dict.fromkeys(PartnerType.values, 0),
            by_sector=dict.fromkeys(Sector.values, 0),
        )
        for name in (
            "since",
            "focus",
            "without_agreement",
            "without_framework",
            "without_health_check",
        ):
            setattr(portfolio, name, str(data.get(name) or ""))
        for name in ("partnerships", "partners", "with_agreement", "with_framework"):
            setattr(portfolio, name, _count(data.get(name)))
        portfolio.with_health_check = _count(data.get("with_health_check"))
        for code in PartnerType.values:
            portfolio.by_type[code] = _count((data.get("by_type") or {}).get(code))
        for code in Sector.values:
            portfolio.by_sector[code] = _count((data.get("by_sector") or {}).get(code))
        return portfolio


def _count(value) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _first_uuid(partnerships) -> str:
    first = partnerships.first()
    return str(first.uuid) if first else ""


def partnerships_counted_for_organisation(*, organisation: Organisation, today: date):
    """The partnerships a self-diagnosis counts for this organisation (see the module)."""
    since = today - timedelta(days=365 * CLOSED_YEARS)
    taking_part = Party.objects.filter(organisation=organisation, status=PartyStatus.ACTIVE).values(
        "partnership_id"
    )
    return Partnership.objects.filter(pk__in=taking_part).filter(
        ~Q(stage=Stage.CLOSED) | Q(closed_at__date__gte=since)
    )


def portfolio_for_organisation(*, organisation: Organisation, today: date) -> Portfolio:
    since = today - timedelta(days=365 * CLOSED_YEARS)
    partnerships = partnerships_counted_for_organisation(organisation=organisation, today=today)
    partnerships = partnerships.annotate(
        has_framework=Exists(Indicator.objects.filter(partnership=OuterRef("pk"))),
        has_health_check=Exists(HealthCheckRound.objects.filter(partnership=OuterRef("pk"))),
    )
    # The open ones first, the most recently active first.
    ordered = partnerships.order_by(F("closed_at").asc(nulls_first=True), "-updated_at", "-id")
    partner_rows = (
        Party.objects.filter(
            partnership__in=partnerships.values("pk"),
            status=PartyStatus.ACTIVE,
            organisation__isnull=False,
        )
        .exclude(organisation=organisation)
        .values_list("organisation_id", "organisation__kind")
        .order_by()
        .distinct()
    )
    by_type = dict.fromkeys(PartnerType.values, 0)
    by_sector = dict.fromkeys(Sector.values, 0)
    partners = 0
    for _organisation_id, kind in partner_rows:
        partners += 1
        by_type[PARTNER_TYPE_OF_KIND[kind]] += 1
        by_sector[SECTOR_OF_KIND[kind]] += 1
    return Portfolio(
        since=since.isoformat(),
        partnerships=partnerships.count(),
        partners=partners,
        by_type=by_type,
        by_sector=by_sector,
        with_agreement=partnerships.filter(agreement_in_force__isnull=False).count(),
        with_framework=partnerships.filter(has_framework=True).count(),
        with_health_check=partnerships.filter(has_health_check=True).count(),
        focus=_first_uuid(ordered),
        without_agreement=_first_uuid(ordered.filter(agreement_in_force__isnull=True)),
        without_framework=_first_uuid(ordered.filter(has_framework=False)),
        without_health_check=_first_uuid(ordered.filter(has_health_check=False)),
    )


def place_parameter_of_organisation(organisation: Organisation) -> str:
    """The calls list's place filter for the organisation's surroundings: its intercommunality
    (EPCI) when known, else its département, else its commune; "" when its place is unknown."""
    commune = organisation.commune
    if commune is not None:
        if commune.epci_id:
            return f"epci:{commune.epci.code}"
        if commune.departement_id:
            return f"departement:{commune.departement.code}"
        return f"commune:{commune.code}"
    if organisation.commune_code:
        return f"commune:{organisation.commune_code}"
    return ""
