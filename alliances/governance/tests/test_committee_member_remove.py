from django.core.exceptions import PermissionDenied
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.models import CommitteeMember
from alliances.governance.services.committee import committee_member_remove
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Stage
from alliances.test import PartnershipTestCase, add_member, make_user


class CommitteeMemberRemoveTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        cls.colleague = make_user("carla@example.org", full_name="Carla Company")
        add_member(cls.colleague, cls.company, Role.VIEWER)
        cls.representative = CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin, is_representative=True
        )
        cls.chair = CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.colleague, is_chair=True
        )

    def url(self, member):
        return reverse(
            "governance:committee_member_remove", args=[self.partnership.uuid, member.uuid]
        )

    def test_removing_the_chair_leaves_the_committee_without_one(self):
        access = access_partnership_by_uuid(self.company_admin, self.partnership.uuid)
        committee_member_remove(access=access, actor=self.company_admin, member=self.chair)
        self.assertFalse(CommitteeMember.objects.filter(is_chair=True).exists())
        self.assertEqual(list(CommitteeMember.objects.all()), [self.representative])
        activity = Activity.objects.get(verb="committee.member_removed")
        self.assertEqual(activity.data["person"], "Carla Company")

    def test_another_partys_admin_may_not(self):
        access = access_partnership_by_uuid(self.admin, self.partnership.uuid)
        with self.assertRaises(PermissionDenied):
            committee_member_remove(access=access, actor=self.admin, member=self.chair)

    def test_the_page_removes_and_says_so(self):
        self.login(self.company_admin)
        response = self.client.post(self.url(self.chair), follow=True)
        self.assertContains(response, "Carla Company is no longer on the steering committee.")
        self.assertContains(response, "The committee has no chair yet.")

    def test_permissions(self):
        for user, status in (
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 403),
            (self.commune_admin, 403),
            (self.outsider, 404),
        ):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url(self.chair)).status_code, status)
        self.assertEqual(CommitteeMember.objects.count(), 2)

    def test_a_member_of_another_partnership_is_not_found(self):
        from alliances.test import make_partnership

        other, parties = make_partnership("Autre", coordinator=self.company)
        seat = CommitteeMember.objects.create(
            partnership=other, party=parties[self.company.pk], user=self.colleague
        )
        self.login(self.company_admin)
        self.assertEqual(self.client.post(self.url(seat)).status_code, 404)

    def test_a_closed_partnership_keeps_its_committee(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.company_admin)
        response = self.client.post(self.url(self.chair), follow=True)
        self.assertContains(response, "This partnership is closed")
        self.assertEqual(CommitteeMember.objects.count(), 2)
