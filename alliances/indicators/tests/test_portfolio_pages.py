"""The portfolio page, one page of partnerships at a time, with the whole portfolio's counts."""

from datetime import date

import time_machine
from django.urls import reverse

from alliances.indicators.selectors.dashboards import portfolio_for_organisation
from alliances.indicators.tests.test_dashboard_selector import (
    TODAY,
    add_value,
    make_indicator,
    make_outcome,
)
from alliances.test import PartnershipTestCase, make_partnership

Q2 = date(2026, 4, 1)


@time_machine.travel(TODAY, tick=False)
class PortfolioPagesTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # "Réussir au collège" (the fixture's partnership) has an indicator off track.
        outcome = make_outcome(cls.partnership)
        late = make_indicator(outcome, "Taux de réussite", targets={Q2: 70})
        add_value(late, Q2, 30)
        for title in ("Aide aux devoirs", "Bibliothèque", "Cantine"):
            partnership, _parties = make_partnership(title, coordinator=cls.org)
            fine = make_indicator(make_outcome(partnership), "Présence", targets={Q2: 50})
            add_value(fine, Q2, 55)
        cls.url = reverse("portfolio:dashboard", args=[cls.org.uuid])

    def titles(self, portfolio):
        return [line.partnership.title for line in portfolio.lines]

    def test_off_track_first_then_by_title_with_the_whole_portfolio_counted(self):
        first = portfolio_for_organisation(
            organisation=self.org, user=self.viewer, page=1, per_page=2
        )
        self.assertEqual(self.titles(first), ["Réussir au collège", "Aide aux devoirs"])
        self.assertEqual((first.page, first.pages, first.partnerships), (1, 2, 4))
        self.assertEqual((first.on_track, first.off_track), (3, 1))
        self.assertTrue(first.has_next)
        self.assertFalse(first.has_previous)
        second = portfolio_for_organisation(
            organisation=self.org, user=self.viewer, page=2, per_page=2
        )
        self.assertEqual(self.titles(second), ["Bibliothèque", "Cantine"])
        self.assertEqual((second.on_track, second.off_track), (3, 1))
        # Only the page's indicators are put into words.
        self.assertTrue(second.lines[0].indicators[0].reason)
        self.assertEqual(second.lines[0].indicators[0].latest.label, "Q2 2026")

    def test_a_page_past_the_end_shows_the_last_one(self):
        portfolio = portfolio_for_organisation(
            organisation=self.org, user=self.viewer, page=9, per_page=3
        )
        self.assertEqual(portfolio.page, 2)
        self.assertEqual(self.titles(portfolio), ["Cantine"])

    def test_without_a_page_every_partnership_by_title(self):
        portfolio = portfolio_for_organisation(organisation=self.org, user=self.viewer)
        self.assertEqual(len(portfolio.lines), 4)
        self.assertEqual(self.titles(portfolio)[0], "Aide aux devoirs")
        self.assertEqual((portfolio.on_track, portfolio.off_track), (3, 1))

    def test_the_page_links_to_the_next_page(self):
        self.login(self.viewer)
        with self._page_size(2):
            response = self.client.get(self.url)
            self.assertContains(response, "Page 1 of 2")
            self.assertContains(response, 'href="?page=2"')
            self.assertContains(response, "4 partnerships, those with an indicator off track")
            self.assertContains(response, '<span class="dashboard-count">3</span>')
            response = self.client.get(self.url, {"page": "2"})
            self.assertContains(response, "Cantine")
            self.assertNotContains(response, "Réussir au collège")
            self.assertEqual(self.client.get(self.url, {"page": "x"}).status_code, 200)

    def _page_size(self, size):
        from unittest import mock

        from alliances.indicators.selectors import dashboards

        defaults = dashboards.portfolio_for_organisation.__kwdefaults__
        return mock.patch.dict(defaults, {"per_page": size})
