import uuid

from django.contrib.messages import get_messages
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Membership
from alliances.test import BaseTestCase, add_member, make_user


class MemberChangeRoleTests(BaseTestCase):
    def setUp(self):
        self.editor_membership = self.org.memberships.get(user=self.editor)
        self.admin_membership = self.org.memberships.get(user=self.admin)

    def url(self, membership):
        return reverse("organisations:member_role", args=[self.org.uuid, membership.uuid])

    def test_permissions_with_an_empty_form(self):
        url = self.url(self.editor_membership)
        self.assertEqual(self.client.post(url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 400),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(url).status_code, status)
        self.editor_membership.refresh_from_db()
        self.assertEqual(self.editor_membership.role, Role.EDITOR)

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url(self.editor_membership)).status_code, 405)

    def test_admin_changes_a_role(self):
        self.login(self.admin)
        response = self.client.post(self.url(self.editor_membership), {"role": Role.VIEWER})
        self.assertRedirects(response, reverse("organisations:members", args=[self.org.uuid]))
        self.editor_membership.refresh_from_db()
        self.assertEqual(self.editor_membership.role, Role.VIEWER)
        event = AuditEvent.objects.get(verb="membership.role_changed")
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.organisation_uuid, self.org.uuid)
        self.assertEqual(event.data["from"], Role.EDITOR)

    def test_htmx_gets_the_updated_row(self):
        self.login(self.admin)
        response = self.client.post(
            self.url(self.editor_membership), {"role": Role.ADMIN}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, f'id="member-{self.editor_membership.uuid}"')
        self.assertContains(response, '<option value="admin" selected>')
        self.assertContains(response, 'role="status"')

    def test_invalid_role_is_refused(self):
        self.login(self.admin)
        response = self.client.post(self.url(self.editor_membership), {"role": "owner"})
        self.assertContains(response, "Choose a valid role", status_code=400)

    def test_membership_of_another_organisation_is_not_found(self):
        self.login(self.admin)
        foreign = self.other_org.memberships.get(user=self.outsider)
        url = reverse("organisations:member_role", args=[self.org.uuid, foreign.uuid])
        self.assertEqual(self.client.post(url, {"role": Role.VIEWER}).status_code, 404)
        url = reverse("organisations:member_role", args=[self.org.uuid, uuid.uuid4()])
        self.assertEqual(self.client.post(url, {"role": Role.VIEWER}).status_code, 404)
        foreign.refresh_from_db()
        self.assertEqual(foreign.role, Role.ADMIN)

    def test_last_admin_cannot_be_demoted(self):
        self.login(self.admin)
        response = self.client.post(self.url(self.admin_membership), {"role": Role.EDITOR})
        self.assertContains(response, "at least one administrator", status_code=400)
        self.admin_membership.refresh_from_db()
        self.assertEqual(self.admin_membership.role, Role.ADMIN)
        self.assertFalse(AuditEvent.objects.filter(verb="membership.role_changed"))

    def test_last_admin_refusal_over_htmx_reloads_the_page_with_the_message(self):
        self.login(self.admin)
        response = self.client.post(
            self.url(self.admin_membership), {"role": Role.VIEWER}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["HX-Refresh"], "true")
        [message] = get_messages(response.wsgi_request)
        self.assertIn("at least one administrator", str(message))

    def test_an_admin_may_step_down_when_another_admin_remains(self):
        second = add_member(make_user("bob@example.org"), self.org, Role.ADMIN)
        self.login(self.admin)
        response = self.client.post(self.url(self.admin_membership), {"role": Role.EDITOR})
        self.assertEqual(response.status_code, 302)
        self.admin_membership.refresh_from_db()
        self.assertEqual(self.admin_membership.role, Role.EDITOR)
        # Now Bob is the last admin: nobody can demote him.
        self.login(second.user)
        response = self.client.post(self.url(second), {"role": Role.VIEWER})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Membership.objects.get(pk=second.pk).role, Role.ADMIN)
