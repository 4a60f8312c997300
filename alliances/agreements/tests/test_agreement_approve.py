"""Each party's administrator approves one version; when all have, it is in force."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.agreements.models import Approval, VersionStatus
from alliances.agreements.tests.base import AgreementTestCase
from alliances.core.models import AuditEvent
from alliances.partnerships.models import (
    Activity,
    Notification,
    Party,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.test import make_organisation


class AgreementApproveTests(AgreementTestCase):
    def test_an_approval_is_recorded_for_the_party(self):
        version = self.save_version()
        version = self.approve(self.company_admin, version, self.company_party)
        self.assertEqual(version.status, VersionStatus.DRAFT)
        approval = Approval.objects.get()
        self.assertEqual(
            (approval.version, approval.party, approval.approved_by),
            (version, self.company_party, self.company_admin),
        )
        self.assertEqual(AuditEvent.objects.filter(verb="agreement.approved").count(), 1)
        activity = Activity.objects.get(verb="agreement.approved")
        self.assertEqual(activity.data["party"], "Solidaires Industries")
        self.assertTrue(Notification.objects.filter(verb="agreement.approved", user=self.admin))
        self.assertFalse(
            Notification.objects.filter(verb="agreement.approved", user=self.company_admin)
        )

    def test_every_party_approving_the_same_version_puts_it_in_force(self):
        version = self.approve_by_all(self.save_version())
        version.refresh_from_db()
        self.assertEqual(version.status, VersionStatus.IN_FORCE)
        self.assertIsNotNone(version.in_force_at)
        self.assertTrue(version.is_frozen)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.agreement_in_force, 1)
        self.assertEqual(Activity.objects.filter(verb="agreement.in_force").count(), 1)
        told = set(
            Notification.objects.filter(verb="agreement.in_force").values_list(
                "user__email", flat=True
            )
        )
        self.assertIn(self.viewer.email, told)
        self.assertIn(self.commune_admin.email, told)

    def test_an_amendment_in_force_supersedes_the_previous_version(self):
        first = self.approve_by_all(self.save_version())
        second = self.approve_by_all(self.save_version(clauses={"data": "Hébergement en France."}))
        first.refresh_from_db()
        self.assertEqual(first.status, VersionStatus.SUPERSEDED)
        self.assertEqual(second.status, VersionStatus.IN_FORCE)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.agreement_in_force, 2)

    def test_change_after_approval_starts_a_new_version_and_old_approvals_do_not_count(self):
        first = self.save_version()
        self.approve(self.admin, first, self.lead_party)
        self.approve(self.company_admin, first, self.company_party)
        second = self.save_version(clauses={"governance": "Réunions ouvertes."})
        self.assertFalse(second.approvals.exists())
        with self.assertRaisesMessage(
            ValidationError, "A newer version of the agreement exists (version 2)"
        ):
            self.approve(self.commune_admin, first, self.commune_party)
        second = self.approve(self.commune_admin, second, self.commune_party)
        self.assertEqual(second.status, VersionStatus.DRAFT)
        first.refresh_from_db()
        self.assertEqual(first.status, VersionStatus.DRAFT)
        self.partnership.refresh_from_db()
        self.assertIsNone(self.partnership.agreement_in_force)

    def test_approving_twice_is_refused(self):
        version = self.save_version()
        self.approve(self.admin, version, self.lead_party)
        with self.assertRaisesMessage(
            ValidationError, "Maison des Trois-Cités has already approved version 1."
        ):
            self.approve(self.admin, version, self.lead_party)

    def test_a_version_in_force_cannot_be_approved_again(self):
        version = self.approve_by_all(self.save_version())
        with self.assertRaisesMessage(ValidationError, "Version 1 is already in force."):
            self.approve(self.admin, version, self.lead_party)

    def test_only_an_administrator_of_the_party_approves_for_it(self):
        version = self.save_version()
        with self.assertRaises(PermissionDenied):
            self.approve(self.editor, version, self.lead_party)
        with self.assertRaises(PermissionDenied):
            self.approve(self.admin, version, self.company_party)
        self.assertFalse(Approval.objects.exists())

    def test_parties_changed_since_the_version_was_saved(self):
        version = self.save_version()
        newcomer = make_organisation("Collège Jean-Moulin")
        Party.objects.create(
            partnership=self.partnership,
            organisation=newcomer,
            roles=[PartyRole.IMPLEMENTER],
            status=PartyStatus.ACTIVE,
        )
        with self.assertRaisesMessage(
            ValidationError, "The parties have changed since version 1 was saved"
        ):
            self.approve(self.admin, version, self.lead_party)

    def test_a_party_that_left_is_no_longer_needed(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save()
        version = self.save_version()
        self.approve(self.admin, version, self.lead_party)
        version = self.approve(self.company_admin, version, self.company_party)
        self.assertEqual(version.status, VersionStatus.IN_FORCE)

    def test_closed_partnership_is_read_only(self):
        version = self.save_version()
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            self.approve(self.admin, version, self.lead_party)


class AgreementApprovePageTests(AgreementTestCase):
    def setUp(self):
        self.version = self.save_version()

    def url(self, number=1):
        return reverse("agreements:approve", args=[self.partnership.uuid, number])

    def test_permissions_with_an_empty_form(self):
        self.assertEqual(self.client.post(self.url()).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 400),
            (self.company_admin, 400),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url()).status_code, status)
        self.assertFalse(Approval.objects.exists())

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url()).status_code, 405)

    def test_unknown_version_is_not_found(self):
        self.login(self.admin)
        response = self.client.post(
            self.url(9), {"party": str(self.lead_party.uuid), "confirm": "on"}
        )
        self.assertEqual(response.status_code, 404)

    def test_the_confirmation_is_required(self):
        self.login(self.admin)
        response = self.client.post(self.url(), {"party": str(self.lead_party.uuid)})
        self.assertContains(response, "Tick the box to confirm the approval.", status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)

    def test_admin_approves_for_its_party(self):
        self.login(self.company_admin)
        response = self.client.post(
            self.url(), {"party": str(self.company_party.uuid), "confirm": "on"}, follow=True
        )
        self.assertRedirects(response, reverse("agreements:detail", args=[self.partnership.uuid]))
        self.assertContains(response, "You approved version 1 on behalf of Solidaires Industries.")
        self.assertTrue(Approval.objects.filter(party=self.company_party).exists())

    def test_admin_cannot_approve_for_another_party(self):
        self.login(self.company_admin)
        response = self.client.post(
            self.url(), {"party": str(self.lead_party.uuid), "confirm": "on"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Approval.objects.exists())

    def test_the_last_approval_announces_the_entry_into_force(self):
        self.approve(self.admin, self.version, self.lead_party)
        self.approve(self.commune_admin, self.version, self.commune_party)
        self.login(self.company_admin)
        response = self.client.post(
            self.url(), {"party": str(self.company_party.uuid), "confirm": "on"}, follow=True
        )
        self.assertContains(response, "Version 1 is approved by every party: it is now in force.")

    def test_approving_an_older_draft_says_a_newer_version_exists(self):
        self.save_version(clauses={"data": "Hébergement en France."})
        self.login(self.admin)
        response = self.client.post(
            self.url(1), {"party": str(self.lead_party.uuid), "confirm": "on"}
        )
        self.assertContains(
            response, "A newer version of the agreement exists (version 2)", status_code=400
        )
        self.assertFalse(Approval.objects.exists())
