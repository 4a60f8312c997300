from django.urls import reverse

from alliances.core.permissions import Role
from alliances.organisations.models import Cause, Kind, OrganisationResource
from alliances.test import BaseTestCase, add_member, make_organisation


class OrganisationDetailTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.private = make_organisation("Collectif Discret", kind=Kind.RESIDENTS_GROUP)
        cls.private.is_public = False
        cls.private.save()
        add_member(cls.viewer, cls.private, Role.VIEWER)
        cls.orphan = make_organisation("Mairie de Vouneuil", kind=Kind.COMMUNE)

    def setUp(self):
        self.login(None)

    def login(self, user):
        super().login(user)
        # Texts are checked in English, whatever the French catalogue says.
        self.client.cookies["alliances_language"] = "en"

    def url(self, organisation):
        return reverse("organisations:detail", args=[organisation.uuid])

    def test_public_profile_is_open_to_everyone(self):
        for user in (None, self.outsider, self.staff, self.viewer, self.editor, self.admin):
            with self.subTest(user=user):
                self.login(user)
                response = self.client.get(self.url(self.org))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "<h1>Maison des Trois-Cités</h1>", html=True)

    def test_private_profile_is_not_found_for_outsiders(self):
        for user in (None, self.outsider, self.staff, self.admin):
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.url(self.private)).status_code, 404)
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url(self.private)).status_code, 200)

    def test_unknown_organisation_is_not_found(self):
        url = reverse("organisations:detail", args=["00000000-0000-4000-8000-000000000000"])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get("/organisations/not-a-uuid/").status_code, 404)

    def test_shows_identity_kind_sector_and_identifiers(self):
        self.org.siren = "732829320"
        self.org.website = "https://maison.example.org"
        self.org.staff_count = 4
        self.org.save()
        response = self.client.get(self.url(self.org))
        for text in ("Association", "Civil society", "W863000001", "732829320", "Poitiers"):
            self.assertContains(response, text)
        self.assertContains(
            response, 'href="https://maison.example.org" rel="noopener nofollow ugc"'
        )
        self.assertContains(response, "<dd>4</dd>", html=True)

    def test_mission_is_escaped_with_its_line_breaks(self):
        self.org.mission = "Premier paragraphe.\n\n<script>alert(1)</script> & fin"
        self.org.save()
        response = self.client.get(self.url(self.org))
        self.assertContains(response, "<p>Premier paragraphe.</p>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; fin")
        self.assertNotContains(response, "<script>alert(1)")

    def test_shows_causes_grouped_by_goal_and_resources_with_detail(self):
        self.org.causes.set(Cause.objects.filter(code__in=["4", "4.1", "10.2"]))
        OrganisationResource.objects.create(
            organisation=self.org, direction="offered", resource="premises", detail="Salle de 30"
        )
        OrganisationResource.objects.create(
            organisation=self.org, direction="needed", resource="funding"
        )
        response = self.client.get(self.url(self.org))
        self.assertContains(response, "SDG 4: Quality education")
        self.assertContains(response, "SDG 10: Reduced inequalities")
        self.assertContains(response, '<span class="target-code">4.1</span>')
        self.assertContains(response, "Salle de 30")
        groups = response.context["cause_groups"]
        self.assertEqual(
            [(g.goal.code, g.goal_selected) for g in groups], [("4", True), ("10", False)]
        )
        self.assertEqual([r.resource for r in response.context["resources"]["needed"]], ["funding"])

    def test_edit_links_only_for_those_allowed(self):
        links = [
            reverse(name, args=[self.org.uuid])
            for name in ("organisations:edit", "organisations:resources", "organisations:logo")
        ]
        members = reverse("organisations:members", args=[self.org.uuid])
        self.login(self.admin)
        response = self.client.get(self.url(self.org))
        for link in [*links, members]:
            self.assertContains(response, f'href="{link}')
        self.assertContains(response, 'class="tabs"')
        self.assertContains(response, 'aria-current="page"')
        for user in (self.editor, self.viewer):
            self.login(user)
            response = self.client.get(self.url(self.org))
            self.assertContains(response, f'href="{members}"')
            for link in links:
                self.assertNotContains(response, f'href="{link}')
        for user in (None, self.outsider):
            self.login(user)
            response = self.client.get(self.url(self.org))
            for link in [*links, members]:
                self.assertNotContains(response, f'href="{link}')

    def test_outsider_may_ask_to_join(self):
        join = reverse("organisations:join", args=[self.org.uuid])
        self.login(self.outsider)
        response = self.client.get(self.url(self.org))
        self.assertContains(response, f'href="{join}"')
        self.assertContains(response, "Ask to join")
        self.assertNotContains(response, "Claim this organisation")
        for user in (self.viewer, self.admin):
            self.login(user)
            self.assertNotContains(self.client.get(self.url(self.org)), f'href="{join}"')

    def test_organisation_without_members_may_be_claimed(self):
        self.login(self.outsider)
        response = self.client.get(self.url(self.orphan))
        self.assertContains(response, "Claim this organisation")
        self.assertContains(response, reverse("organisations:join", args=[self.orphan.uuid]))

    def test_anonymous_visitor_is_invited_to_log_in(self):
        response = self.client.get(self.url(self.org))
        self.assertContains(response, reverse("account_login") + "?next=")
        self.assertNotContains(response, reverse("organisations:join", args=[self.org.uuid]))
