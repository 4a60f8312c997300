"""The governance settings: the coordinator sets the quorum, the health-check schedule and its
alerts, and the conflict staleness."""

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.agreements.models import AgreementVersion, MeetingFrequency, VersionStatus
from alliances.governance.models import Frequency, GovernanceSettings
from alliances.governance.services.health import governance_settings_save
from alliances.governance.tests.test_health_support import HealthTestCase
from alliances.partnerships.models import Activity, DecisionRule, Stage

TODAY = date(2026, 3, 2)

VALID = {
    "quorum_percent": "60",
    "health_frequency": Frequency.HALF_YEARLY,
    "health_next_on": "2026-04-01",
    "health_open_days": "14",
    "health_alert_drop": "20",
    "health_alert_below": "40",
    "conflict_stale_days": "45",
}


class GovernanceSettingsServiceTests(HealthTestCase):
    def save(self, user, **data):
        return governance_settings_save(
            access=self.access(user), actor=user, data=data, today=TODAY
        )

    def test_first_save_creates_then_changes(self):
        row = self.save(self.editor, quorum_percent=75, health_next_on=date(2026, 4, 1))
        self.assertEqual((row.quorum_percent, row.health_frequency), (75, Frequency.QUARTERLY))
        self.save(self.admin, health_open_days=30)
        row = GovernanceSettings.objects.get()
        self.assertEqual((row.quorum_percent, row.health_open_days), (75, 30))
        self.assertEqual(Activity.objects.filter(verb="governance.settings_changed").count(), 2)

    def test_validation(self):
        with self.assertRaises(ValidationError) as caught:
            self.save(self.editor, quorum_percent=0, health_open_days=91, health_next_on=None)
        self.assertEqual(
            set(caught.exception.message_dict),
            {"quorum_percent", "health_open_days", "health_next_on"},
        )
        with self.assertRaisesMessage(ValidationError, "today or a later date"):
            self.save(self.editor, health_next_on=date(2026, 3, 1))
        self.assertFalse(GovernanceSettings.objects.exists())
        # Not scheduled: no date needed.
        self.save(self.editor, health_frequency=Frequency.NONE, health_next_on=None)

    def test_only_the_coordinators_editors_and_admins(self):
        for user in (self.viewer, self.company_admin):
            with self.assertRaises(PermissionDenied):
                self.save(user, quorum_percent=80)
        self.assertFalse(GovernanceSettings.objects.exists())


@time_machine.travel("2026-03-02 10:00 +0100", tick=False)
class GovernanceSettingsPageTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("governance:settings", args=[cls.partnership.uuid])

    def test_shows_defaults_and_saves(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="quorum_percent" value="50"')
        self.assertContains(response, "as the partnership's settings say")
        response = self.client.post(self.url, VALID)
        self.assertRedirects(response, self.url)
        row = GovernanceSettings.objects.get()
        self.assertEqual(row.health_frequency, Frequency.HALF_YEARLY)
        self.assertEqual(row.health_next_on, date(2026, 4, 1))
        self.assertEqual(row.conflict_stale_days, 45)

    def test_bad_input_keeps_what_was_typed(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {**VALID, "health_alert_below": "150", "quorum_percent": "abc"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nothing was saved", status_code=400)
        self.assertContains(response, 'value="150"', status_code=400)
        self.assertFalse(GovernanceSettings.objects.exists())

    def test_decision_rule_of_the_agreement_in_force(self):
        self.partnership.decision_rule = DecisionRule.MAJORITY
        self.partnership.save()
        AgreementVersion.objects.create(
            partnership=self.partnership,
            number=2,
            status=VersionStatus.IN_FORCE,
            decision_rule=DecisionRule.UNANIMITY,
            meeting_frequency=MeetingFrequency.QUARTERLY,
        )
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "<strong>Unanimity</strong>", html=True)
        self.assertContains(response, "version 2")

    def test_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.post(self.url, VALID)
        self.assertContains(response, "This partnership is closed", status_code=400)
        self.assertFalse(GovernanceSettings.objects.exists())

    def test_permissions(self):
        for user, status in (
            (self.outsider, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
        ):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, status)
            self.assertEqual(self.client.post(self.url, VALID).status_code, status)
        self.assertFalse(GovernanceSettings.objects.exists())
        # The sub-navigation offers the page only to those who may use it.
        self.login(self.viewer)
        page = self.client.get(reverse("governance:health", args=[self.partnership.uuid]))
        self.assertNotContains(page, self.url)
        self.login(self.editor)
        page = self.client.get(reverse("governance:health", args=[self.partnership.uuid]))
        self.assertContains(page, self.url)
