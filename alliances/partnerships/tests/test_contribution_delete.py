from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.models import (
    Activity,
    Contribution,
    ContributionKind,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.contributions import contribution_delete
from alliances.test import PartnershipTestCase


class ContributionDeleteTests(PartnershipTestCase):
    def setUp(self):
        self.line = Contribution.objects.create(
            partnership=self.partnership,
            party=self.lead_party,
            kind=ContributionKind.IN_KIND,
            description="Fournitures scolaires",
            planned_amount=Decimal("600"),
        )
        self.url = reverse(
            "partnerships:contribution_delete", args=[self.partnership.uuid, self.line.uuid]
        )

    def test_service_deletes_and_leaves_a_trace(self):
        contribution_delete(contribution=self.line, actor=self.editor)
        self.assertFalse(Contribution.objects.exists())
        event = AuditEvent.objects.get(verb="contribution.deleted")
        self.assertEqual(event.data["description"], "Fournitures scolaires")
        self.assertEqual(event.data["planned_amount"], "600.00")
        activity = Activity.objects.get(verb="contribution.deleted")
        self.assertEqual(activity.data["party"], "Maison des Trois-Cités")

    def test_service_refuses_other_parties_a_closed_partnership_and_a_party_that_left(self):
        with self.assertRaises(PermissionDenied):
            contribution_delete(contribution=self.line, actor=self.company_admin)
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        with self.assertRaisesMessage(ValidationError, "closed"):
            contribution_delete(contribution=self.line, actor=self.editor)
        self.partnership.stage = Stage.IMPLEMENTATION
        self.partnership.save()
        self.lead_party.status = PartyStatus.LEFT
        self.lead_party.save()
        with self.assertRaisesMessage(ValidationError, "kept as they were"):
            contribution_delete(contribution=self.line, actor=self.editor)
        self.assertTrue(Contribution.objects.exists())

    def test_permissions_on_the_page(self):
        for user, status in [
            (self.outsider, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, {"confirm": "on"}).status_code, status)
        self.assertTrue(Contribution.objects.exists())

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_deleting_asks_for_confirmation(self):
        self.login(self.editor)
        response = self.client.post(self.url)
        self.assertContains(response, "Tick the box to confirm the deletion.", status_code=400)
        self.assertContains(response, 'name="confirm"', status_code=400)
        self.assertTrue(Contribution.objects.exists())
        response = self.client.post(self.url, {"confirm": "on"})
        ledger = reverse("partnerships:contributions", args=[self.partnership.uuid])
        self.assertRedirects(response, f"{ledger}#party-{self.lead_party.uuid}")
        self.assertFalse(Contribution.objects.exists())

    def test_the_edit_page_offers_the_confirmation(self):
        self.login(self.editor)
        response = self.client.get(
            reverse("partnerships:contribution_edit", args=[self.partnership.uuid, self.line.uuid])
        )
        self.assertContains(response, self.url)
        self.assertContains(response, 'type="checkbox" name="confirm"')
