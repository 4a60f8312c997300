from django.urls import reverse

from alliances.indicators.models import Objective, Outcome
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.partnerships.models import Activity


class ObjectiveTests(FrameworkTestCase):
    def test_editor_adds_an_objective(self):
        self.login(self.editor)
        url = reverse("indicators:objective_create", args=[self.partnership.uuid])
        response = self.client.post(url, {"title": "  Réussite   éducative ", "description": ""})
        objective = Objective.objects.get(title="Réussite éducative")
        self.assertRedirects(
            response,
            reverse("indicators:framework", args=[self.partnership.uuid])
            + f"#objective-{objective.uuid}",
        )
        self.assertEqual(objective.position, 1)
        self.assertTrue(
            Activity.objects.filter(verb="framework.objective_added", actor=self.editor).exists()
        )

    def test_title_is_required(self):
        self.login(self.editor)
        url = reverse("indicators:objective_create", args=[self.partnership.uuid])
        response = self.client.post(url, {"title": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)

    def test_partner_edits_an_objective(self):
        self.login(self.company_admin)
        url = reverse(
            "indicators:objective_edit", args=[self.partnership.uuid, self.objective.uuid]
        )
        self.client.post(url, {"title": "Cohésion sociale", "description": "Aux Couronneries"})
        self.objective.refresh_from_db()
        self.assertEqual(self.objective.title, "Cohésion sociale")

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        url = reverse("indicators:objective_create", args=[self.partnership.uuid])
        self.assertEqual(self.client.post(url, {"title": "X"}).status_code, 403)
        self.assertFalse(Objective.objects.filter(title="X").exists())

    def test_closed_partnership_refuses_changes(self):
        self.close_partnership()
        self.login(self.editor)
        url = reverse("indicators:objective_create", args=[self.partnership.uuid])
        response = self.client.post(url, {"title": "X"}, follow=True)
        self.assertContains(response, "This partnership is closed")
        self.assertFalse(Objective.objects.filter(title="X").exists())

    def test_delete_needs_the_box_ticked_then_deletes_everything_under_it(self):
        self.login(self.editor)
        url = reverse(
            "indicators:objective_delete", args=[self.partnership.uuid, self.objective.uuid]
        )
        self.assertEqual(self.client.post(url, {}).status_code, 400)
        self.client.post(url, {"confirm": "on"})
        self.assertFalse(Objective.objects.filter(pk=self.objective.pk).exists())
        self.assertFalse(Outcome.objects.filter(pk=self.outcome.pk).exists())

    def test_objective_with_values_is_kept(self):
        self.add_value()
        self.login(self.editor)
        url = reverse(
            "indicators:objective_delete", args=[self.partnership.uuid, self.objective.uuid]
        )
        self.assertContains(self.client.get(url), "values are evidence")
        response = self.client.post(url, {"confirm": "on"}, follow=True)
        self.assertContains(response, "values are evidence")
        self.assertTrue(Objective.objects.filter(pk=self.objective.pk).exists())


class OutcomeTests(FrameworkTestCase):
    def test_editor_adds_an_outcome_under_an_objective(self):
        self.login(self.editor)
        url = reverse(
            "indicators:outcome_create", args=[self.partnership.uuid, self.objective.uuid]
        )
        self.client.post(url, {"title": "Les habitants participent"})
        outcome = Outcome.objects.get(title="Les habitants participent")
        self.assertEqual(outcome.objective, self.objective)
        self.assertEqual(outcome.partnership, self.partnership)

    def test_outcome_of_another_partnership_is_not_found(self):
        from alliances.test import make_partnership

        other, _parties = make_partnership("Autre", coordinator=self.org)
        self.login(self.editor)
        url = reverse("indicators:outcome_edit", args=[other.uuid, self.outcome.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_outcome_with_values_is_kept(self):
        self.add_value()
        self.login(self.editor)
        url = reverse("indicators:outcome_delete", args=[self.partnership.uuid, self.outcome.uuid])
        self.client.post(url, {"confirm": "on"})
        self.assertTrue(Outcome.objects.filter(pk=self.outcome.pk).exists())

    def test_editor_renames_an_outcome(self):
        self.login(self.editor)
        url = reverse("indicators:outcome_edit", args=[self.partnership.uuid, self.outcome.uuid])
        self.client.post(url, {"title": "Sécurité ressentie"})
        self.outcome.refresh_from_db()
        self.assertEqual(self.outcome.title, "Sécurité ressentie")
