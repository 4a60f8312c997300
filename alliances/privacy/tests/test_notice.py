"""The public privacy notice."""

from django.test import override_settings
from django.urls import reverse

from alliances.test import BaseTestCase


class NoticeTests(BaseTestCase):
    @override_settings(PRIVACY_CONTACT_EMAIL="dpo@example.org", PRIVACY_CONTROLLER_NAME="")
    def test_anyone_reads_it_with_the_contact_address(self):
        response = self.client.get(reverse("privacy:notice"))
        self.assertContains(response, "mailto:dpo@example.org")
        self.assertContains(response, "Legal basis")
        self.assertContains(response, "CNIL")
        self.assertNotContains(response, reverse("privacy:delete_account"))

    def test_signed_in_people_get_links_to_their_data_and_to_deletion(self):
        self.login(self.viewer)
        response = self.client.get(reverse("privacy:notice"))
        self.assertContains(response, reverse("privacy:my_data"))
        self.assertContains(response, reverse("privacy:delete_account"))
