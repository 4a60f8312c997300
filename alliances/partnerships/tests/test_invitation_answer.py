"""Answering an invitation sent to an organisation: its administrators accept or decline."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.partnerships.models import (
    Activity,
    Notification,
    Partnership,
    Party,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.parties import party_accept, party_decline
from alliances.test import BaseTestCase, add_member, make_organisation, make_partnership, make_user


class InvitationAnswerTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.centre = make_organisation("Centre social des Couronneries")
        cls.centre_admin = make_user("claire@example.org", full_name="Claire Centre")
        add_member(cls.centre_admin, cls.centre, Role.ADMIN)
        cls.partnership, _parties = make_partnership(
            "Jardins partagés", coordinator=cls.centre, purpose="Des jardins au pied des tours."
        )
        cls.party = Party.objects.create(
            partnership=cls.partnership,
            organisation=cls.org,
            roles=[PartyRole.IMPLEMENTER],
            message="Vous connaissez le quartier.",
            invited_by=cls.centre_admin,
        )

    def setUp(self):
        self.url = reverse("partnerships:invitation", args=[self.party.uuid])

    def answer(self, decision):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"decision": decision})

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.centre_admin, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
                if status != 200:
                    self.assertEqual(self.answer("accept").status_code, status)
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.INVITED)

    def test_the_invitation_says_what_it_is_about(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Invitation to the partnership “Jardins partagés”")
        self.assertContains(response, "Claire Centre invites")
        self.assertContains(response, "Des jardins au pied des tours.")
        self.assertContains(response, "Implementer")
        self.assertContains(response, "Vous connaissez le quartier.")
        self.assertContains(response, "Centre social des Couronneries")

    def test_admin_accepts_and_the_coordinator_is_told(self):
        self.login(self.admin)
        response = self.answer("accept")
        detail = reverse("partnerships:detail", args=[self.partnership.uuid])
        self.assertRedirects(response, detail, fetch_redirect_response=False)
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.ACTIVE)
        self.assertEqual(self.party.responded_by, self.admin)
        self.assertIsNotNone(self.party.responded_at)
        self.assertTrue(Activity.objects.filter(verb="party.accepted", party=self.party))
        self.assertTrue(AuditEvent.objects.filter(verb="party.accepted"))
        notification = Notification.objects.get(verb="party.accepted")
        self.assertEqual(notification.user, self.centre_admin)
        self.assertContains(self.client.get(detail), "Welcome to the partnership")
        # Now a member: every member of the organisation sees the partnership.
        self.login(self.viewer)
        self.assertEqual(self.client.get(detail).status_code, 200)

    def test_admin_declines(self):
        self.login(self.admin)
        response = self.answer("decline")
        self.assertRedirects(response, reverse("partnerships:list"), fetch_redirect_response=False)
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.DECLINED)
        self.assertTrue(Notification.objects.filter(verb="party.declined", user=self.centre_admin))
        response = self.client.get(response.url)
        self.assertContains(response, "You have declined the invitation to “Jardins partagés”.")
        self.assertEqual(
            self.client.get(
                reverse("partnerships:detail", args=[self.partnership.uuid])
            ).status_code,
            404,
        )

    def test_an_answered_invitation_cannot_be_answered_again(self):
        self.login(self.admin)
        self.answer("decline")
        response = self.client.get(self.url)
        self.assertContains(response, "This invitation has been declined.")
        self.assertNotContains(response, 'value="accept"')
        self.assertEqual(self.answer("accept").status_code, 410)
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.DECLINED)

    def test_a_closed_partnership_cannot_be_joined(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.CLOSED)
        self.login(self.admin)
        self.assertContains(self.client.get(self.url), "This partnership is closed")
        self.assertEqual(self.answer("accept").status_code, 410)
        with self.assertRaisesMessage(ValidationError, "closed"):
            party_accept(party=self.party, actor=self.admin)

    def test_a_missing_or_unknown_answer_is_refused(self):
        self.login(self.admin)
        for decision in ("", "maybe", "\x00"):
            with self.subTest(decision=decision):
                response = self.answer(decision)
                self.assertEqual(response.status_code, 400)
        self.assertContains(
            self.answer(""), "Choose to accept or to decline the invitation.", status_code=400
        )

    def test_service_refuses_someone_who_may_not_answer(self):
        with self.assertRaises(PermissionDenied):
            party_accept(party=self.party, actor=self.editor)
        with self.assertRaises(PermissionDenied):
            party_decline(party=self.party, actor=self.outsider)
