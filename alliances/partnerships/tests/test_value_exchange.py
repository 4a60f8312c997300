from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from alliances.partnerships.models import (
    Assessment,
    AssessmentStatus,
    Contribution,
    ContributionKind,
    PartyStatus,
    ValueKind,
)
from alliances.partnerships.selectors.contributions import value_exchange_in_partnership
from alliances.test import PartnershipTestCase


class ValueExchangeTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        Contribution.objects.create(
            partnership=p,
            party=cls.lead_party,
            kind=ContributionKind.SKILLS,
            description="Tutorat",
            unit_rate=Decimal("300"),
            planned_quantity=Decimal("10"),
            planned_amount=Decimal("3000"),
        )
        Contribution.objects.create(
            partnership=p,
            party=cls.company_party,
            kind=ContributionKind.MONEY,
            description="Mécénat financier",
            planned_amount=Decimal("20000"),
            actual_amount=Decimal("5000"),
            recipient=cls.lead_party,
        )
        Contribution.objects.create(
            partnership=p,
            party=cls.commune_party,
            kind=ContributionKind.PREMISES,
            description="Salle",
            planned_amount=Decimal("1200"),
        )
        cls.url = reverse("partnerships:value_exchange", args=[p.uuid])

    def assess(self, party, *, gives, gets, submitted=True):
        return Assessment.objects.create(
            partnership=self.partnership,
            party=party,
            gives=gives,
            gets=gets,
            status=AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.DRAFT,
            submitted_at=timezone.now() if submitted else None,
        )

    def exchanges(self, *reader_parties):
        rows = value_exchange_in_partnership(
            partnership=self.partnership, reader_parties=list(reader_parties)
        )
        return {row.party: row for row in rows}

    def test_what_each_party_gives_and_receives(self):
        rows = self.exchanges(self.lead_party)
        lead = rows[self.lead_party]
        self.assertEqual(lead.gives_planned.amount, Decimal("3000"))
        self.assertEqual([total.kind for total in lead.gives], ["skills"])
        self.assertEqual(lead.received_planned.amount, Decimal("20000"))
        self.assertEqual(lead.received_actual.amount, Decimal("5000"))
        self.assertEqual(
            [line.contribution.description for line in lead.received], ["Mécénat financier"]
        )
        self.assertEqual(rows[self.company_party].received, [])
        self.assertIsNone(lead.says_it_gets)
        self.assertIn("has not submitted", lead.unknown_reason)
        self.assertEqual(lead.warning, "")

    def test_answers_stay_confidential_until_every_party_has_submitted(self):
        self.assess(self.lead_party, gives=[ValueKind.EXPERTISE], gets=[ValueKind.FUNDING])
        self.assess(self.company_party, gives=[ValueKind.FUNDING], gets=[])
        rows = self.exchanges(self.company_party)
        self.assertIsNone(rows[self.lead_party].says_it_gets)
        self.assertIn("once every party", rows[self.lead_party].unknown_reason)
        # A party reads its own answers.
        self.assertEqual(rows[self.company_party].says_it_gets, [])
        rows = self.exchanges(self.lead_party)
        self.assertEqual(rows[self.lead_party].says_it_gets, ["Funding"])
        self.assertIsNone(rows[self.company_party].says_it_gets)

    def test_a_party_that_gives_and_gets_nothing_it_values_is_highlighted(self):
        self.assess(self.lead_party, gives=[ValueKind.EXPERTISE], gets=[ValueKind.FUNDING])
        self.assess(self.company_party, gives=[ValueKind.FUNDING], gets=[])
        self.assess(self.commune_party, gives=[ValueKind.IN_KIND], gets=[ValueKind.DATA])
        rows = self.exchanges(self.commune_party)
        self.assertEqual(rows[self.lead_party].warning, "")
        self.assertEqual(rows[self.lead_party].matched, ["Funding"])
        self.assertIn("says it gets nothing", rows[self.company_party].warning)
        self.assertIn("nothing it says it values", rows[self.commune_party].warning)

    def test_what_others_say_they_give_counts_once_visible(self):
        self.assess(self.lead_party, gives=[ValueKind.DATA], gets=[ValueKind.FUNDING])
        self.assess(self.company_party, gives=[ValueKind.FUNDING], gets=[ValueKind.CREDIBILITY])
        self.assess(self.commune_party, gives=[ValueKind.CREDIBILITY], gets=[ValueKind.DATA])
        rows = self.exchanges(self.lead_party)
        self.assertEqual(rows[self.company_party].matched, ["Credibility"])
        self.assertEqual(rows[self.commune_party].warning, "")

    def test_money_for_another_party_does_not_fund_this_one(self):
        Assessment.objects.all().delete()
        self.assess(self.lead_party, gives=[], gets=[ValueKind.EXPERTISE])
        self.assess(self.company_party, gives=[], gets=[ValueKind.EXPERTISE])
        self.assess(self.commune_party, gives=[], gets=[ValueKind.FUNDING])
        rows = self.exchanges(self.commune_party)
        self.assertIn("nothing it says it values", rows[self.commune_party].warning)
        self.assertEqual(rows[self.company_party].matched, ["Expertise"])

    def test_parties_that_left_are_not_listed(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save()
        self.assertNotIn(self.commune_party, self.exchanges(self.lead_party))

    def test_page(self):
        self.assess(self.lead_party, gives=[ValueKind.EXPERTISE], gets=[ValueKind.FUNDING])
        self.assess(self.company_party, gives=[ValueKind.FUNDING], gets=[])
        self.assess(self.commune_party, gives=[ValueKind.IN_KIND], gets=[ValueKind.AUDIENCE])
        for user in (self.viewer, self.company_admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertContains(response, "Value exchange")
                self.assertContains(response, "€20,000.00 planned, €5,000.00 given")
                self.assertContains(response, "Nothing, in its own words.")
                self.assertContains(response, 'class="exchange exchange-warning"')
                self.assertContains(response, "says it gets nothing in return")
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_page_before_any_assessment(self):
        self.login(self.commune_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "this party has not submitted its assessment", count=3)
        self.assertNotContains(response, "exchange-warning")
