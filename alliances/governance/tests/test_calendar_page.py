"""The "My calendar" page: make, show once, replace and revoke the secret address."""

import re

from django.test import override_settings
from django.urls import reverse

from alliances.governance.models import CalendarFeed, hash_token
from alliances.governance.services.calendar import calendar_feed_create
from alliances.governance.tests.test_calendar_setup import CalendarTestCase

PAGE = reverse("me:calendar")
REVOKE = reverse("me:calendar_revoke")


@override_settings(SITE_URL="https://alliances.example.org")
class CalendarPageTests(CalendarTestCase):
    def test_visitors_log_in(self):
        for url, method in ((PAGE, "get"), (PAGE, "post"), (REVOKE, "post")):
            response = getattr(self.client, method)(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("account_login"), response["Location"])
        self.assertFalse(CalendarFeed.objects.exists())

    def test_page_without_an_address(self):
        self.login(self.viewer)
        with self.assertNumQueries(4):  # session, user, feed, unread notifications
            response = self.client.get(PAGE)
        self.assertContains(response, "You have no calendar address yet.")
        self.assertContains(response, "Outlook")
        self.assertContains(response, "Google Calendar")
        self.assertContains(response, "Apple Calendar")

    def test_making_an_address_shows_it_once(self):
        self.login(self.viewer)
        response = self.client.post(PAGE)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        found = re.search(
            r"https://alliances\.example\.org/calendar/([A-Za-z0-9_-]+)\.ics",
            response.content.decode(),
        )
        self.assertIsNotNone(found)
        token = found.group(1)
        self.assertEqual(CalendarFeed.objects.get(user=self.viewer).token_hash, hash_token(token))
        self.assertContains(response, f"webcal://alliances.example.org/calendar/{token}.ics")
        self.assertContains(response, "shown only this once")
        again = self.client.get(PAGE)
        self.assertNotContains(again, token)
        self.assertContains(again, "You have a calendar address")
        self.assertContains(again, "No calendar has read it yet.")

    def test_a_new_address_replaces_the_old_one(self):
        old = calendar_feed_create(user=self.viewer)
        self.login(self.viewer)
        response = self.client.post(PAGE)
        self.assertNotContains(response, old)
        self.assertEqual(self.client.get(reverse("me:calendar_feed", args=[old])).status_code, 404)

    def test_revoke(self):
        token = calendar_feed_create(user=self.viewer)
        self.login(self.viewer)
        response = self.client.post(REVOKE, follow=True)
        self.assertRedirects(response, PAGE)
        self.assertContains(response, "Your calendar address no longer works.")
        self.assertFalse(CalendarFeed.objects.filter(user=self.viewer).exists())
        self.assertEqual(
            self.client.get(reverse("me:calendar_feed", args=[token])).status_code, 404
        )
        response = self.client.post(REVOKE, follow=True)
        self.assertContains(response, "You had no calendar address.")

    def test_revoke_touches_only_ones_own_address(self):
        calendar_feed_create(user=self.admin)
        self.login(self.viewer)
        self.client.post(REVOKE)
        self.assertTrue(CalendarFeed.objects.filter(user=self.admin).exists())

    def test_revoke_needs_post(self):
        calendar_feed_create(user=self.viewer)
        self.login(self.viewer)
        self.assertEqual(self.client.get(REVOKE).status_code, 405)
        self.assertTrue(CalendarFeed.objects.filter(user=self.viewer).exists())

    def test_profile_links_here(self):
        self.login(self.viewer)
        response = self.client.get(reverse("accounts:profile"))
        self.assertContains(response, PAGE)
        self.assertContains(response, reverse("me:digest"))
