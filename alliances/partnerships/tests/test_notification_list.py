"""Notifications: the page, the count in the menu, and marking them read."""

from django.urls import reverse
from django.utils import timezone

from alliances.partnerships.models import Notification
from alliances.partnerships.services.activity import notify
from alliances.partnerships.services.workspace import notifications_mark_read
from alliances.test import PartnershipTestCase


class NotificationTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("partnerships:notifications")
        self.read_url = reverse("partnerships:notifications_read")

    def notify(self, user, verb="partnership.stage_moved", **data):
        return notify(
            users=[user],
            partnership=self.partnership,
            verb=verb,
            url=reverse("partnerships:detail", args=[self.partnership.uuid]),
            data={"from": "exploration", "to": "qualification", **data},
            actor=self.editor,
        )[0]

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.assertEqual(self.client.post(self.read_url).status_code, 302)

    def test_unread_first_with_links_and_sentences(self):
        old = self.notify(self.viewer, verb="party.invited", party="Solidaires Industries")
        Notification.objects.filter(pk=old.pk).update(read_at=timezone.now())
        self.notify(self.viewer)
        self.notify(self.admin)
        self.login(self.viewer)
        response = self.client.get(self.url)
        content = response.content.decode()
        moved = "Eddie Editor moved the partnership from Exploration to Qualification."
        invited = (
            "Eddie Editor invited Solidaires Industries to the partnership “Réussir au collège”."
        )
        self.assertLess(content.index(moved), content.index(invited))
        self.assertContains(response, "1 unread notification.")
        self.assertContains(
            response, f'href="{reverse("partnerships:detail", args=[self.partnership.uuid])}"'
        )
        self.assertContains(response, "Réussir au collège")
        self.assertEqual(len(response.context["lines"]), 2)

    def test_menu_shows_the_unread_count(self):
        self.notify(self.viewer)
        self.notify(self.viewer)
        self.login(self.viewer)
        response = self.client.get(reverse("home"))
        self.assertContains(
            response,
            '<span class="badge badge-count">2<span class="visually-hidden"> unread</span></span>',
            html=True,
        )
        self.login(self.editor)
        self.assertNotContains(self.client.get(reverse("home")), "badge-count")

    def test_mark_all_as_read(self):
        mine = [self.notify(self.viewer), self.notify(self.viewer)]
        theirs = self.notify(self.admin)
        self.login(self.viewer)
        response = self.client.post(self.read_url)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        for notification in mine:
            notification.refresh_from_db()
            self.assertIsNotNone(notification.read_at)
        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)
        response = self.client.get(self.url)
        self.assertContains(response, "2 notifications marked as read.")
        self.assertNotContains(response, "Mark all as read")
        response = self.client.post(self.read_url, follow=True)
        self.assertContains(response, "Every notification was already read.")

    def test_marking_read_is_a_post(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.read_url).status_code, 405)

    def test_mark_read_service_keeps_the_first_reading_time(self):
        notification = self.notify(self.viewer)
        self.assertEqual(notifications_mark_read(user=self.viewer), 1)
        notification.refresh_from_db()
        first = notification.read_at
        self.assertEqual(notifications_mark_read(user=self.viewer), 0)
        notification.refresh_from_db()
        self.assertEqual(notification.read_at, first)

    def test_empty_page(self):
        self.login(self.staff)
        self.assertContains(self.client.get(self.url), "You have no notification.")

    def test_query_count_does_not_grow_with_notifications(self):
        for number in range(10):
            self.notify(self.viewer)
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(6):
            self.client.get(self.url)
