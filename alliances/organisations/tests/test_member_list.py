from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alliances.core.permissions import Role
from alliances.organisations.models import Invitation, JoinRequest, JoinRequestKind
from alliances.test import BaseTestCase, add_member, make_organisation, make_user


class MemberListTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("organisations:members", args=[self.org.uuid])

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_outsider_gets_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_outsider_gets_not_found_on_a_private_organisation(self):
        private = make_organisation("Discrète", is_public=False)
        add_member(self.admin, private, Role.ADMIN)
        self.login(self.outsider)
        url = reverse("organisations:members", args=[private.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_every_member_sees_the_members_and_the_leave_button(self):
        for user in (self.viewer, self.editor, self.admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Alice Admin")
                self.assertContains(response, "eddie@example.org")
                self.assertContains(response, reverse("organisations:leave", args=[self.org.uuid]))

    def test_viewer_sees_roles_but_no_management_controls(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Editor")
        self.assertNotContains(response, 'name="role"')
        self.assertNotContains(response, reverse("organisations:invite", args=[self.org.uuid]))
        self.assertNotContains(response, "/remove/")

    def test_admin_sees_controls_invitations_and_requests(self):
        Invitation.objects.create(
            organisation=self.org,
            email="newcomer@example.org",
            token="open-token",
            expires_at=timezone.now() + timedelta(days=3),
        )
        Invitation.objects.create(
            organisation=self.org,
            email="late@example.org",
            token="expired-token",
            expires_at=timezone.now() - timedelta(days=1),
        )
        requester = make_user("rita@example.org", full_name="Rita Requester")
        JoinRequest.objects.create(
            organisation=self.org, user=requester, kind=JoinRequestKind.JOIN, message="Bénévole"
        )
        self.login(self.admin)
        response = self.client.get(self.url)
        editor_membership = self.org.memberships.get(user=self.editor)
        self.assertContains(
            response,
            reverse("organisations:member_role", args=[self.org.uuid, editor_membership.uuid]),
        )
        self.assertContains(
            response,
            reverse("organisations:member_remove", args=[self.org.uuid, editor_membership.uuid]),
        )
        self.assertContains(response, reverse("organisations:invite", args=[self.org.uuid]))
        self.assertContains(response, "newcomer@example.org")
        self.assertNotContains(response, "late@example.org")
        self.assertContains(response, "Rita Requester")
        self.assertContains(response, 'value="approve"')
        self.assertContains(response, 'value="reject"')
        # An admin does not get a "remove" button on their own row.
        own = self.org.memberships.get(user=self.admin)
        self.assertNotContains(
            response, reverse("organisations:member_remove", args=[self.org.uuid, own.uuid])
        )

    def test_sole_admin_is_told_to_name_another_admin_before_leaving(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "You are the only administrator")

    def test_post_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_query_count_does_not_grow_with_members(self):
        self.login(self.admin)
        with self.assertNumQueries(8):
            self.client.get(self.url)
        for number in range(10):
            add_member(make_user(f"member{number}@example.org"), self.org, Role.VIEWER)
            JoinRequest.objects.create(
                organisation=self.org,
                user=make_user(f"asker{number}@example.org"),
                kind=JoinRequestKind.JOIN,
            )
            Invitation.objects.create(
                organisation=self.org,
                email=f"guest{number}@example.org",
                token=f"token-{number}",
                invited_by=self.admin,
                expires_at=timezone.now() + timedelta(days=3),
            )
        with self.assertNumQueries(8):
            response = self.client.get(self.url)
        self.assertContains(response, "member9@example.org")
