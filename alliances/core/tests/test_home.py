from django.urls import reverse

from alliances.test import BaseTestCase


class HomeTests(BaseTestCase):
    def setUp(self):
        # The suite reads pages in English; these tests check the product's real default.
        french_default = self.settings(LANGUAGE_CODE="fr")
        french_default.enable()
        self.addCleanup(french_default.disable)

    def test_visitor_sees_the_french_home_page(self):
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="fr">')
        self.assertEqual(response["Content-Language"], "fr")

    def test_interface_is_translated_into_french(self):
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Annuaire")
        self.assertNotContains(response, ">Directory<")

    def test_browser_language_does_not_override_french(self):
        response = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, '<html lang="fr">')

    def test_language_switch_to_english(self):
        response = self.client.post(
            reverse("set_language"), {"language": "en", "next": reverse("home")}
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.get(reverse("home"))
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Directory")

    def test_member_sees_their_organisations(self):
        self.login(self.editor)
        response = self.client.get(reverse("home"))
        self.assertContains(response, self.org.name)
