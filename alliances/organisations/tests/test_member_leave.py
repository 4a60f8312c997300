from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.test import BaseTestCase, add_member, make_user


class MemberLeaveTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("organisations:leave", args=[self.org.uuid])

    def test_anonymous_is_sent_to_login(self):
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_outsider_gets_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_get_is_not_allowed(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertTrue(self.org.memberships.filter(user=self.viewer).exists())

    def test_members_can_leave(self):
        for user in (self.viewer, self.editor):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.post(self.url)
                self.assertRedirects(response, reverse("home"))
                self.assertFalse(self.org.memberships.filter(user=user).exists())
        self.assertEqual(AuditEvent.objects.filter(verb="membership.left").count(), 2)

    def test_last_admin_cannot_leave(self):
        self.login(self.admin)
        response = self.client.post(self.url)
        self.assertContains(response, "last administrator", status_code=400)
        self.assertTrue(self.org.memberships.filter(user=self.admin).exists())
        self.assertFalse(AuditEvent.objects.filter(verb="membership.left"))

    def test_last_admin_cannot_leave_even_alone(self):
        self.org.memberships.exclude(user=self.admin).delete()
        self.login(self.admin)
        self.assertEqual(self.client.post(self.url).status_code, 400)

    def test_an_admin_can_leave_when_another_admin_remains(self):
        add_member(make_user("bob@example.org"), self.org, Role.ADMIN)
        self.login(self.admin)
        self.assertRedirects(self.client.post(self.url), reverse("home"))
        self.assertFalse(self.org.memberships.filter(user=self.admin).exists())

    def test_htmx_is_sent_home(self):
        self.login(self.viewer)
        response = self.client.post(self.url, headers={"HX-Request": "true"})
        self.assertEqual(response["HX-Redirect"], reverse("home"))
