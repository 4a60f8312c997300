from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from alliances.governance.models import CommitteeMember
from alliances.governance.services.committee import committee_chair_appoint
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Stage
from alliances.test import PartnershipTestCase


class CommitteeChairTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        cls.old = CommitteeMember.objects.create(
            partnership=p,
            party=cls.lead_party,
            user=cls.admin,
            is_representative=True,
            is_chair=True,
        )
        cls.new = CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin, is_representative=True
        )

    def url(self, member):
        return reverse("governance:committee_chair", args=[self.partnership.uuid, member.uuid])

    def test_the_coordinators_admin_appoints_a_member_of_any_party(self):
        access = access_partnership_by_uuid(self.admin, self.partnership.uuid)
        committee_chair_appoint(access=access, actor=self.admin, member=self.new)
        self.old.refresh_from_db()
        self.new.refresh_from_db()
        self.assertIs(self.old.is_chair, False)
        self.assertIs(self.new.is_chair, True)
        self.assertIs(self.old.is_representative, True)
        activity = Activity.objects.get(verb="committee.chair_appointed")
        self.assertEqual(activity.data["person"], "Paula Partner")

    def test_the_database_refuses_two_chairs(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            CommitteeMember.objects.filter(pk=self.new.pk).update(is_chair=True)

    def test_other_parties_admins_and_editors_may_not(self):
        for user in (self.company_admin, self.editor):
            with self.subTest(user=user.email):
                access = access_partnership_by_uuid(user, self.partnership.uuid)
                with self.assertRaises(PermissionDenied):
                    committee_chair_appoint(access=access, actor=user, member=self.new)

    def test_the_page(self):
        self.login(self.admin)
        response = self.client.post(self.url(self.new), follow=True)
        self.assertContains(response, "Paula Partner now chairs the steering committee.")
        self.assertContains(response, "Chaired by <strong>Paula Partner</strong>")

    def test_permissions(self):
        for user, status in (
            (self.viewer, 403),
            (self.editor, 403),
            (self.company_admin, 403),
            (self.outsider, 404),
        ):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url(self.new)).status_code, status)
        self.old.refresh_from_db()
        self.assertIs(self.old.is_chair, True)

    def test_a_closed_partnership_keeps_its_chair(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.admin)
        response = self.client.post(self.url(self.new), follow=True)
        self.assertContains(response, "This partnership is closed")
        self.old.refresh_from_db()
        self.assertIs(self.old.is_chair, True)
