"""An organisation's portfolio: the partnerships it takes part in and their indicators."""

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from alliances.indicators.selectors.dashboards import portfolio_for_organisation
from alliances.indicators.tests.test_dashboard_selector import (
    TODAY,
    add_value,
    make_indicator,
    make_outcome,
)
from alliances.partnerships.models import Party, PartyRole, PartyStatus
from alliances.surveys.models import Response, Survey
from alliances.test import PartnershipTestCase, make_partnership

Q1, Q2 = date(2026, 1, 1), date(2026, 4, 1)


@time_machine.travel(TODAY, tick=False)
class PortfolioTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        outcome = make_outcome(cls.partnership)
        cls.late = make_indicator(outcome, "Taux de réussite", targets={Q2: 70})
        add_value(cls.late, Q1, 40)
        add_value(cls.late, Q2, 30)
        cls.fine = make_indicator(outcome, "Présence", targets={Q2: 50})
        add_value(cls.fine, Q2, 55)
        make_indicator(outcome, "Nouveau", reporting_start=date(2026, 7, 1))
        survey = Survey.objects.create(partnership=cls.partnership, title="Vivre ici")
        for number in range(3):
            Response.objects.create(
                survey=survey,
                submission_id=f"00000000-0000-0000-0000-00000000000{number}",
                content_hash="x",
                collected_on=Q2,
            )
        cls.second, _parties = make_partnership("Jardins partagés", coordinator=cls.org)
        # A partnership the organisation left, and one it never joined: not in the portfolio.
        cls.left, _parties = make_partnership("Ancien projet", coordinator=cls.company)
        Party.objects.create(
            partnership=cls.left,
            organisation=cls.org,
            roles=[PartyRole.IMPLEMENTER],
            status=PartyStatus.LEFT,
        )
        make_partnership("Sans nous", coordinator=cls.company)
        cls.url = reverse("portfolio:dashboard", args=[cls.org.uuid])

    def test_counts_per_partnership(self):
        with self.assertNumQueries(5):
            portfolio = portfolio_for_organisation(organisation=self.org, user=self.viewer)
        titles = [line.partnership.title for line in portfolio.lines]
        self.assertEqual(titles, ["Jardins partagés", "Réussir au collège"])
        line = portfolio.lines[1]
        self.assertEqual((line.on_track, line.off_track, line.no_data), (1, 1, 1))
        self.assertEqual(line.responses, 3)
        self.assertEqual(portfolio.responses, 3)

    def test_a_user_of_another_organisation_gets_nothing(self):
        portfolio = portfolio_for_organisation(organisation=self.org, user=self.outsider)
        self.assertEqual(portfolio.lines, [])

    def test_members_see_the_page(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Réussir au collège")
        self.assertContains(response, "Latest: 30\u202f% in Q2 2026, target 70\u202f%, off track.")
        self.assertContains(response, reverse("portfolio:data", args=[self.org.uuid]))
        self.assertNotContains(response, "Sans nous")

    def test_company_admin_sees_the_company_portfolio(self):
        self.login(self.company_admin)
        response = self.client.get(reverse("portfolio:dashboard", args=[self.company.uuid]))
        titles = [line.partnership.title for line in response.context["portfolio"].lines]
        self.assertIn("Réussir au collège", titles)
        self.assertIn("Sans nous", titles)

    def test_outsiders_get_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_query_count(self):
        self.login(self.viewer)
        self.client.get(self.url)
        # Session, user, organisation, membership, notifications + the five of the portfolio.
        with self.assertNumQueries(10):
            self.client.get(self.url)

    def test_data_as_csv_and_xlsx(self):
        self.login(self.editor)
        url = reverse("portfolio:data", args=[self.org.uuid])
        response = self.client.get(url, {"format": "csv"})
        lines = response.content.decode("utf-8-sig").strip().split("\r\n")
        self.assertEqual(len(lines), 4)
        self.assertTrue(
            lines[1].startswith("Réussir au collège;Taux de réussite;%;Q2 2026;30;70;43;off track;")
        )
        response = self.client.get(url, {"format": "xlsx"})
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Partnership")
        self.assertEqual(len(rows), 4)
