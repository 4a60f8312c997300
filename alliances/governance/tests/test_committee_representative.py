from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.models import CommitteeMember
from alliances.governance.services.committee import committee_representative_name
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Notification
from alliances.test import PartnershipTestCase, add_member, make_user


class CommitteeRepresentativeTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        cls.colleague = make_user("carla@example.org", full_name="Carla Company")
        add_member(cls.colleague, cls.company, Role.VIEWER)
        cls.old = CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.company_admin, is_representative=True
        )
        cls.new = CommitteeMember.objects.create(
            partnership=p, party=cls.company_party, user=cls.colleague
        )
        cls.lead = CommitteeMember.objects.create(
            partnership=p, party=cls.lead_party, user=cls.admin, is_representative=True
        )

    def url(self, member):
        return reverse(
            "governance:committee_representative", args=[self.partnership.uuid, member.uuid]
        )

    def test_the_representative_is_swapped_and_the_old_one_stays(self):
        access = access_partnership_by_uuid(self.company_admin, self.partnership.uuid)
        committee_representative_name(access=access, actor=self.company_admin, member=self.new)
        self.old.refresh_from_db()
        self.new.refresh_from_db()
        self.lead.refresh_from_db()
        self.assertIs(self.old.is_representative, False)
        self.assertIs(self.new.is_representative, True)
        # Another party's representative is untouched.
        self.assertIs(self.lead.is_representative, True)
        self.assertEqual(
            Activity.objects.get(verb="committee.representative_named").data["person"],
            "Carla Company",
        )
        self.assertTrue(
            Notification.objects.filter(
                user=self.colleague, verb="committee.representative_named"
            ).exists()
        )

    def test_naming_the_representative_again_changes_nothing(self):
        access = access_partnership_by_uuid(self.company_admin, self.partnership.uuid)
        committee_representative_name(access=access, actor=self.company_admin, member=self.old)
        self.assertFalse(Activity.objects.exists())

    def test_the_database_refuses_two_representatives(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            CommitteeMember.objects.filter(pk=self.new.pk).update(is_representative=True)

    def test_only_the_partys_own_admin(self):
        access = access_partnership_by_uuid(self.admin, self.partnership.uuid)
        with self.assertRaises(PermissionDenied):
            committee_representative_name(access=access, actor=self.admin, member=self.new)

    def test_the_page(self):
        self.login(self.company_admin)
        response = self.client.post(self.url(self.new), follow=True)
        self.assertContains(
            response,
            "Carla Company now represents Solidaires Industries on the steering committee.",
        )
        self.new.refresh_from_db()
        self.assertIs(self.new.is_representative, True)

    def test_permissions(self):
        for user, status in (
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 403),
            (self.outsider, 404),
        ):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url(self.new)).status_code, status)
        self.new.refresh_from_db()
        self.assertIs(self.new.is_representative, False)
