"""Inviting a party: an organisation of the directory, or someone by e-mail."""

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Kind
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Activity,
    Notification,
    Partnership,
    Party,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.parties import party_invite_email, party_invite_organisation
from alliances.test import PartnershipTestCase, add_member, make_organisation, make_user


class PartyInviteTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.centre = make_organisation("Centre social des Couronneries")
        cls.centre_admin = make_user("claire@example.org", full_name="Claire Centre")
        cls.centre_editor = make_user("ernest@example.org", full_name="Ernest Centre")
        add_member(cls.centre_admin, cls.centre, Role.ADMIN)
        add_member(cls.centre_editor, cls.centre, Role.EDITOR)
        cls.empty = make_organisation("Centre culturel sans membres")
        cls.dissolved = make_organisation("Centre de loisirs dissous", is_active=False)
        add_member(make_user("dora@example.org"), cls.dissolved, Role.ADMIN)

    def setUp(self):
        self.url = reverse("partnerships:party_invite", args=[self.partnership.uuid])

    def access(self, user=None):
        return access_partnership_by_uuid(user or self.admin, self.partnership.uuid)


class PartyInvitePageTests(PartyInviteTestCase):
    def invite(self, organisation, roles=(PartyRole.IMPLEMENTER,), message=""):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                self.url,
                {
                    "invite": "organisation",
                    "q": "centre",
                    "org-organisation": str(organisation.uuid),
                    "org-roles": list(roles),
                    "org-message": message,
                },
            )

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.company_admin, 403),
            (self.admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
                self.assertEqual(
                    self.invite(self.centre).status_code, 302 if status == 200 else status
                )

    def test_search_explains_who_cannot_be_invited_before_trying(self):
        self.login(self.admin)
        response = self.client.get(self.url, {"q": "centre"})
        self.assertContains(response, "Centre social des Couronneries")
        self.assertContains(
            response,
            "Centre culturel sans membres has no member on Alliances yet, so nobody could "
            "answer: invite someone from it by e-mail instead.",
        )
        self.assertContains(response, "Centre de loisirs dissous is no longer active")
        self.assertContains(
            response, f'value="{self.empty.uuid}" id="candidate-{self.empty.uuid}" disabled'
        )
        response = self.client.get(self.url, {"q": "solidaires"})
        self.assertContains(
            response, "Solidaires Industries already takes part in this partnership."
        )

    def test_search_as_you_type_answers_the_candidates_only(self):
        self.login(self.admin)
        response = self.client.get(self.url, {"q": "centre"}, headers={"HX-Request": "true"})
        self.assertContains(response, 'id="candidates"')
        self.assertNotContains(response, "<html")

    def test_search_without_match_suggests_email(self):
        self.login(self.admin)
        response = self.client.get(self.url, {"q": "zzzz"})
        self.assertContains(response, "No organisation of the directory matches")

    def test_admin_invites_an_organisation_whose_admins_are_told(self):
        self.login(self.admin)
        response = self.invite(
            self.centre, roles=[PartyRole.IMPLEMENTER, PartyRole.COMMUNITY_RELAY], message="Hello"
        )
        self.assertRedirects(
            response,
            reverse("partnerships:parties", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        party = Party.objects.get(organisation=self.centre)
        self.assertEqual(party.status, PartyStatus.INVITED)
        self.assertEqual(party.roles, [PartyRole.IMPLEMENTER, PartyRole.COMMUNITY_RELAY])
        self.assertEqual(party.message, "Hello")
        self.assertEqual(party.invited_by, self.admin)
        notification = Notification.objects.get(verb="party.invited")
        self.assertEqual(notification.user, self.centre_admin)
        self.assertEqual(notification.url, reverse("partnerships:invitation", args=[party.uuid]))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.centre_admin.email])
        self.assertIn(
            "Alice Admin invited Centre social des Couronneries "
            "to the partnership “Réussir au collège”.",
            mail.outbox[0].body,
        )
        self.assertTrue(Activity.objects.filter(verb="party.invited", party=party))
        self.assertTrue(AuditEvent.objects.filter(verb="party.invited", object_uuid=party.uuid))
        self.login(self.centre_admin)
        response = self.client.get(reverse("partnerships:list"))
        self.assertContains(response, "is invited to the partnership “Réussir au collège”")

    def test_refusals_are_explained(self):
        self.login(self.admin)
        cases = [
            (self.company, "already takes part in this partnership"),
            (self.empty, "invite someone from it by e-mail instead"),
            (self.dissolved, "is no longer active"),
        ]
        for organisation, message in cases:
            with self.subTest(organisation=organisation.name):
                response = self.invite(organisation)
                self.assertContains(response, message, status_code=400)
        self.assertEqual(self.invite(self.centre).status_code, 302)
        response = self.invite(self.centre)
        self.assertContains(response, "has already been invited", status_code=400)
        self.assertEqual(Party.objects.filter(organisation=self.centre).count(), 1)

    def test_a_private_organisation_of_someone_else_cannot_be_picked(self):
        hidden = make_organisation("Cercle privé", is_public=False)
        add_member(make_user("priv@example.org"), hidden, Role.ADMIN)
        self.login(self.admin)
        response = self.invite(hidden)
        self.assertContains(response, "Search the directory, then choose", status_code=400)
        self.assertFalse(Party.objects.filter(organisation=hidden).exists())

    def test_bad_input_is_answered_clearly(self):
        self.login(self.admin)
        cases = [
            ({}, "Choose whom to invite"),
            ({"invite": "organisation"}, "Search the directory, then choose an organisation."),
            (
                {"invite": "organisation", "org-organisation": str(self.centre.uuid)},
                "Choose at least one role for this party.",
            ),
            (
                {
                    "invite": "organisation",
                    "org-organisation": str(self.centre.uuid),
                    "org-roles": [PartyRole.COORDINATOR],
                },
                "Select a valid choice",
            ),
            (
                {"invite": "organisation", "org-organisation": "\x00", "org-roles": ["funder"]},
                "Search the directory",
            ),
            ({"invite": "email", "email-email": "not-an-address"}, "Enter a valid email"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.client.post(self.url, data)
                self.assertContains(response, message, status_code=400)
        self.assertEqual(Party.objects.count(), 3)

    def test_a_declined_party_can_be_invited_again_on_the_same_row(self):
        party = Party.objects.create(
            partnership=self.partnership,
            organisation=self.centre,
            roles=[PartyRole.EXPERT],
            status=PartyStatus.DECLINED,
        )
        self.login(self.admin)
        self.assertEqual(self.invite(self.centre).status_code, 302)
        party.refresh_from_db()
        self.assertEqual(party.status, PartyStatus.INVITED)
        self.assertEqual(party.roles, [PartyRole.IMPLEMENTER])


class PartyInviteByEmailTests(PartyInviteTestCase):
    def invite(self, email="contact@mediatheque.example.org", **extra):
        data = {
            "invite": "email",
            "email-email": email,
            "email-name": "Médiathèque",
            "email-roles": [PartyRole.COMMUNITY_RELAY],
            "email-message": "Nous aimerions votre aide.",
            **extra,
        }
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data)

    def test_admin_invites_by_email_and_the_link_leaves_after_commit(self):
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(
                self.url,
                {
                    "invite": "email",
                    "email-email": "X@Example.org",
                    "email-roles": [PartyRole.EXPERT],
                },
            )
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        party = Party.objects.get(invited_email="x@example.org")
        self.assertIsNone(party.organisation)
        self.assertGreaterEqual(len(party.token), 40)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["x@example.org"])
        self.assertIn("Réussir au collège", message.subject)
        link = settings.SITE_URL + reverse("partnerships:invitation_token", args=[party.token])
        self.assertIn(link, message.body)
        self.assertIn("Alice Admin", message.body)

    def test_message_and_name_are_kept_and_shown_on_the_parties_page(self):
        self.login(self.admin)
        response = self.invite()
        self.assertRedirects(
            response,
            reverse("partnerships:parties", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        self.assertIn("Nous aimerions votre aide.", mail.outbox[0].body)
        response = self.client.get(response.url)
        self.assertContains(
            response, "An invitation has been sent to contact@mediatheque.example.org."
        )
        self.assertContains(response, "Médiathèque")
        self.assertContains(response, "by e-mail to contact@mediatheque.example.org")

    def test_a_second_open_invitation_to_the_same_address_is_refused(self):
        self.login(self.admin)
        self.invite()
        response = self.invite(email="CONTACT@mediatheque.example.org")
        self.assertContains(response, "has already been sent to this address", status_code=400)
        self.assertEqual(len(mail.outbox), 1)

    def test_editors_and_partners_cannot_invite(self):
        for user in (self.editor, self.company_admin):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                party_invite_email(
                    access=self.access(user),
                    actor=user,
                    email="a@example.org",
                    roles=[PartyRole.EXPERT],
                )


class PartyInviteServiceTests(PartyInviteTestCase):
    def test_a_closed_partnership_refuses_invitations(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.CLOSED)
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            party_invite_organisation(
                access=self.access(),
                actor=self.admin,
                organisation=self.centre,
                roles=[PartyRole.EXPERT],
            )

    def test_the_coordinator_role_is_not_given_away(self):
        with self.assertRaisesMessage(ValidationError, "A partnership has one coordinator"):
            party_invite_organisation(
                access=self.access(),
                actor=self.admin,
                organisation=self.centre,
                roles=[PartyRole.COORDINATOR],
            )

    def test_an_editor_of_the_invited_organisation_is_not_notified(self):
        party_invite_organisation(
            access=self.access(),
            actor=self.admin,
            organisation=self.centre,
            roles=[PartyRole.EXPERT],
        )
        self.assertEqual(
            list(Notification.objects.values_list("user", flat=True)), [self.centre_admin.pk]
        )

    def test_a_company_can_be_invited(self):
        company = make_organisation("Banque du Clain", kind=Kind.COMPANY)
        add_member(make_user("bob@example.org"), company, Role.ADMIN)
        party = party_invite_organisation(
            access=self.access(), actor=self.admin, organisation=company, roles=["funder"]
        )
        self.assertEqual(party.roles, [PartyRole.FUNDER])
