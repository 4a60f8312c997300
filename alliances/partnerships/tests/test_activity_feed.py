"""The activity feed: what happened in the partnership, newest first, in sentences."""

from django.urls import reverse

from alliances.partnerships.models import Activity
from alliances.partnerships.services.activity import activity_record
from alliances.test import PartnershipTestCase, make_partnership


class ActivityFeedTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("partnerships:activity", args=[self.partnership.uuid])

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_lines_read_as_sentences_newest_first(self):
        activity_record(
            partnership=self.partnership,
            actor=self.admin,
            verb="party.invited",
            party=self.company_party,
        )
        activity_record(
            partnership=self.partnership,
            actor=self.editor,
            verb="partnership.stage_moved",
            data={"from": "exploration", "to": "qualification"},
        )
        self.login(self.viewer)
        response = self.client.get(self.url)
        content = response.content.decode()
        moved = "Eddie Editor moved the partnership from Exploration to Qualification."
        invited = "Alice Admin invited Solidaires Industries."
        self.assertIn(moved, content)
        self.assertIn(invited, content)
        self.assertLess(content.index(moved), content.index(invited))

    def test_an_unknown_verb_does_not_break_the_page(self):
        Activity.objects.create(partnership=self.partnership, verb="something.new", data={})
        self.login(self.viewer)
        self.assertContains(self.client.get(self.url), "something.new")

    def test_only_this_partnerships_activity(self):
        other, _parties = make_partnership("Autre", coordinator=self.other_org)
        activity_record(partnership=other, actor=self.outsider, verb="partnership.created")
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Nothing has happened yet.")

    def test_pages_of_thirty_with_htmx_fragments(self):
        for number in range(35):
            activity_record(
                partnership=self.partnership, actor=self.admin, verb="partnership.edited"
            )
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(len(response.context["lines"]), 30)
        self.assertContains(response, "Page 1 of 2")
        response = self.client.get(self.url, {"page": 2}, headers={"HX-Request": "true"})
        self.assertContains(response, 'class="activity-line"', count=5)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="feed"')
        # A page out of range or not a number shows a page, never an error.
        for page in ("99", "abc", "\x00"):
            with self.subTest(page=page):
                self.assertEqual(self.client.get(self.url, {"page": page}).status_code, 200)

    def test_query_count_does_not_grow_with_lines(self):
        for number in range(20):
            activity_record(
                partnership=self.partnership, actor=self.admin, verb="partnership.edited"
            )
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(8):
            self.client.get(self.url)
