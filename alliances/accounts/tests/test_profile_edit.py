from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.test import BaseTestCase


class ProfileEditTests(BaseTestCase):
    def test_user_changes_their_name(self):
        self.login(self.viewer)
        response = self.client.post(reverse("accounts:profile"), {"full_name": "Véra V."})
        self.assertRedirects(response, reverse("accounts:profile"))
        self.viewer.refresh_from_db()
        self.assertEqual(self.viewer.full_name, "Véra V.")
        self.assertTrue(AuditEvent.objects.filter(verb="user.profile_updated").exists())

    def test_empty_name_is_refused(self):
        self.login(self.viewer)
        response = self.client.post(reverse("accounts:profile"), {"full_name": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(reverse("accounts:profile"))
        self.assertEqual(response.status_code, 302)
