"""A person deletes their account: what they did in partnerships stays, by "a deleted user";
what identifies them goes."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from alliances.accounts.models import ApiToken
from alliances.core.models import AuditEvent
from alliances.organisations.models import Membership
from alliances.partnerships.models import Contribution, ContributionKind, Notification
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.surveys.tests.test_responses_list import add_response
from alliances.test import PASSWORD, PartnershipTestCase

User = get_user_model()


class AccountDeleteTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.contribution = Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            kind=ContributionKind.PREMISES,
            description="Salle du centre social",
            recorded_by=cls.editor,
        )
        cls.survey = make_survey(cls.partnership)
        cls.paper = add_response(cls.survey, {"age": 70}, channel="paper", entered_by=cls.editor)
        ApiToken.objects.create(user=cls.editor, name="Tableur", prefix="p", digest="e" * 64)
        Notification.objects.create(user=cls.editor, partnership=cls.partnership, verb="x")

    def post(self, **data):
        return self.client.post(reverse("privacy:delete_account"), data)

    def test_the_page_asks_for_the_password_and_the_address(self):
        self.login(self.editor)
        response = self.client.get(reverse("privacy:delete_account"))
        self.assertContains(response, 'name="password"')
        self.assertContains(response, "eddie@example.org")

    def test_contributions_stay_and_show_a_deleted_user(self):
        self.login(self.editor)
        response = self.post(password=PASSWORD, email="Eddie@Example.org ")
        self.assertRedirects(response, reverse("home"))

        user = User.objects.get(pk=self.editor.pk)
        self.assertIs(user.is_deleted, True)
        self.assertIs(user.is_active, False)
        self.assertIs(user.has_usable_password(), False)
        self.assertEqual(str(user), "Deleted user")
        self.assertFalse(User.objects.filter(email="eddie@example.org").exists())
        self.assertNotIn("Eddie", user.full_name)

        self.contribution.refresh_from_db()
        self.assertEqual(self.contribution.recorded_by_id, user.pk)
        self.assertFalse(Membership.objects.filter(user=user).exists())
        self.assertFalse(ApiToken.objects.filter(user=user).exists())
        self.assertFalse(EmailAddress.objects.filter(user=user).exists())
        self.assertFalse(Notification.objects.filter(user=user).exists())

        # Logged out, and the old password no longer opens anything.
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertIs(self.client.login(username="eddie@example.org", password=PASSWORD), False)

        self.login(self.admin)
        response = self.client.get(
            reverse("surveys:responses", args=[self.partnership.uuid, self.survey.uuid])
        )
        self.assertContains(response, "Deleted user")
        self.assertNotContains(response, "Eddie")

        event = AuditEvent.objects.get(verb="account.deleted")
        self.assertIsNone(event.actor_id)
        self.assertEqual(event.object_uuid, user.uuid)
        self.assertNotIn("eddie", str(event.data).lower() + event.object_repr.lower())

    def test_a_wrong_password_is_refused_and_nothing_changes(self):
        self.login(self.editor)
        response = self.post(password="not-it", email="eddie@example.org")
        self.assertContains(response, "This is not your password.", status_code=400)
        self.editor.refresh_from_db()
        self.assertIs(self.editor.is_active, True)
        self.assertTrue(Membership.objects.filter(user=self.editor).exists())
        self.assertFalse(AuditEvent.objects.filter(verb="account.deleted").exists())

    def test_the_typed_address_must_be_the_account_s(self):
        self.login(self.editor)
        response = self.post(password=PASSWORD, email="someone@example.org")
        self.assertContains(response, "Type the e-mail address", status_code=400)
        self.assertIs(User.objects.get(pk=self.editor.pk).is_deleted, False)

    def test_the_last_administrator_of_an_organisation_with_members_is_refused(self):
        self.login(self.admin)
        response = self.client.get(reverse("privacy:delete_account"))
        self.assertContains(response, "You cannot delete your account yet.")
        self.assertContains(response, "Maison des Trois-Cités")
        self.assertContains(response, reverse("organisations:members", args=[self.org.uuid]))
        self.assertNotContains(response, 'name="password"')

        response = self.post(password=PASSWORD, email="alice@example.org")
        self.assertEqual(response.status_code, 400)
        self.admin.refresh_from_db()
        self.assertIs(self.admin.is_active, True)
        self.assertTrue(Membership.objects.filter(user=self.admin).exists())

    def test_the_last_administrator_alone_without_partnerships_may_leave(self):
        # Oscar administers an organisation with no other member and no partnership.
        self.login(self.outsider)
        response = self.post(password=PASSWORD, email="oscar@example.org")
        self.assertRedirects(response, reverse("home"))
        self.assertIs(User.objects.get(pk=self.outsider.pk).is_deleted, True)
        self.assertFalse(Membership.objects.filter(organisation=self.other_org).exists())

    def test_once_another_administrator_is_named_the_admin_may_leave(self):
        Membership.objects.filter(user=self.editor, organisation=self.org).update(role="admin")
        self.login(self.admin)
        response = self.post(password=PASSWORD, email="alice@example.org")
        self.assertRedirects(response, reverse("home"))
