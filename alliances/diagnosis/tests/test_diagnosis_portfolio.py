from datetime import UTC, date, datetime

from alliances.diagnosis.selectors.portfolio import (
    Portfolio,
    place_parameter_of_organisation,
    portfolio_for_organisation,
)
from alliances.diagnosis.tests.test_diagnosis_setup import DiagnosisTestCase
from alliances.organisations.models import Kind
from alliances.partnerships.models import Party, PartyRole, PartyStatus, Stage
from alliances.territories.models import Territory
from alliances.test import make_organisation, make_partnership

TODAY = date(2026, 11, 20)


class PortfolioTests(DiagnosisTestCase):
    def portfolio(self):
        return portfolio_for_organisation(organisation=self.org, today=TODAY)

    def test_partners_are_counted_once_by_type_and_sector(self):
        school = make_organisation("Collège Jules-Verne", kind=Kind.SCHOOL)
        make_partnership(
            "Lecture au collège",
            coordinator=self.org,
            partners=[(school, [PartyRole.IMPLEMENTER]), (self.company, [PartyRole.FUNDER])],
        )
        portfolio = self.portfolio()
        self.assertEqual(portfolio.partnerships, 2)
        self.assertEqual(portfolio.partners, 3)  # the company counts once
        self.assertEqual(portfolio.by_type["company"], 1)
        self.assertEqual(portfolio.by_type["local_authority"], 1)
        self.assertEqual(portfolio.by_type["school"], 1)
        self.assertEqual(portfolio.type_count, 3)
        self.assertEqual(portfolio.by_sector, {"civil_society": 0, "private": 1, "public": 2})

    def test_invited_or_departed_partners_and_old_closed_partnerships_do_not_count(self):
        invited = make_organisation("Fondation Vienne", kind=Kind.FOUNDATION)
        Party.objects.create(
            partnership=self.partnership, organisation=invited, status=PartyStatus.INVITED
        )
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save()
        school = make_organisation("Lycée", kind=Kind.SCHOOL)
        old, _parties = make_partnership(
            "Ancien projet",
            coordinator=self.org,
            partners=[(school, [PartyRole.IMPLEMENTER])],
            stage=Stage.CLOSED,
            closed_at=datetime(2022, 1, 10, tzinfo=UTC),
        )
        portfolio = self.portfolio()
        self.assertEqual(portfolio.partnerships, 1)
        self.assertEqual(portfolio.partners, 1)
        self.assertEqual(portfolio.type_count, 1)
        old.closed_at = datetime(2025, 1, 10, tzinfo=UTC)
        old.save()
        self.assertEqual(self.portfolio().by_type["school"], 1)

    def test_a_partnership_the_organisation_is_only_invited_to_does_not_count(self):
        other = make_organisation("Centre social", kind=Kind.ASSOCIATION)
        elsewhere, _parties = make_partnership("Ailleurs", coordinator=other)
        Party.objects.create(
            partnership=elsewhere, organisation=self.org, status=PartyStatus.INVITED
        )
        self.assertEqual(self.portfolio().partnerships, 1)
        self.assertEqual(self.portfolio().by_type["association"], 0)

    def test_the_snapshot_reads_back_and_ignores_bad_values(self):
        portfolio = self.portfolio()
        self.assertEqual(Portfolio.from_data(portfolio.as_data()), portfolio)
        broken = Portfolio.from_data({"partners": "many", "by_type": {"school": -1}})
        self.assertEqual((broken.partners, broken.by_type["school"]), (0, 0))

    def test_the_calls_place_is_the_intercommunality_when_known(self):
        self.assertEqual(place_parameter_of_organisation(self.org), "commune:86194")
        epci = Territory.objects.create(kind="epci", code="200069854", name="Grand Poitiers")
        commune = Territory.objects.create(kind="commune", code="86194", name="Poitiers", epci=epci)
        self.org.commune = commune
        self.assertEqual(place_parameter_of_organisation(self.org), "epci:200069854")
        self.assertEqual(place_parameter_of_organisation(self.company), "")
