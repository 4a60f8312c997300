"""The partnership dashboard page: who sees it, what it says first, and its text alternatives."""

from datetime import date

import time_machine
from django.urls import reverse

from alliances.indicators.models import IndicatorSource
from alliances.indicators.tests.test_dashboard_selector import (
    TODAY,
    add_survey_value,
    add_value,
    make_indicator,
    make_outcome,
)
from alliances.test import PartnershipTestCase

Q1, Q2, Q3 = date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)


@time_machine.travel(TODAY, tick=False)
class DashboardPageTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        outcome = make_outcome(cls.partnership)
        cls.late = make_indicator(outcome, "Taux de réussite", targets={Q2: 70})
        add_value(cls.late, Q1, 55)
        add_value(cls.late, Q2, 50)
        cls.fine = make_indicator(outcome, "Présence aux ateliers", targets={Q2: 60})
        add_value(cls.fine, Q1, 65)
        add_value(cls.fine, Q2, 66)
        cls.survey_indicator = make_indicator(
            outcome,
            "Sentiment d'appartenance",
            reporting_start=Q3,
            source=IndicatorSource.SURVEY,
            targets={Q3: 60},
            disaggregations=[{"name": "quartier", "label": "Quartier", "categories": ["N", "S"]}],
        )
        add_survey_value(cls.survey_indicator, Q3, 62, 48)
        for category, value, people in (("N", 64, 44), ("S", None, 4)):
            add_survey_value(
                cls.survey_indicator,
                Q3,
                value,
                people,
                key=f"quartier={category}",
                groups={"quartier": category},
            )
        cls.url = reverse("indicators:dashboard", args=[cls.partnership.uuid])

    def test_viewer_sees_summary_alerts_and_charts(self):
        self.login(self.viewer)
        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["current"], "dashboard")
        dashboard = response.context["dashboard"]
        self.assertEqual((dashboard.on_track, dashboard.off_track), (2, 1))
        self.assertContains(response, "Needs attention")
        self.assertContains(response, "50\u202f% in Q2 2026, below the 70\u202f% expected by then.")
        # A viewer cannot enter values: no button to do so.
        self.assertNotContains(response, "Enter the value")
        self.assertContains(response, "Latest: 66\u202f% in Q2 2026, target 60\u202f%, on track.")
        self.assertContains(response, "n = 48 respondents")
        self.assertContains(response, "By Quartier, Q3 2026")
        self.assertContains(response, "not shown (fewer than 5 respondents)")
        self.assertContains(response, "64 %")
        self.assertContains(response, '<th scope="row">Q1 2026</th>', html=False)
        data_url = reverse("indicators:dashboard_data", args=[self.partnership.uuid])
        self.assertContains(response, f"{data_url}?indicator={self.late.uuid}&amp;format=csv")
        self.assertContains(response, 'type="application/json"')
        self.assertContains(response, "vendor/uplot/uPlot.iife.min.js")

    def test_editor_gets_a_link_to_enter_the_value(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        entry = reverse(
            "indicators:value_entry", args=[self.partnership.uuid, self.late.uuid, "2026-04-01"]
        )
        self.assertContains(response, entry)

    def test_partner_company_sees_it(self):
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_outsider_gets_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_anonymous_goes_to_login(self):
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_empty_framework_says_what_to_do(self):
        from alliances.test import make_partnership

        other, _parties = make_partnership("Jardins", coordinator=self.org)
        self.login(self.viewer)
        response = self.client.get(reverse("indicators:dashboard", args=[other.uuid]))
        self.assertContains(response, "No indicator yet")

    def test_query_count(self):
        self.login(self.viewer)
        self.client.get(self.url)  # warm the session
        # Session and user, partnership, seats (memberships, parties), notifications,
        # then indicators, totals, targets, breakdowns of the latest periods.
        with self.assertNumQueries(10):
            self.client.get(self.url)
