from django.urls import reverse

from alliances.test import BaseTestCase


class RequestLogTests(BaseTestCase):
    def test_secret_tokens_in_paths_are_redacted(self):
        url = reverse("me:calendar_feed", args=["very-secret-feed-token"])
        with self.assertLogs("alliances.request", level="INFO") as logs:
            self.client.get(url)
        line = logs.output[-1]
        self.assertNotIn("very-secret-feed-token", line)
        self.assertIn("/calendar/[redacted].ics 404", line)
        self.assertNotIn("very-secret-feed-token", logs.records[-1].path)

    def test_other_paths_are_logged_whole(self):
        with self.assertLogs("alliances.request", level="INFO") as logs:
            self.client.get(reverse("organisations:list"))
        self.assertIn("GET /organisations/ 200", logs.output[-1])
