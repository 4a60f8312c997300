"""A conflict is seen only by the parties it names, and by the coordinator when the raiser
chose so: everyone else gets 404 on its pages and finds it in no list, count or feed."""

from django.urls import reverse

from alliances.governance.models import Conflict
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Notification
from alliances.tests.expected.governance_conflicts import EXPECTED

TOPIC = "Calendrier des versements"


class ConflictConfidentialityTests(ConflictTestCase):
    def setUp(self):
        # As in the URL walk: raised by the lead, naming the lead and the company.
        self.conflict = self.raise_conflict(
            by=self.admin, party=self.lead_party, named=[self.company_party], topic=TOPIC
        )
        self.conflict.notes.create(kind="note", author=self.admin, text="Premier échange.")

    def conflict_urls(self):
        for name, (method, params, _statuses) in EXPECTED.items():
            if "conflict_uuid" in params:
                url = reverse(name, args=[self.partnership.uuid, self.conflict.uuid])
                yield name, method, url

    def request(self, method, url):
        return self.client.get(url) if method == "get" else self.client.post(url, {"text": "x"})

    def feed(self):
        return self.client.get(reverse("partnerships:activity", args=[self.partnership.uuid]))

    def overview(self):
        return self.client.get(reverse("governance:overview", args=[self.partnership.uuid]))

    def test_the_commune_gets_404_on_every_conflict_url(self):
        urls = list(self.conflict_urls())
        self.assertEqual(
            {name for name, _method, _url in urls},
            {"governance:conflict_detail", "governance:conflict_note", "governance:conflict_stage"},
        )
        for user in (self.commune_admin, self.commune_editor):
            self.login(user)
            for name, method, url in urls:
                with self.subTest(user=user, name=name):
                    self.assertEqual(self.request(method, url).status_code, 404)
        self.assertEqual(self.conflict.notes.count(), 2)

    def test_the_commune_finds_it_in_no_list_count_or_feed(self):
        self.login(self.commune_admin)
        page = self.client.get(self.url("conflicts"))
        self.assertEqual(page.context["open_rows"], [])
        self.assertNotContains(page, TOPIC)
        overview = self.overview()
        self.assertEqual(overview.context["summary"].open_conflicts, 0)
        self.assertContains(overview, "No open conflict concerns your party.")
        feed = self.feed()
        self.assertEqual(feed.status_code, 200)
        self.assertNotContains(feed, TOPIC)

    def test_the_parties_named_find_it_everywhere(self):
        for user in (self.company_admin, self.viewer):
            self.login(user)
            self.assertContains(self.client.get(self.url("conflicts")), TOPIC)
            self.assertEqual(self.overview().context["summary"].open_conflicts, 1)
            self.assertContains(self.feed(), TOPIC)
            detail = self.client.get(self.url("conflict_detail", self.conflict))
            self.assertContains(detail, "Premier échange.")

    def test_the_coordinator_sees_a_conflict_not_naming_it_only_when_informed(self):
        hidden = self.raise_conflict(topic="Salle du mercredi")
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url("conflict_detail", hidden)).status_code, 404)
        self.assertNotContains(self.client.get(self.url("conflicts")), "Salle du mercredi")
        self.assertNotContains(self.feed(), "Salle du mercredi")
        self.assertEqual(self.overview().context["summary"].open_conflicts, 1)

        informed = self.raise_conflict(topic="Affiches du forum", informed=True)
        self.assertIs(Conflict.objects.get(pk=informed.pk).coordinator_informed, True)
        self.assertEqual(self.client.get(self.url("conflict_detail", informed)).status_code, 200)
        self.assertContains(self.client.get(self.url("conflicts")), "Affiches du forum")
        self.assertContains(self.feed(), "Affiches du forum")
        self.assertEqual(self.overview().context["summary"].open_conflicts, 2)
        # Still hidden from the others: the company raised it about the commune only.
        self.assertNotContains(self.feed(), "Salle du mercredi")

    def test_notifications_reach_only_the_audience(self):
        told = set(
            Notification.objects.filter(verb="conflict.raised").values_list("user", flat=True)
        )
        self.assertEqual(told, {self.editor.pk, self.company_admin.pk, self.company_editor.pk})
        self.assertFalse(
            Notification.objects.filter(user__in=[self.commune_admin, self.commune_editor]).exists()
        )
