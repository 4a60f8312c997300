from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.models import CommitteeMember
from alliances.governance.services.committee import committee_member_add
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Notification, Stage
from alliances.test import PartnershipTestCase, add_member, make_user


class CommitteeAddTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.colleague = make_user("carla@example.org", full_name="Carla Company")
        add_member(cls.colleague, cls.company, Role.VIEWER)
        cls.url = reverse("governance:committee_add", args=[cls.partnership.uuid])

    def access(self, user):
        return access_partnership_by_uuid(user, self.partnership.uuid)


class CommitteeAddServiceTests(CommitteeAddTestCase):
    def test_the_partys_first_person_becomes_its_representative(self):
        access = self.access(self.company_admin)
        first = committee_member_add(
            access=access,
            actor=self.company_admin,
            party=self.company_party,
            user=self.company_admin,
        )
        second = committee_member_add(
            access=access, actor=self.company_admin, party=self.company_party, user=self.colleague
        )
        self.assertIs(first.is_representative, True)
        self.assertIs(second.is_representative, False)
        self.assertIs(second.is_chair, False)
        activity = Activity.objects.filter(verb="committee.member_added").latest("id")
        self.assertEqual(activity.data["person"], "Carla Company")
        self.assertEqual(activity.party, self.company_party)
        # The person added hears of it; the admin who added themselves does not.
        self.assertEqual(
            list(Notification.objects.values_list("user", "verb")),
            [(self.colleague.pk, "committee.member_added")],
        )

    def test_only_people_of_the_partys_organisation(self):
        with self.assertRaisesMessage(ValidationError, "is not a member of Solidaires Industries"):
            committee_member_add(
                access=self.access(self.company_admin),
                actor=self.company_admin,
                party=self.company_party,
                user=self.viewer,
            )

    def test_only_for_ones_own_party(self):
        with self.assertRaises(PermissionDenied):
            committee_member_add(
                access=self.access(self.admin),
                actor=self.admin,
                party=self.company_party,
                user=self.colleague,
            )

    def test_editors_may_not(self):
        with self.assertRaises(PermissionDenied):
            committee_member_add(
                access=self.access(self.editor),
                actor=self.editor,
                party=self.lead_party,
                user=self.editor,
            )

    def test_once_only(self):
        access = self.access(self.company_admin)
        committee_member_add(
            access=access, actor=self.company_admin, party=self.company_party, user=self.colleague
        )
        with self.assertRaisesMessage(ValidationError, "already on the committee"):
            committee_member_add(
                access=access,
                actor=self.company_admin,
                party=self.company_party,
                user=self.colleague,
            )
        self.assertEqual(CommitteeMember.objects.count(), 1)

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            committee_member_add(
                access=self.access(self.company_admin),
                actor=self.company_admin,
                party=self.company_party,
                user=self.colleague,
            )


class CommitteeAddPageTests(CommitteeAddTestCase):
    def test_an_admin_adds_a_colleague(self):
        self.login(self.company_admin)
        response = self.client.post(
            self.url, {"party": str(self.company_party.uuid), "person": str(self.colleague.uuid)}
        )
        committee = reverse("governance:committee", args=[self.partnership.uuid])
        self.assertRedirects(response, f"{committee}#party-{self.company_party.uuid}")
        member = CommitteeMember.objects.get(user=self.colleague)
        self.assertEqual(member.party, self.company_party)
        self.assertEqual(member.partnership, self.partnership)

    def test_a_person_of_another_organisation_is_refused_with_the_form_again(self):
        self.login(self.company_admin)
        response = self.client.post(
            self.url, {"party": str(self.company_party.uuid), "person": str(self.viewer.uuid)}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Choose one of the people of your organisation listed.", status_code=400
        )
        self.assertFalse(CommitteeMember.objects.exists())

    def test_an_empty_form_is_refused(self):
        self.login(self.admin)
        response = self.client.post(self.url, {"party": str(self.lead_party.uuid)})
        self.assertContains(response, "Choose the person to put on the committee.", status_code=400)

    def test_another_partys_uuid_is_forbidden(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {"party": str(self.company_party.uuid), "person": str(self.colleague.uuid)}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CommitteeMember.objects.exists())

    def test_permissions(self):
        data = {"party": str(self.lead_party.uuid), "person": str(self.viewer.uuid)}
        for user, status in ((self.viewer, 403), (self.editor, 403), (self.outsider, 404)):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, data).status_code, status)
        self.assertFalse(CommitteeMember.objects.exists())

    def test_a_closed_partnership_shows_why(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.company_admin)
        response = self.client.post(
            self.url, {"party": str(self.company_party.uuid), "person": str(self.colleague.uuid)}
        )
        self.assertContains(response, "This partnership is closed", status_code=400)
