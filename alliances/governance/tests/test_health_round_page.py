"""The results of one round, as every member sees them: small groups never identifiable."""

from datetime import date

import time_machine
from django.urls import reverse

from alliances.governance.models import Dimension, Rating, RoundStatus
from alliances.governance.tests.test_health_support import (
    HealthTestCase,
    add_answer,
    add_answers,
    make_round,
)


@time_machine.travel("2026-06-10 10:00 +0200", tick=False)
class HealthRoundPageTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(cls.partnership, 1, opens_on=date(2026, 4, 1))
        add_answers(cls.round, cls.lead_party, 4, Rating.GREEN, roles=Rating.AMBER)
        for comment in ("Zéro retour sur nos rapports", "Au top"):
            add_answer(cls.round, cls.lead_party, Rating.GREEN, comments={"trust": comment})
        # Two answers only: the company must never appear with its scores or comments.
        add_answer(cls.round, cls.company_party, Rating.RED, comments={"value": "Secret Paula"})
        add_answer(cls.round, cls.company_party, Rating.RED)
        add_answer(cls.round, cls.commune_party, Rating.AMBER)
        cls.url = reverse("governance:health_round", args=[cls.partnership.uuid, cls.round.uuid])

    def test_a_party_with_two_answers_is_merged_never_named(self):
        # The viewer has no follow-up form, whose list of parties would name every party.
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Parties with fewer than 3 answers are merged")
        self.assertContains(response, "Other parties (merged)")
        self.assertNotContains(response, "Solidaires Industries")
        self.assertNotContains(response, "Ville de Poitiers")
        # The lead (6 answers) is shown on its own, with its comments in alphabetical order.
        content = response.content.decode()
        self.assertIn("Maison des Trois-Cités", content)
        self.assertLess(content.index("Au top"), content.index("Zéro retour"))
        # The company's comment appears only under the merged group, after the lead's.
        self.assertGreater(content.index("Secret Paula"), content.index("Other parties (merged)"))
        columns = [group.key for group in response.context["page"].columns]
        self.assertEqual(columns, ["overall", str(self.lead_party.uuid), "others"])
        self.assertEqual(response.context["page"].columns[2].respondents, 3)

    def test_results_table_with_text_and_counts(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Some concern · 67/100")  # roles, lead: 4 amber, 2 green
        self.assertContains(response, "2 green, 4 amber, 0 red")
        self.assertContains(response, "Serious concern")
        # A viewer reads the results, without the follow-up buttons.
        self.assertNotContains(response, "Make it an action")

    def test_editors_get_a_follow_up_form_per_concern(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Make it an action")
        anchors = [entry.anchor for entry, _form in response.context["attention"]]
        self.assertIn(f"concern-{Dimension.ROLES}-{self.lead_party.uuid}", anchors)
        self.assertFalse(any(anchor.endswith("-others") for anchor in anchors))

    def test_an_open_round_shows_only_its_count(self):
        self.round.status = RoundStatus.OPEN
        self.round.closes_on = date(2026, 6, 30)
        self.round.save()
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "9 answers")
        self.assertContains(response, "Its results are shown once it closes")
        self.assertNotContains(response, "Au top")
        self.assertNotContains(response, "Some concern")
        self.assertContains(response, "Close it now and show the results")

    def test_too_few_answers_in_all(self):
        small = make_round(self.partnership, 2, opens_on=date(2026, 5, 1))
        add_answers(small, self.lead_party, 2, Rating.RED)
        self.login(self.viewer)
        url = reverse("governance:health_round", args=[self.partnership.uuid, small.uuid])
        response = self.client.get(url)
        self.assertContains(response, "Fewer than 3 people answered")
        self.assertNotContains(response, "Serious concern")

    def test_query_count(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(11):
            self.client.get(self.url)

    def test_permissions(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)
