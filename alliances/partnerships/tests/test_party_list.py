"""The parties page: who takes part, who is invited, who declined or left, and by whom."""

from django.urls import reverse
from django.utils import timezone

from alliances.partnerships.models import Party, PartyRole, PartyStatus
from alliances.test import PartnershipTestCase, make_organisation


class PartyListTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.company_party.invited_by = cls.admin
        cls.company_party.responded_by = cls.company_admin
        cls.company_party.responded_at = timezone.now()
        cls.company_party.save()
        Party.objects.create(
            partnership=cls.partnership,
            invited_email="contact@mediatheque.example.org",
            invited_name="Médiathèque",
            roles=[PartyRole.COMMUNITY_RELAY],
            token="some-token",
            invited_by=cls.admin,
        )
        Party.objects.create(
            partnership=cls.partnership,
            organisation=make_organisation("Collège Camille Guérin"),
            roles=[PartyRole.IMPLEMENTER],
            status=PartyStatus.DECLINED,
            invited_by=cls.editor,
            responded_at=timezone.now(),
        )
        Party.objects.create(
            partnership=cls.partnership,
            organisation=make_organisation("Banque du Clain"),
            roles=[PartyRole.FUNDER],
            status=PartyStatus.LEFT,
            left_at=timezone.now(),
            leave_reason="Nouvelle stratégie de mécénat.",
        )

    def setUp(self):
        self.url = reverse("partnerships:parties", args=[self.partnership.uuid])

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

    def test_every_party_is_listed_with_its_story(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Solidaires Industries")
        self.assertContains(response, "Invited by Alice Admin")
        self.assertContains(response, "by Paula Partner")
        self.assertContains(response, "Médiathèque")
        self.assertContains(response, "by e-mail to contact@mediatheque.example.org")
        self.assertContains(response, "Declined invitations")
        self.assertContains(response, "Collège Camille Guérin")
        self.assertContains(response, "invited by Eddie Editor, declined on")
        self.assertContains(response, "Parties that left")
        self.assertContains(response, "Nouvelle stratégie de mécénat.")

    def test_coordinator_admins_get_the_invite_button_and_role_forms(self):
        invite_url = reverse("partnerships:party_invite", args=[self.partnership.uuid])
        roles_url = reverse(
            "partnerships:party_roles", args=[self.partnership.uuid, self.company_party.uuid]
        )
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, invite_url)
        self.assertContains(response, roles_url)
        for user in (self.editor, self.viewer, self.company_admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertNotContains(response, invite_url)
                self.assertNotContains(response, roles_url)

    def test_leave_form_only_for_those_who_may_take_their_party_out(self):
        leave_url = reverse("partnerships:party_leave", args=[self.partnership.uuid])
        self.login(self.company_admin)
        self.assertContains(self.client.get(self.url), leave_url)
        self.login(self.editor)
        self.assertNotContains(self.client.get(self.url), leave_url)

    def test_query_count(self):
        self.login(self.admin)
        self.client.get(self.url)
        with self.assertNumQueries(7):
            self.client.get(self.url)
