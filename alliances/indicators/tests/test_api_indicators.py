"""The indicator endpoints of the API: indicators, their values, and the entry of a period's
values by the responsible party."""

from datetime import date
from decimal import Decimal

import time_machine

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_create
from alliances.indicators.models import Value, ValueEvent, ValueStatus
from alliances.indicators.selectors.values import indicator_groups
from alliances.indicators.tests.test_values_setup import Q1, Q2, ValuesTestCase
from alliances.partnerships.models import Stage
from alliances.partnerships.tests.test_api_partnerships import PartnershipApiTestCase


@time_machine.travel(date(2026, 6, 15), tick=False)
class IndicatorApiTestCase(PartnershipApiTestCase, ValuesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.company_editor_token, cls.company_editor_secret = token_create(
            user=cls.company_editor, name="Saisie", scope=TokenScope.WRITE
        )

    def url(self, indicator=None, suffix: str = "") -> str:
        base = self.base() + "/indicators"
        if indicator is None:
            return base
        return f"{base}/{indicator.uuid}{suffix}"


class IndicatorReadTests(IndicatorApiTestCase):
    def test_lists_indicators(self):
        response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual(
            [item["title"] for item in items],
            ["Élèves accompagnés", "Part des élèves assidus", "Sentiment d'appartenance"],
        )
        self.assertEqual(items[0]["responsible_party"], str(self.company_party.uuid))
        self.assertEqual(items[0]["outcome_title"], "Les élèves progressent")
        self.assertEqual(items[2]["score_max"], "5.00")
        self.assertEqual(items[2]["source"], "survey")

    def test_list_query_count(self):
        self.api_get(self.url(), secret=self.read_secret)
        with self.assertNumQueries(5):
            response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(len(response.json()["items"]), 3)

    def test_indicator_detail(self):
        response = self.api_get(self.url(self.attendance), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["entering_party"], str(self.company_party.uuid))
        self.assertFalse(body["can_enter"])
        self.assertEqual(body["disaggregations"][0]["name"], "gender")
        self.assertEqual(body["targets"], [])

    def test_outsider_gets_not_found(self):
        response = self.api_get(self.url(self.attendance), secret=self.outsider_secret)
        self.assertError(response, 404, "not_found")


class ValueListTests(IndicatorApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for start, figure, status in ((Q1, "42", ValueStatus.APPROVED), (Q2, "7.5", "draft")):
            Value.objects.create(
                partnership=cls.partnership,
                indicator=cls.attendance,
                period_start=start,
                value=Decimal(figure),
                status=status,
                party=cls.company_party,
            )

    def test_lists_values_of_every_status(self):
        response = self.api_get(self.url(self.attendance, "/values"), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual([item["value"] for item in items], ["42.0000", "7.5000"])
        self.assertEqual([item["status"] for item in items], ["approved", "draft"])
        self.assertEqual(items[0]["party"], str(self.company_party.uuid))

    def test_filters_by_period(self):
        response = self.api_get(
            self.url(self.attendance, "/values"),
            secret=self.read_secret,
            params={"period": "2026-04-01"},
        )
        self.assertEqual([item["period_start"] for item in response.json()["items"]], [str(Q2)])

    def test_a_suppressed_survey_value_is_not_shown(self):
        Value.objects.create(
            partnership=self.partnership,
            indicator=self.belonging,
            period_start=Q1,
            suppressed=True,
            respondents=3,
            source="survey",
        )
        response = self.api_get(self.url(self.belonging, "/values"), secret=self.read_secret)
        (item,) = response.json()["items"]
        self.assertTrue(item["suppressed"])
        self.assertIsNone(item["value"])

    def test_query_count_does_not_grow_with_rows(self):
        url = self.url(self.attendance, "/values")
        self.api_get(url, secret=self.read_secret)
        with self.assertNumQueries(6):
            self.api_get(url, secret=self.read_secret)
        Value.objects.create(
            partnership=self.partnership,
            indicator=self.attendance,
            period_start=Q1,
            disaggregation={"gender": "f"},
            disaggregation_key="gender=f",
            value=Decimal("20"),
            party=self.lead_party,
        )
        with self.assertNumQueries(6):
            response = self.api_get(url, secret=self.read_secret)
        self.assertEqual(len(response.json()["items"]), 3)

    def test_a_value_of_another_indicator_is_not_listed(self):
        response = self.api_get(self.url(self.share, "/values"), secret=self.read_secret)
        self.assertEqual(response.json()["items"], [])


class ValueSubmitTests(IndicatorApiTestCase):
    def submit(self, body, *, secret=None, indicator=None):
        return self.api_post(
            self.url(indicator or self.attendance, "/values"),
            body,
            secret=secret or self.company_editor_secret,
        )

    def test_the_responsible_party_submits(self):
        female, male = (group.key for group in indicator_groups(self.attendance)[1:])
        body = {"period_start": "2026-01-01", "total": "30", "groups": {female: 14, male: 16}}
        response = self.submit(body)
        self.assertEqual(response.status_code, 200, response.content)
        result = response.json()
        self.assertEqual(result["status"], "submitted")
        self.assertEqual(
            sorted(item["value"] for item in result["values"]), ["14.0000", "16.0000", "30.0000"]
        )
        total = Value.objects.get(indicator=self.attendance, disaggregation_key="")
        self.assertEqual(total.status, ValueStatus.SUBMITTED)
        self.assertEqual(total.entered_by, self.company_editor)
        self.assertTrue(ValueEvent.objects.filter(value=total, kind="submitted").exists())

    def test_a_draft_when_asked(self):
        response = self.submit({"period_start": "2026-04-01", "total": 3, "submit": False})
        self.assertEqual(response.json()["status"], "draft")

    def test_submitted_values_are_frozen(self):
        self.submit({"period_start": "2026-01-01", "total": "30"})
        response = self.submit({"period_start": "2026-01-01", "total": "31"})
        self.assertError(response, 422, "invalid")
        self.assertEqual(Value.objects.get(disaggregation_key="").value, Decimal("30"))

    def test_a_day_that_starts_no_period_is_refused(self):
        response = self.submit({"period_start": "2026-02-01", "total": "30"})
        error = self.assertError(response, 422, "invalid")
        self.assertIn("period_start", error["fields"])

    def test_unknown_group_and_missing_total(self):
        response = self.submit({"period_start": "2026-01-01", "groups": {"colour=red": 3}})
        error = self.assertError(response, 422, "invalid")
        self.assertIn("groups.colour=red", error["fields"])
        self.assertIn("total", error["fields"])
        self.assertFalse(Value.objects.exists())

    def test_a_survey_indicator_is_not_typed(self):
        response = self.submit(
            {"period_start": "2026-01-01", "total": 3},
            secret=self.write_secret,
            indicator=self.belonging,
        )
        self.assertError(response, 403, "forbidden")

    def test_another_party_is_forbidden(self):
        # The lead's editor records values, but this indicator is the company's.
        response = self.submit({"period_start": "2026-01-01", "total": 3}, secret=self.write_secret)
        self.assertError(response, 403, "forbidden")
        self.assertFalse(Value.objects.exists())

    def test_viewer_is_forbidden(self):
        _token, secret = token_create(user=self.viewer, name="É", scope=TokenScope.WRITE)
        response = self.submit({"period_start": "2026-01-01", "total": 3}, secret=secret)
        self.assertError(response, 403, "forbidden")

    def test_read_token_is_refused(self):
        _token, secret = token_create(user=self.company_editor, name="Lecture")
        response = self.submit({"period_start": "2026-01-01", "total": 3}, secret=secret)
        self.assertError(response, 403, "insufficient_scope")

    def test_empty_body_is_refused_after_access(self):
        self.assertError(self.submit(None), 422, "invalid")

    def test_outsider_gets_not_found(self):
        _token, secret = token_create(user=self.outsider, name="É", scope=TokenScope.WRITE)
        response = self.submit({"period_start": "2026-01-01", "total": 3}, secret=secret)
        self.assertError(response, 404, "not_found")

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        response = self.submit({"period_start": "2026-01-01", "total": 3})
        self.assertError(response, 422, "invalid")
        self.assertFalse(Value.objects.exists())
