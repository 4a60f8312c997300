"""A rich partnership for the IATI tests, and the normalising comparison of activities."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree

from alliances.indicators.models import (
    Direction,
    Indicator,
    IndicatorType,
    Objective,
    Outcome,
    Target,
    Value,
    ValueStatus,
)
from alliances.organisations.models import Cause
from alliances.partnerships.models import Contribution, ContributionKind, Party, PartyRole
from alliances.reports.iati.reading import parse_number, text_of
from alliances.reports.iati.schema import safe_parser
from alliances.test import PartnershipTestCase, make_organisation

EXAMPLES = Path(__file__).resolve().parent / "iati_examples"


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def parse(content: bytes):
    return etree.fromstring(content, safe_parser())


class RichPartnershipCase(PartnershipTestCase):
    """The walk's partnership with identifiers, causes, contributions of every kind and a
    results framework with approved, submitted and broken-down values."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org.siren = "775663438"
        cls.org.save()
        cls.company.siren = "552100554"
        cls.company.save()
        cls.school = make_organisation("Collège Ronsard", kind="school")
        cls.school_party = Party.objects.create(
            partnership=cls.partnership,
            organisation=cls.school,
            roles=[PartyRole.EXPERT, PartyRole.COMMUNITY_RELAY],
            status="active",
        )
        p = cls.partnership
        p.starts_on, p.ends_on = date(2026, 1, 1), date(2027, 12, 31)
        p.objectives = "Moins de décrochage\nPlus de sorties culturelles"
        p.save()
        p.causes.set(Cause.objects.filter(code__in=["4", "10", "4.1"]))
        kinds = [
            (cls.company_party, ContributionKind.MONEY, "12000", "11500", date(2026, 1, 1)),
            (cls.company_party, ContributionKind.SKILLS, "3000", None, date(2026, 3, 1)),
            (cls.commune_party, ContributionKind.PREMISES, "2400", "2400", date(2026, 9, 1)),
            (cls.lead_party, ContributionKind.VOLUNTEERING, "1500", "1200", date(2027, 1, 1)),
            (cls.school_party, ContributionKind.IN_KIND, "800", None, date(2027, 2, 1)),
            (cls.lead_party, ContributionKind.OTHER, "200", None, None),
        ]
        for party, kind, planned, actual, start in kinds:
            Contribution.objects.create(
                partnership=p,
                party=party,
                kind=kind,
                description=f"Apport {kind}",
                period_start=start,
                planned_amount=Decimal(planned),
                actual_amount=Decimal(actual) if actual else None,
            )
        objective = Objective.objects.create(partnership=p, title="Réussite scolaire")
        outcome = Outcome.objects.create(
            partnership=p, objective=objective, title="Les élèves progressent"
        )
        cls.indicator = Indicator.objects.create(
            partnership=p,
            outcome=outcome,
            title="Élèves suivis",
            unit="élèves",
            frequency="yearly",
            baseline_value=Decimal("40"),
            baseline_date=date(2025, 9, 1),
        )
        share = Indicator.objects.create(
            partnership=p,
            outcome=outcome,
            title="Taux d'absentéisme",
            type=IndicatorType.PERCENTAGE,
            direction=Direction.LOWER,
            frequency="half_yearly",
        )
        Target.objects.create(indicator=cls.indicator, period_start=date(2026, 1, 1), value=60)
        Target.objects.create(indicator=cls.indicator, period_start=date(2027, 1, 1), value=80)
        Target.objects.create(indicator=share, period_start=date(2026, 1, 1), value=12)
        for indicator, start, figure, status, key in (
            (cls.indicator, date(2026, 1, 1), "58", ValueStatus.APPROVED, ""),
            (cls.indicator, date(2027, 1, 1), "70", ValueStatus.SUBMITTED, ""),
            (share, date(2026, 1, 1), "14.5", ValueStatus.APPROVED, ""),
            (share, date(2026, 7, 1), "9", ValueStatus.APPROVED, "gender=f"),
        ):
            Value.objects.create(
                partnership=p,
                indicator=indicator,
                period_start=start,
                value=Decimal(figure),
                status=status,
                disaggregation_key=key,
            )
        empty = Objective.objects.create(partnership=p, title="Sans indicateur")
        Outcome.objects.create(partnership=p, objective=empty, title="Rien à mesurer")


def summary(activity) -> dict:
    """The parts of an activity that Alliances maps, normalised for comparison."""
    lang = activity.get("{http://www.w3.org/XML/1998/namespace}lang", "")
    participants = set()
    for org in activity.findall("participating-org"):
        participants.add((org.get("ref") or text_of(org, lang), org.get("role")))
    sectors = set()
    for sector in activity.findall("sector") + activity.findall("tag"):
        vocabulary = sector.get("vocabulary")
        if (sector.tag, vocabulary) in {("sector", "7"), ("tag", "2")}:
            sectors.add(("goal", sector.get("code")))
        if (sector.tag, vocabulary) in {("sector", "8"), ("tag", "3")}:
            sectors.add(("target", sector.get("code")))
    results = []
    for result in activity.findall("result"):
        indicators = []
        for indicator in result.findall("indicator"):
            periods = []
            for period in indicator.findall("period"):
                figures = []
                for tag in ("target", "actual"):
                    values = [parse_number(f.get("value")) for f in period.findall(tag)]
                    figures.append(values[0] if values and values[0] is not None else None)
                if any(f is not None for f in figures):
                    periods.append((period.find("period-start").get("iso-date"), *figures))
            baseline = indicator.find("baseline")
            base = None
            if baseline is not None and parse_number(baseline.get("value")) is not None:
                base = (baseline.get("year"), parse_number(baseline.get("value")))
            indicators.append((text_of(indicator.find("title"), lang), base, tuple(periods)))
        results.append((text_of(result.find("title"), lang), tuple(indicators)))
    transactions = set()
    for transaction in activity.findall("transaction"):
        provider = transaction.find("provider-org")
        transactions.add(
            (
                transaction.find("transaction-type").get("code"),
                parse_number(transaction.findtext("value")),
                provider.get("ref") if provider is not None else None,
            )
        )
    return {
        "identifier": (activity.findtext("iati-identifier") or "").strip(),
        "title": text_of(activity.find("title"), lang),
        "participants": participants,
        "sectors": sectors,
        "results": results,
        "transactions": transactions,
    }
