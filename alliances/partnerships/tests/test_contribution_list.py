from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.partnerships.models import Contribution, ContributionKind, PartyStatus, Stage
from alliances.partnerships.selectors.contributions import (
    LedgerFilters,
    ledger_in_partnership,
    ledger_parties_in_partnership,
)
from alliances.test import PartnershipTestCase


def add_line(partnership, party, kind, description, planned, actual=None, **fields):
    return Contribution.objects.create(
        partnership=partnership,
        party=party,
        kind=kind,
        description=description,
        planned_amount=Decimal(planned),
        actual_amount=None if actual is None else Decimal(actual),
        **fields,
    )


class LedgerTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        cls.tutoring = add_line(
            p,
            cls.lead_party,
            ContributionKind.SKILLS,
            "Tutorat",
            "3000",
            "1500",
            unit_rate=Decimal("300"),
            planned_quantity=Decimal("10"),
            actual_quantity=Decimal("5"),
            period_start=date(2026, 9, 1),
            period_end=date(2027, 6, 30),
        )
        cls.grant = add_line(
            p,
            cls.company_party,
            ContributionKind.MONEY,
            "Mécénat financier",
            "20000",
            "10000",
            recipient=cls.lead_party,
            period_start=date(2027, 1, 1),
        )
        cls.room = add_line(
            p,
            cls.commune_party,
            ContributionKind.PREMISES,
            "Salle du centre social",
            "1200",
            period_start=date(2026, 9, 1),
            period_end=date(2026, 12, 31),
        )
        cls.url = reverse("partnerships:contributions", args=[p.uuid])


class LedgerSelectorTests(LedgerTestCase):
    def ledger(self, **filters):
        parties = ledger_parties_in_partnership(partnership=self.partnership)
        return ledger_in_partnership(
            partnership=self.partnership, parties=parties, filters=LedgerFilters(**filters)
        )

    def test_totals_per_party_and_type(self):
        ledger = self.ledger()
        self.assertEqual(ledger.planned.amount, Decimal("24200"))
        self.assertEqual(ledger.actual.amount, Decimal("11500"))
        self.assertEqual(ledger.rate.value, Decimal("11500") / Decimal("24200"))
        groups = {group.party: group for group in ledger.groups}
        self.assertEqual(groups[self.company_party].planned.amount, Decimal("20000"))
        self.assertEqual(groups[self.company_party].rate.value, Decimal("0.5"))
        kinds = {total.kind: total for total in ledger.kinds}
        self.assertEqual(kinds["premises"].planned.amount, Decimal("1200"))
        self.assertEqual(kinds["premises"].actual.amount, Decimal("0"))
        self.assertEqual(kinds["premises"].rate.value, Decimal("0"))

    def test_a_year_holds_the_lines_whose_period_starts_in_it(self):
        ledger = self.ledger(year=2026)
        self.assertEqual(ledger.line_count, 2)
        self.assertEqual(ledger.planned.amount, Decimal("4200"))
        ledger = self.ledger(year=2027)
        self.assertEqual(
            [line.contribution for g in ledger.groups for line in g.lines], [self.grant]
        )

    def test_filters_by_party_and_type(self):
        ledger = self.ledger(party=self.company_party)
        self.assertEqual([group.party for group in ledger.groups], [self.company_party])
        ledger = self.ledger(kind=ContributionKind.SKILLS)
        self.assertEqual(ledger.planned.amount, Decimal("3000"))
        self.assertEqual(len(ledger.groups), 3)

    def test_a_party_that_left_keeps_its_lines(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save()
        ledger = self.ledger()
        self.assertIn(self.commune_party, [group.party for group in ledger.groups])
        self.assertEqual(ledger.planned.amount, Decimal("24200"))


class LedgerPageTests(LedgerTestCase):
    def test_members_of_every_party_read_the_ledger(self):
        for user in (self.viewer, self.editor, self.company_admin, self.commune_admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertContains(response, "Mécénat financier")
                self.assertContains(response, 'class="stack-table ledger-table"')
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_amounts_are_formatted_for_the_language(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "€24,200.00")
        self.assertContains(response, "47.5%")
        self.assertContains(response, "10 days planned, 5 given, at €300.00 a day")
        self.client.cookies["alliances_language"] = "fr"
        response = self.client.get(self.url)
        self.assertContains(response, "24\u202f200,00\u00a0€")

    def test_edit_links_only_for_the_readers_own_party(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Record a contribution")
        edit = "partnerships:contribution_edit"
        self.assertContains(response, reverse(edit, args=[self.partnership.uuid, self.grant.uuid]))
        self.assertNotContains(
            response, reverse(edit, args=[self.partnership.uuid, self.tutoring.uuid])
        )
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Record a contribution")
        self.assertNotContains(response, "/edit/")

    def test_a_closed_partnership_shows_a_read_only_ledger(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "This partnership is closed")
        self.assertNotContains(response, "Record a contribution")
        self.assertNotContains(response, "/edit/")

    def test_filters_from_the_query_string(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"party": str(self.company_party.uuid)})
        self.assertContains(response, "Mécénat financier")
        self.assertNotContains(response, "Salle du centre social")
        self.assertContains(response, f"export.csv?party={self.company_party.uuid}")
        response = self.client.get(self.url, {"kind": "premises", "year": "2026"})
        self.assertContains(response, "Salle du centre social")
        self.assertNotContains(response, "Tutorat</th>")
        # Nonsense in the query string is ignored, not an error.
        response = self.client.get(self.url, {"party": "nope", "year": "x", "kind": "gift"})
        self.assertContains(response, "Tutorat")

    def test_htmx_gets_the_ledger_fragment(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"kind": "money"}, headers={"HX-Request": "true"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, "Mécénat financier")

    def test_query_count_does_not_grow_with_the_lines(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for number in range(20):
            add_line(
                self.partnership,
                self.company_party if number % 2 else self.lead_party,
                ContributionKind.MONEY,
                f"Versement {number}",
                "100",
                recipient=self.commune_party,
            )
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        self.assertContains(response, "Versement 19")
        self.assertLessEqual(len(few.captured_queries), 12)
