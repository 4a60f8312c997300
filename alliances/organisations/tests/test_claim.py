import uuid

from django.conf import settings
from django.core import mail
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import (
    JoinRequest,
    JoinRequestKind,
    JoinRequestStatus,
    Membership,
)
from alliances.test import BaseTestCase, add_member, make_organisation, make_user


class ClaimCreateTests(BaseTestCase):
    def setUp(self):
        self.commune = make_organisation("Commune de Chasseneuil", kind="commune")
        self.url = reverse("organisations:join", args=[self.commune.uuid])

    def test_organisation_without_members_is_claimed(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, "Nobody manages this organisation")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"message": "Directeur général des services"})
        self.assertEqual(response.status_code, 302)
        claim = JoinRequest.objects.get()
        self.assertEqual(claim.kind, JoinRequestKind.CLAIM)
        self.assertTrue(AuditEvent.objects.filter(verb="join_request.created.claim"))
        [message] = mail.outbox
        self.assertEqual(message.to, [self.staff.email])
        self.assertIn("Directeur général des services", message.body)
        self.assertIn(settings.SITE_URL + reverse("organisations:claims"), message.body)

    def test_a_claim_needs_a_position_and_proof(self):
        self.login(self.outsider)
        response = self.client.post(self.url, {"message": ""})
        self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(JoinRequest.objects.exists())


class ClaimListTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("organisations:claims")

    def test_permissions(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])
        for user, status in [(self.admin, 404), (self.outsider, 404), (self.staff, 200)]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_staff_sees_pending_claims_only(self):
        pending = JoinRequest.objects.create(
            organisation=make_organisation("Association Orpheline"),
            user=make_user("claire@example.org"),
            kind=JoinRequestKind.CLAIM,
            message="Présidente depuis 2019",
        )
        JoinRequest.objects.create(
            organisation=make_organisation("Déjà traitée"),
            user=make_user("done@example.org"),
            kind=JoinRequestKind.CLAIM,
            status=JoinRequestStatus.REJECTED,
        )
        JoinRequest.objects.create(
            organisation=self.org, user=make_user("join@example.org"), kind=JoinRequestKind.JOIN
        )
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Association Orpheline")
        self.assertContains(response, "Présidente depuis 2019")
        self.assertContains(response, reverse("organisations:claim_decide", args=[pending.uuid]))
        self.assertNotContains(response, "Déjà traitée")
        self.assertNotContains(response, "join@example.org")

    def test_query_count_does_not_grow_with_claims(self):
        self.login(self.staff)
        with self.assertNumQueries(4):
            self.client.get(self.url)
        for number in range(5):
            JoinRequest.objects.create(
                organisation=make_organisation(f"Orpheline {number}"),
                user=make_user(f"claimant{number}@example.org"),
                kind=JoinRequestKind.CLAIM,
            )
        with self.assertNumQueries(4):
            self.client.get(self.url)


class ClaimDecideTests(BaseTestCase):
    def setUp(self):
        self.orphan = make_organisation("Association Orpheline")
        self.claimant = make_user("claire@example.org", full_name="Claire Claimant")
        self.claim = JoinRequest.objects.create(
            organisation=self.orphan, user=self.claimant, kind=JoinRequestKind.CLAIM
        )
        self.url = reverse("organisations:claim_decide", args=[self.claim.uuid])

    def decide(self, decision, url=None):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url or self.url, {"decision": decision})

    def test_permissions_with_an_empty_form(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        for user, status in [(self.admin, 404), (self.outsider, 404), (self.staff, 400)]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url).status_code, status)
        self.login(self.admin)
        self.assertEqual(self.decide("approve").status_code, 404)
        self.assertFalse(Membership.objects.filter(organisation=self.orphan).exists())

    def test_get_is_not_allowed(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_approval_makes_the_claimant_admin(self):
        self.login(self.staff)
        response = self.decide("approve")
        self.assertRedirects(response, reverse("organisations:claims"))
        membership = Membership.objects.get(organisation=self.orphan)
        self.assertEqual(membership.user, self.claimant)
        self.assertEqual(membership.role, Role.ADMIN)
        self.claim.refresh_from_db()
        self.assertEqual(self.claim.status, JoinRequestStatus.APPROVED)
        self.assertEqual(self.claim.decided_by, self.staff)
        event = AuditEvent.objects.get(verb="join_request.approved")
        self.assertEqual(event.actor, self.staff)
        self.assertEqual(event.organisation_uuid, self.orphan.uuid)
        [message] = mail.outbox
        self.assertEqual(message.to, [self.claimant.email])
        self.assertIn("administrator", message.body)

    def test_approval_is_refused_once_the_organisation_has_members(self):
        add_member(make_user("first@example.org"), self.orphan, Role.ADMIN)
        self.login(self.staff)
        response = self.decide("approve")
        self.assertContains(response, "has members now", status_code=400)
        self.assertFalse(self.orphan.memberships.filter(user=self.claimant).exists())
        self.claim.refresh_from_db()
        self.assertEqual(self.claim.status, JoinRequestStatus.PENDING)
        self.assertEqual(mail.outbox, [])

    def test_rejection(self):
        self.login(self.staff)
        self.assertEqual(self.decide("reject").status_code, 302)
        self.assertFalse(Membership.objects.filter(organisation=self.orphan).exists())
        self.claim.refresh_from_db()
        self.assertEqual(self.claim.status, JoinRequestStatus.REJECTED)
        [message] = mail.outbox
        self.assertEqual(message.to, [self.claimant.email])

    def test_only_pending_claims(self):
        join = JoinRequest.objects.create(
            organisation=self.org, user=self.claimant, kind=JoinRequestKind.JOIN
        )
        self.login(self.staff)
        for request_uuid in (join.uuid, uuid.uuid4()):
            url = reverse("organisations:claim_decide", args=[request_uuid])
            self.assertEqual(self.decide("approve", url=url).status_code, 404)
        self.decide("reject")
        self.assertEqual(self.decide("approve").status_code, 404)
        self.assertFalse(Membership.objects.filter(user=self.claimant).exists())
