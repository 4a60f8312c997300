from django.urls import reverse

from alliances.indicators.models import Objective
from alliances.indicators.tests.test_framework_base import FrameworkTestCase


class MoveTests(FrameworkTestCase):
    def setUp(self):
        self.second = Objective.objects.create(partnership=self.partnership, title="Emploi")
        self.login(self.editor)

    def order(self):
        return list(
            Objective.objects.filter(partnership=self.partnership).values_list("title", flat=True)
        )

    def test_move_up_and_down(self):
        url = reverse("indicators:objective_move", args=[self.partnership.uuid, self.second.uuid])
        self.client.post(url, {"direction": "up"})
        self.assertEqual(self.order(), ["Emploi", "Lien social"])
        self.client.post(url, {"direction": "down"})
        self.assertEqual(self.order(), ["Lien social", "Emploi"])

    def test_htmx_gets_the_tree_back(self):
        url = reverse("indicators:objective_move", args=[self.partnership.uuid, self.second.uuid])
        response = self.client.post(url, {"direction": "up"}, headers={"HX-Request": "true"})
        self.assertContains(response, 'id="framework-tree"')
        self.assertNotContains(response, "<html")

    def test_missing_direction_is_refused(self):
        url = reverse("indicators:objective_move", args=[self.partnership.uuid, self.second.uuid])
        self.assertEqual(self.client.post(url, {}).status_code, 400)

    def test_indicator_moves_among_its_outcome(self):
        from alliances.indicators.models import Indicator

        other = Indicator.objects.create(
            partnership=self.partnership, outcome=self.outcome, title="Participation"
        )
        url = reverse("indicators:indicator_move", args=[self.partnership.uuid, other.uuid])
        self.client.post(url, {"direction": "up"})
        titles = list(self.outcome.indicators.values_list("title", flat=True))
        self.assertEqual(titles, ["Participation", "Sentiment de sécurité"])
