from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.governance.models import GovernanceSettings, HealthCheckRound, RoundStatus
from alliances.governance.services.health import health_round_start
from alliances.governance.tests.test_health_support import HealthTestCase, make_round
from alliances.partnerships.models import Activity, Notification, Stage

TODAY = date(2026, 3, 2)


class HealthRoundStartServiceTests(HealthTestCase):
    def test_opens_the_next_number_for_the_settings_days_and_tells_everyone(self):
        make_round(self.partnership, 1)
        GovernanceSettings.objects.create(partnership=self.partnership, health_open_days=10)
        with self.captureOnCommitCallbacks(execute=False):
            round = health_round_start(
                access=self.access(self.editor), actor=self.editor, today=TODAY
            )
        self.assertEqual(round.number, 2)
        self.assertEqual(round.status, RoundStatus.OPEN)
        self.assertEqual((round.opens_on, round.closes_on), (TODAY, date(2026, 3, 12)))
        self.assertEqual(round.created_by, self.editor)
        told = set(
            Notification.objects.filter(verb="health.round_opened").values_list("user", flat=True)
        )
        everyone = {
            self.admin.pk,
            self.editor.pk,
            self.viewer.pk,
            self.company_admin.pk,
            self.commune_admin.pk,
        }
        self.assertEqual(told, everyone)
        notification = Notification.objects.filter(verb="health.round_opened").first()
        self.assertEqual(
            notification.url,
            reverse("governance:health_answer", args=[self.partnership.uuid, round.uuid]),
        )
        activity = Activity.objects.get(verb="health.round_opened")
        self.assertEqual(activity.data["number"], 2)

    def test_refused_while_a_round_is_open(self):
        make_round(self.partnership, 1, status=RoundStatus.OPEN)
        with self.assertRaisesMessage(ValidationError, "already open"):
            health_round_start(access=self.access(self.admin), actor=self.admin, today=TODAY)
        self.assertEqual(HealthCheckRound.objects.count(), 1)

    def test_only_the_coordinators_editors_and_admins(self):
        for user in (self.viewer, self.company_admin):
            with self.assertRaises(PermissionDenied):
                health_round_start(access=self.access(user), actor=user, today=TODAY)
        self.assertFalse(HealthCheckRound.objects.exists())

    def test_refused_in_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        with self.assertRaisesMessage(ValidationError, "closed"):
            health_round_start(access=self.access(self.admin), actor=self.admin, today=TODAY)


@time_machine.travel("2026-03-02 10:00 +0100", tick=False)
class HealthRoundStartPageTests(HealthTestCase):
    def url(self):
        return reverse("governance:health_start", args=[self.partnership.uuid])

    def test_editor_starts_a_round(self):
        self.login(self.editor)
        response = self.client.post(self.url(), follow=True)
        self.assertRedirects(response, reverse("governance:health", args=[self.partnership.uuid]))
        self.assertContains(response, "Health check 1 is open until")
        self.assertTrue(HealthCheckRound.objects.filter(status=RoundStatus.OPEN).exists())

    def test_second_start_explains_why_not(self):
        make_round(self.partnership, 1, status=RoundStatus.OPEN, closes_on=date(2026, 3, 20))
        self.login(self.admin)
        response = self.client.post(self.url(), follow=True)
        self.assertContains(response, "A health check is already open")
        self.assertEqual(HealthCheckRound.objects.count(), 1)

    def test_permissions(self):
        for user, status in (
            (self.outsider, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
        ):
            self.login(user)
            self.assertEqual(self.client.post(self.url()).status_code, status)
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url()).status_code, 405)
        self.assertFalse(HealthCheckRound.objects.exists())
