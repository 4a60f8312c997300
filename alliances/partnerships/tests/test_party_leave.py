"""A party leaves: its administrators take it out, with a reason; its record stays."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Activity,
    Contribution,
    ContributionKind,
    Notification,
    Party,
    PartyStatus,
)
from alliances.partnerships.services.parties import party_leave
from alliances.test import PartnershipTestCase


class PartyLeaveTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("partnerships:party_leave", args=[self.partnership.uuid])

    def leave(self, reason="Our budget was cut.", **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"reason": reason, **extra})

    def test_permissions(self):
        self.assertEqual(self.leave().status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 403),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.leave().status_code, status)
        self.assertFalse(Party.objects.filter(status=PartyStatus.LEFT).exists())

    def test_a_partner_admin_takes_its_party_out_and_the_record_stays(self):
        Contribution.objects.create(
            partnership=self.partnership,
            party=self.company_party,
            kind=ContributionKind.MONEY,
            description="Subvention",
            planned_amount=5000,
        )
        self.login(self.company_admin)
        response = self.leave()
        self.assertRedirects(response, reverse("partnerships:list"), fetch_redirect_response=False)
        self.company_party.refresh_from_db()
        self.assertEqual(self.company_party.status, PartyStatus.LEFT)
        self.assertEqual(self.company_party.leave_reason, "Our budget was cut.")
        self.assertIsNotNone(self.company_party.left_at)
        self.assertEqual(Contribution.objects.get().party, self.company_party)
        self.assertTrue(Activity.objects.filter(verb="party.left", party=self.company_party))
        self.assertTrue(AuditEvent.objects.filter(verb="party.left"))
        notified = set(Notification.objects.values_list("user__email", flat=True))
        self.assertEqual(
            notified,
            {self.admin.email, self.editor.email, self.viewer.email, self.commune_admin.email},
        )
        # The partnership is out of sight now; the others still see the party, as having left.
        self.assertEqual(
            self.client.get(
                reverse("partnerships:detail", args=[self.partnership.uuid])
            ).status_code,
            404,
        )
        self.login(self.viewer)
        response = self.client.get(reverse("partnerships:parties", args=[self.partnership.uuid]))
        self.assertContains(response, "Parties that left")
        self.assertContains(response, "Our budget was cut.")

    def test_a_reason_is_needed(self):
        self.login(self.company_admin)
        response = self.leave(reason="   ")
        self.assertContains(response, "Say in a few words why your party leaves.", status_code=400)
        self.company_party.refresh_from_db()
        self.assertEqual(self.company_party.status, PartyStatus.ACTIVE)

    def test_the_coordinator_cannot_leave_while_others_remain(self):
        self.login(self.admin)
        parties_url = reverse("partnerships:parties", args=[self.partnership.uuid])
        self.assertContains(
            self.client.get(parties_url),
            "As the coordinator, your party cannot leave while other parties remain.",
        )
        response = self.leave()
        self.assertContains(
            response,
            "The coordinator cannot leave while other parties remain "
            "(Solidaires Industries, Ville de Poitiers).",
            status_code=400,
        )
        self.lead_party.refresh_from_db()
        self.assertEqual(self.lead_party.status, PartyStatus.ACTIVE)

    def test_the_coordinator_alone_may_leave(self):
        Party.objects.exclude(pk=self.lead_party.pk).update(status=PartyStatus.LEFT)
        self.login(self.admin)
        self.assertEqual(self.leave().status_code, 302)
        self.lead_party.refresh_from_db()
        self.assertEqual(self.lead_party.status, PartyStatus.LEFT)

    def test_service_refuses_members_who_may_not_and_repeated_departures(self):
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.assertRaises(PermissionDenied):
            party_leave(access=access, actor=self.editor, reason="No")
        access = access_partnership_by_uuid(self.company_admin, self.partnership.uuid)
        party_leave(access=access, actor=self.company_admin, reason="Done")
        with self.assertRaisesMessage(ValidationError, "already left"):
            party_leave(access=access, actor=self.company_admin, reason="Again")

    def test_forged_party_of_someone_else_is_refused(self):
        self.login(self.company_admin)
        response = self.leave(party=str(self.commune_party.uuid))
        self.assertEqual(response.status_code, 403)
        self.commune_party.refresh_from_db()
        self.assertEqual(self.commune_party.status, PartyStatus.ACTIVE)
