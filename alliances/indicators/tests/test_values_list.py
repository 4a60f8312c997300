from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.indicators.models import PeriodLock, ValueStatus
from alliances.indicators.selectors.values import values_page_in_partnership
from alliances.indicators.tests.test_values_setup import Q1, Q2, ValuesTestCase, make_indicator
from alliances.partnerships.access import access_partnership_by_uuid


@time_machine.travel("2026-05-20 10:00 +0000", tick=False)
class ValuesPageTests(ValuesTestCase):
    def url(self, period=None):
        url = reverse("indicators:values", args=[self.partnership.uuid])
        return f"{url}?period={period}" if period else url

    def test_the_latest_period_due_is_shown_by_default(self):
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertEqual(response.context["page"].period, Q1)
        self.assertContains(response, "Q1 2026")
        self.assertContains(response, "Not started")
        # Q1 is due on 30 April + grace: 30 April 2026; on 20 May it is overdue.
        self.assertContains(response, "Overdue")
        self.assertNotContains(response, "Enter several values at once")

    def test_each_status_and_lock(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.APPROVED)
        PeriodLock.objects.create(indicator=self.attendance, period_start=Q1)
        self.value(self.share, Decimal(40), status=ValueStatus.SUBMITTED)
        self.login(self.viewer)
        rows = self.client.get(self.url("2026-01-01")).context["page"].rows
        self.assertEqual([row.status for row in rows], ["locked", "submitted", "not_started"])

    def test_what_concerns_the_company(self):
        self.value(
            self.attendance,
            Decimal(3),
            period=Q1,
            status=ValueStatus.RETURNED,
            return_message="Vérifiez le total",
        )
        self.login(self.company_editor)
        response = self.client.get(self.url("2026-04-01"))
        page = response.context["page"]
        self.assertEqual([item.indicator for item in page.returned], [self.attendance])
        self.assertEqual([row.indicator for row in page.to_enter], [self.attendance])
        self.assertEqual(page.to_review, [])
        self.assertContains(response, "Vérifiez le total")

    def test_the_coordinator_editor_reviews_and_enters_its_own(self):
        self.value(self.attendance, Decimal(3), period=Q2, status=ValueStatus.SUBMITTED)
        self.login(self.editor)
        page = self.client.get(self.url("2026-01-01")).context["page"]
        self.assertEqual(
            [(p.indicator, p.period_start) for p in page.to_review], [(self.attendance, Q2)]
        )
        self.assertEqual([row.indicator for row in page.to_enter], [self.share])

    def test_a_suppressed_survey_value_shows_no_figure(self):
        self.value(
            self.belonging, None, status=ValueStatus.APPROVED, suppressed=True, source="survey"
        )
        self.value(
            self.belonging,
            Decimal("3.7"),
            key="gender=f",
            source="survey",
            status=ValueStatus.APPROVED,
            respondents=12,
        )
        self.login(self.viewer)
        response = self.client.get(self.url("2026-01-01"))
        self.assertContains(response, "fewer than 5 respondents")
        self.assertContains(response, "From a survey")

    def test_survey_respondents_are_shown(self):
        self.value(
            self.belonging,
            Decimal("3.7"),
            source="survey",
            respondents=12,
            status=ValueStatus.APPROVED,
        )
        self.login(self.viewer)
        response = self.client.get(self.url("2026-01-01"))
        self.assertContains(response, "12 respondents")

    def test_query_count_does_not_grow_with_indicators(self):
        self.login(self.company_editor)
        self.client.get(self.url("2026-01-01"))
        with CaptureQueriesContext(connection) as first:
            self.client.get(self.url("2026-01-01"))
        for number in range(5):
            indicator = make_indicator(
                self.partnership,
                self.outcome,
                f"Extra {number}",
                responsible_party=self.company_party,
            )
            self.value(indicator, Decimal(number), status=ValueStatus.RETURNED)
        with self.assertNumQueries(len(first)):
            self.client.get(self.url("2026-01-01"))
        # Session, user, partnership, memberships, parties (access); indicators, parties,
        # values, locks, pending values; unread notifications.
        self.assertEqual(len(first), 11)

    def test_outsiders_get_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_selector_without_indicators(self):
        self.attendance.delete()
        self.share.delete()
        self.belonging.delete()
        access = access_partnership_by_uuid(self.viewer, self.partnership.uuid)
        page = values_page_in_partnership(
            partnership=self.partnership, access=access, period=None, today=Q2
        )
        self.assertEqual((page.period, page.rows), (None, []))
