"""Changing the roles of a party: the coordinator's administrators only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Activity,
    Notification,
    Partnership,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.parties import party_change_roles
from alliances.test import PartnershipTestCase


class PartyRolesTests(PartnershipTestCase):
    def url(self, party=None):
        party = party or self.company_party
        return reverse("partnerships:party_roles", args=[self.partnership.uuid, party.uuid])

    def post(self, roles, party=None, sent="1"):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url(party), {"sent": sent, "roles": roles})

    def test_permissions(self):
        self.assertEqual(self.post([PartyRole.EXPERT]).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.company_admin, 403),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.post([PartyRole.EXPERT]).status_code, status)
        self.company_party.refresh_from_db()
        self.assertEqual(self.company_party.roles, [PartyRole.FUNDER])

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url()).status_code, 405)

    def test_admin_changes_the_roles_and_the_party_is_told(self):
        self.login(self.admin)
        response = self.post([PartyRole.EXPERT, PartyRole.FUNDER])
        self.assertRedirects(
            response,
            reverse("partnerships:parties", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        self.company_party.refresh_from_db()
        self.assertEqual(self.company_party.roles, [PartyRole.FUNDER, PartyRole.EXPERT])
        self.assertTrue(Activity.objects.filter(verb="party.roles_changed"))
        audit = AuditEvent.objects.get(verb="party.roles_changed")
        self.assertEqual(audit.data, {"from": ["funder"], "to": ["funder", "expert"]})
        self.assertEqual(
            list(Notification.objects.values_list("user", flat=True)), [self.company_admin.pk]
        )
        response = self.client.get(response.url)
        self.assertContains(response, "Roles of Solidaires Industries: Funder, Expert.")

    def test_the_coordinator_keeps_its_role(self):
        self.login(self.admin)
        self.post([], party=self.lead_party)
        self.lead_party.refresh_from_db()
        self.assertEqual(self.lead_party.roles, [PartyRole.COORDINATOR])
        self.post([PartyRole.IMPLEMENTER], party=self.lead_party)
        self.lead_party.refresh_from_db()
        self.assertEqual(self.lead_party.roles, [PartyRole.COORDINATOR, PartyRole.IMPLEMENTER])

    def test_refusals_are_explained(self):
        self.login(self.admin)
        cases = [
            ({"roles": []}, "Choose at least one role for this party."),
            ({"roles": ["coordinator"]}, "Select a valid choice"),
            ({"roles": ["boss"]}, "Select a valid choice"),
            ({"roles": ["expert"], "sent": ""}, "The form was not sent completely"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.post(**data)
                self.assertContains(response, message, status_code=400)
        self.company_party.refresh_from_db()
        self.assertEqual(self.company_party.roles, [PartyRole.FUNDER])

    def test_a_party_that_left_keeps_its_roles(self):
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save(update_fields=["status"])
        self.login(self.admin)
        response = self.post([PartyRole.EXPERT])
        self.assertContains(response, "no longer takes part", status_code=400)

    def test_another_partnerships_party_is_not_found(self):
        from alliances.test import make_partnership

        _other, parties = make_partnership("Autre", coordinator=self.other_org)
        self.login(self.admin)
        self.assertEqual(
            self.post([PartyRole.EXPERT], party=parties[self.other_org.pk]).status_code, 404
        )

    def test_service_refuses_others_and_closed_partnerships(self):
        access = access_partnership_by_uuid(self.company_admin, self.partnership.uuid)
        with self.assertRaises(PermissionDenied):
            party_change_roles(
                access=access, actor=self.company_admin, party=self.company_party, roles=["expert"]
            )
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.CLOSED)
        access = access_partnership_by_uuid(self.admin, self.partnership.uuid)
        with self.assertRaisesMessage(ValidationError, "closed"):
            party_change_roles(
                access=access, actor=self.admin, party=self.company_party, roles=["expert"]
            )
