import uuid

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Membership
from alliances.test import BaseTestCase, add_member, make_user


class MemberRemoveTests(BaseTestCase):
    def url(self, membership, organisation=None):
        organisation = organisation or self.org
        return reverse("organisations:member_remove", args=[organisation.uuid, membership.uuid])

    def test_permissions(self):
        url = self.url(self.org.memberships.get(user=self.viewer))
        self.assertEqual(self.client.post(url).status_code, 302)
        for user, status in [(self.outsider, 404), (self.viewer, 403), (self.editor, 403)]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(url).status_code, status)
        self.assertTrue(self.org.memberships.filter(user=self.viewer).exists())

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        url = self.url(self.org.memberships.get(user=self.viewer))
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_admin_removes_a_member(self):
        membership = self.org.memberships.get(user=self.viewer)
        self.login(self.admin)
        response = self.client.post(self.url(membership))
        self.assertRedirects(response, reverse("organisations:members", args=[self.org.uuid]))
        self.assertFalse(Membership.objects.filter(pk=membership.pk).exists())
        event = AuditEvent.objects.get(verb="membership.removed")
        self.assertEqual(event.object_uuid, membership.uuid)
        self.assertEqual(event.data["user"], self.viewer.email)

    def test_htmx_is_sent_back_to_the_page(self):
        self.login(self.admin)
        response = self.client.post(
            self.url(self.org.memberships.get(user=self.viewer)), headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["HX-Redirect"], reverse("organisations:members", args=[self.org.uuid])
        )

    def test_membership_of_another_organisation_is_not_found(self):
        self.login(self.admin)
        foreign = self.other_org.memberships.get(user=self.outsider)
        self.assertEqual(self.client.post(self.url(foreign)).status_code, 404)
        missing = Membership(uuid=uuid.uuid4())
        self.assertEqual(self.client.post(self.url(missing)).status_code, 404)
        self.assertTrue(Membership.objects.filter(pk=foreign.pk).exists())

    def test_last_admin_cannot_be_removed(self):
        membership = self.org.memberships.get(user=self.admin)
        self.login(self.admin)
        response = self.client.post(self.url(membership))
        self.assertContains(response, "last administrator", status_code=400)
        self.assertTrue(Membership.objects.filter(pk=membership.pk).exists())

    def test_an_admin_removing_themselves_goes_home(self):
        add_member(make_user("bob@example.org"), self.org, Role.ADMIN)
        membership = self.org.memberships.get(user=self.admin)
        self.login(self.admin)
        response = self.client.post(self.url(membership))
        self.assertRedirects(response, reverse("home"))
        self.assertFalse(Membership.objects.filter(pk=membership.pk).exists())
