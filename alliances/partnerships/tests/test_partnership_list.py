"""My partnerships: every partnership where the user holds a seat, and the invitations their
organisations are waiting to answer; the same on the home page."""

from django.urls import reverse

from alliances.core.permissions import Role
from alliances.partnerships.models import Party, PartyRole, PartyStatus, Stage
from alliances.test import PartnershipTestCase, add_member, make_organisation, make_partnership


class PartnershipListTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        centre = make_organisation("Centre social des Couronneries")
        cls.elsewhere, _parties = make_partnership("Jardins partagés", coordinator=centre)
        cls.invitation = Party.objects.create(
            partnership=cls.elsewhere,
            organisation=cls.org,
            roles=[PartyRole.IMPLEMENTER],
            invited_by=cls.outsider,
        )
        cls.closed, _parties = make_partnership(
            "Ancien projet", coordinator=cls.org, stage=Stage.CLOSED
        )
        cls.unrelated, _parties = make_partnership("Autre chose", coordinator=cls.other_org)

    def setUp(self):
        self.url = reverse("partnerships:list")

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_lists_the_partnerships_of_the_users_organisations_open_ones_first(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        rows = response.context["partnership_rows"]
        self.assertEqual([row.partnership for row in rows], [self.partnership, self.closed])
        self.assertContains(response, "Réussir au collège")
        self.assertContains(response, "Maison des Trois-Cités (coordinator), Solidaires Industries")
        self.assertContains(response, "Next step:")
        self.assertContains(response, "Describe the partnership and invite the parties")
        self.assertNotContains(response, "Autre chose")

    def test_partner_sees_the_partnership_too(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertEqual(
            [row.partnership for row in response.context["partnership_rows"]], [self.partnership]
        )

    def test_pending_invitations_are_shown_to_administrators_only(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Maison des Trois-Cités is invited to the partnership")
        self.assertContains(
            response, reverse("partnerships:invitation", args=[self.invitation.uuid])
        )
        self.assertNotContains(response, "Jardins partagés</a>")
        for user in (self.editor, self.viewer):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertNotContains(self.client.get(self.url), "Invitations to partnerships")

    def test_answered_invitations_disappear(self):
        self.invitation.status = PartyStatus.DECLINED
        self.invitation.save(update_fields=["status"])
        self.login(self.admin)
        self.assertNotContains(self.client.get(self.url), "Invitations to partnerships")

    def test_empty_state_for_someone_without_organisation(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "None of your organisations takes part in a partnership yet.")
        self.assertContains(response, reverse("organisations:create"))
        self.assertNotContains(response, reverse("partnerships:create"))

    def test_query_count_does_not_grow_with_partnerships(self):
        for number in range(5):
            make_partnership(
                f"Projet {number}", coordinator=self.org, partners=[(self.company, [])]
            )
        self.login(self.admin)
        self.client.get(self.url)
        with self.assertNumQueries(8):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["partnership_rows"]), 7)

    def test_home_page_shows_my_partnerships(self):
        self.login(self.admin)
        response = self.client.get(reverse("home"))
        self.assertContains(
            response, '<h2 id="my-partnerships-title">My partnerships</h2>', html=True
        )
        self.assertContains(response, "Réussir au collège")
        self.assertContains(response, "Maison des Trois-Cités is invited to the partnership")

    def test_home_page_for_someone_in_no_partnership(self):
        another = make_organisation("Seule")
        add_member(self.staff, another, Role.ADMIN)
        self.login(self.staff)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "None of your organisations takes part in a partnership yet.")

    def test_anonymous_home_page_does_not_ask_for_partnerships(self):
        response = self.client.get(reverse("home"))
        self.assertNotContains(response, "My partnerships")
