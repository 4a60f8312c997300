"""Alerts to the coordinator when a round closes: sent once, never about a small group."""

from alliances.governance.models import (
    Dimension,
    GovernanceSettings,
    HealthAlert,
    Rating,
)
from alliances.governance.services.health import health_alerts_for_round
from alliances.governance.tests.test_health_support import (
    HealthTestCase,
    add_answers,
    make_round,
)
from alliances.partnerships.models import Activity, Notification


class HealthAlertTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        GovernanceSettings.objects.create(
            partnership=cls.partnership, health_alert_drop=20, health_alert_below=50
        )
        cls.before = make_round(cls.partnership, 1)
        add_answers(cls.before, cls.lead_party, 3, Rating.GREEN)
        add_answers(cls.before, cls.company_party, 3, Rating.GREEN)

    def test_a_drop_alerts_the_coordinators_editors_and_admins_once(self):
        after = make_round(self.partnership, 2)
        add_answers(after, self.lead_party, 3, Rating.GREEN, trust=Rating.AMBER)
        add_answers(after, self.company_party, 3, Rating.GREEN, trust=Rating.RED)
        # Trust: 100 → 25 overall; every other dimension stays at 100.
        self.assertEqual(health_alerts_for_round(after), 1)
        alert = HealthAlert.objects.get()
        self.assertEqual(alert.key, "drop:trust")
        self.assertEqual(alert.data["reason"], "Trust dropped from 100 to 25 points.")
        told = set(Notification.objects.filter(verb="health.alert").values_list("user", flat=True))
        self.assertEqual(told, {self.admin.pk, self.editor.pk})
        line = Activity.objects.get(verb="health.alert")
        self.assertEqual(list(line.audience.all()), [self.lead_party])
        # Running it again sends nothing more.
        self.assertEqual(health_alerts_for_round(after), 0)
        self.assertEqual(Notification.objects.filter(verb="health.alert").count(), 2)

    def test_a_party_below_the_threshold(self):
        after = make_round(self.partnership, 2)
        add_answers(after, self.lead_party, 3, Rating.GREEN)
        add_answers(after, self.company_party, 4, Rating.AMBER, roles=Rating.RED)
        # The company's answers: six amber and one red, (6 × 50 + 0) / 7 = 43 on average.
        health_alerts_for_round(after)
        keys = set(HealthAlert.objects.values_list("key", flat=True))
        self.assertIn(f"below:{self.company_party.uuid}", keys)
        self.assertNotIn(f"below:{self.lead_party.uuid}", keys)
        reasons = [alert.data["reason"] for alert in HealthAlert.objects.all()]
        self.assertIn("Solidaires Industries averages 43 points, below 50.", reasons)

    def test_a_small_party_is_never_named_in_an_alert(self):
        after = make_round(self.partnership, 2)
        add_answers(after, self.lead_party, 4, Rating.GREEN)
        add_answers(after, self.company_party, 2, Rating.RED)
        add_answers(after, self.commune_party, 1, Rating.RED)
        health_alerts_for_round(after)
        for alert in HealthAlert.objects.all():
            self.assertNotIn("Solidaires", alert.data["reason"])
            self.assertNotIn("Ville de Poitiers", alert.data["reason"])
            self.assertFalse(alert.key.startswith("below:"))
        # The overall drop is still reported (7 answers, no group singled out).
        self.assertTrue(HealthAlert.objects.filter(key=f"drop:{Dimension.TRUST}").exists())

    def test_no_previous_round_no_drop_and_too_few_answers_no_alert(self):
        first = self.before
        self.assertEqual(health_alerts_for_round(first), 0)
        after = make_round(self.partnership, 2)
        add_answers(after, self.lead_party, 2, Rating.RED)
        self.assertEqual(health_alerts_for_round(after), 0)
        self.assertFalse(HealthAlert.objects.exists())
