from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.models import CommitteeMember
from alliances.partnerships.models import PartyStatus, Stage
from alliances.test import PartnershipTestCase, add_member, make_user


class CommitteePageTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        cls.lead_seat = CommitteeMember.objects.create(
            partnership=p, party=cls.lead_party, user=cls.admin, is_representative=True
        )
        cls.editor_seat = CommitteeMember.objects.create(
            partnership=p, party=cls.lead_party, user=cls.editor, is_chair=True
        )
        cls.company_seat = CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin, is_representative=True
        )
        cls.url = reverse("governance:committee", args=[p.uuid])

    def test_members_are_grouped_by_party_with_representative_and_chair(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        groups = response.context["committee"].groups
        self.assertEqual(
            [group.party for group in groups],
            [self.lead_party, self.company_party, self.commune_party],
        )
        self.assertEqual(groups[0].members, [self.lead_seat, self.editor_seat])
        self.assertEqual(groups[0].representative, self.lead_seat)
        self.assertIsNone(groups[2].representative)
        self.assertEqual(response.context["committee"].chair, self.editor_seat)
        self.assertContains(response, "Chaired by <strong>Eddie Editor</strong>", html=False)
        self.assertContains(response, "No representative: this party cannot vote")

    def test_every_member_of_every_party_reads_it_outsiders_do_not(self):
        for user in (self.viewer, self.editor, self.company_admin, self.commune_admin):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 200)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_viewers_and_editors_see_no_controls(self):
        for user in (self.viewer, self.editor):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertNotContains(response, "Add to the committee")
                self.assertNotContains(response, "off the committee")
                self.assertNotContains(response, "chair</button>")

    def test_an_admin_manages_only_their_own_party(self):
        colleague = make_user("carla@example.org", full_name="Carla Company")
        add_member(colleague, self.company, Role.VIEWER)
        self.login(self.company_admin)
        response = self.client.get(self.url)
        remove = reverse(
            "governance:committee_member_remove",
            args=[self.partnership.uuid, self.company_seat.uuid],
        )
        lead_remove = reverse(
            "governance:committee_member_remove", args=[self.partnership.uuid, self.lead_seat.uuid]
        )
        self.assertContains(response, remove)
        self.assertNotContains(response, lead_remove)
        # The select offers the company's people who are not on the committee yet.
        self.assertContains(response, f'value="{colleague.uuid}"')
        self.assertNotContains(response, f'value="{self.viewer.uuid}"')
        # Only the coordinator appoints the chair.
        self.assertNotContains(response, "chair</button>")

    def test_the_coordinators_admin_may_appoint_any_member_chair(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        chair = reverse(
            "governance:committee_chair", args=[self.partnership.uuid, self.company_seat.uuid]
        )
        self.assertContains(response, chair)

    def test_a_party_that_left_is_not_shown(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save()
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Ville de Poitiers")

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Eddie Editor")
        self.assertNotContains(response, "Add to the committee")
        for button in ("/remove/", "/representative/", "/chair/"):
            self.assertNotContains(response, button)

    def test_query_count_does_not_grow_with_the_members(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(8):
            self.client.get(self.url)
        for number in range(5):
            user = make_user(f"member{number}@example.org")
            add_member(user, self.commune, Role.EDITOR)
            CommitteeMember.objects.create(
                partnership=self.partnership, party=self.commune_party, user=user
            )
        with self.assertNumQueries(8):
            response = self.client.get(self.url)
        self.assertContains(response, "member4@example.org")
