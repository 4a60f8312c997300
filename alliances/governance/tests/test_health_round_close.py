from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.governance.models import RoundStatus
from alliances.governance.services.health import health_round_close
from alliances.governance.tests.test_health_support import (
    HealthTestCase,
    add_answers,
    make_round,
)
from alliances.partnerships.models import Activity


class HealthRoundCloseTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            cls.partnership, 1, status=RoundStatus.OPEN, closes_on=date(2030, 1, 31)
        )
        add_answers(cls.round, cls.lead_party, 3)
        cls.url = reverse(
            "governance:health_round_close", args=[cls.partnership.uuid, cls.round.uuid]
        )

    def test_service_closes_once_and_records_the_answers(self):
        health_round_close(access=self.access(self.editor), actor=self.editor, round=self.round)
        self.round.refresh_from_db()
        self.assertEqual(self.round.status, RoundStatus.CLOSED)
        self.assertIsNotNone(self.round.closed_at)
        activity = Activity.objects.get(verb="health.round_closed")
        self.assertEqual(activity.data["answers"], 3)
        with self.assertRaisesMessage(ValidationError, "already closed"):
            health_round_close(access=self.access(self.admin), actor=self.admin, round=self.round)

    def test_service_permissions(self):
        for user in (self.viewer, self.company_admin):
            with self.assertRaises(PermissionDenied):
                health_round_close(access=self.access(user), actor=user, round=self.round)
        self.round.refresh_from_db()
        self.assertTrue(self.round.is_open)

    def test_page_closes_and_shows_the_results(self):
        self.login(self.admin)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(
            response,
            reverse("governance:health_round", args=[self.partnership.uuid, self.round.uuid]),
        )
        self.assertContains(response, "Health check 1 is closed: here are its results.")
        self.assertContains(response, "All parties")

    def test_page_permissions(self):
        for user, status in ((self.outsider, 404), (self.viewer, 403), (self.company_admin, 403)):
            self.login(user)
            self.assertEqual(self.client.post(self.url).status_code, status)
        self.round.refresh_from_db()
        self.assertTrue(self.round.is_open)
