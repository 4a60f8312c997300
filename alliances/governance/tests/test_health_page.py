"""The health-check page: the open round and its count, the trend chart and the rounds."""

from datetime import date

import time_machine
from django.urls import reverse

from alliances.governance.models import Dimension, Rating, RoundStatus
from alliances.governance.tests.test_health_support import HealthTestCase, add_answers, make_round


@time_machine.travel("2026-06-10 10:00 +0200", tick=False)
class HealthPageTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("governance:health", args=[cls.partnership.uuid])
        first = make_round(cls.partnership, 1, opens_on=date(2026, 1, 5))
        add_answers(first, cls.lead_party, 3, Rating.GREEN)
        add_answers(first, cls.company_party, 3, Rating.GREEN, value=Rating.AMBER)
        second = make_round(cls.partnership, 2, opens_on=date(2026, 4, 5))
        add_answers(second, cls.lead_party, 3, Rating.GREEN, trust=Rating.RED)
        add_answers(second, cls.company_party, 2, Rating.RED)
        add_answers(second, cls.commune_party, 1, Rating.RED)
        cls.open_round = make_round(
            cls.partnership,
            3,
            status=RoundStatus.OPEN,
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 6, 21),
        )
        add_answers(cls.open_round, cls.lead_party, 4)
        add_answers(cls.open_round, cls.company_party, 3)
        add_answers(cls.open_round, cls.commune_party, 1)

    def test_open_round_shows_only_counts(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Health check 3 is open")
        self.assertContains(response, "8 people have answered so far.")
        # The lead's four are countable. The commune's one is not, nor the company's three:
        # 8 − 4 − 3 would give the commune's count away.
        self.assertContains(response, "<li>Maison des Trois-Cités: 4</li>", html=True)
        self.assertNotContains(response, "Solidaires Industries: 3")
        self.assertNotContains(response, "Ville de Poitiers: 1")
        self.assertContains(response, "Answer the health check")
        self.assertNotContains(response, "Start a health check now")
        self.assertNotContains(response, "Close it now")

    def test_trend_overall_and_per_party_shown(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        data = response.context["chart_data"]
        self.assertEqual(len(data["labels"]), 2)
        trust = Dimension.values.index(Dimension.TRUST)
        value = Dimension.values.index(Dimension.VALUE)
        self.assertEqual(data["groups"]["overall"]["series"][trust], [100, 0])
        company = data["groups"][str(self.company_party.uuid)]
        # Round 2: the company had 2 answers, so it has no point of its own there.
        self.assertEqual(company["series"][value], [50, None])
        self.assertNotIn(str(self.commune_party.uuid), data["groups"])
        self.assertContains(response, 'id="health-chart-data"')
        self.assertContains(response, "Figures as a table: All parties")

    def test_a_party_chosen_without_javascript(self):
        self.login(self.viewer)
        response = self.client.get(self.url, {"group": str(self.company_party.uuid)})
        self.assertEqual(response.context["chart_data"]["selected"], str(self.company_party.uuid))
        response = self.client.get(self.url, {"group": str(self.commune_party.uuid)})
        self.assertEqual(response.context["chart_data"]["selected"], "overall")

    def test_coordinator_can_close_or_start(self):
        self.login(self.editor)
        self.assertContains(self.client.get(self.url), "Close it now and show the results")
        self.open_round.status = RoundStatus.CLOSED
        self.open_round.save()
        self.assertContains(self.client.get(self.url), "Start a health check now")

    def test_query_count(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(14):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Health check 1")

    def test_permissions(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)
