"""Answering an invitation sent by e-mail: the link, logging in, choosing the organisation."""

from datetime import timedelta
from urllib.parse import urlencode

import time_machine
from django.urls import reverse
from django.utils import timezone

from alliances.core.permissions import Role
from alliances.partnerships.models import (
    Notification,
    Partnership,
    Party,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.test import PartnershipTestCase, add_member, make_organisation, make_user

TOKEN = "Zx8kLq3-media_token"


class InvitationTokenTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.party = Party.objects.create(
            partnership=cls.partnership,
            invited_email="contact@mediatheque.example.org",
            invited_name="Médiathèque",
            roles=[PartyRole.COMMUNITY_RELAY],
            token=TOKEN,
            invited_by=cls.admin,
            message="Venez avec nous.",
        )
        cls.mediatheque = make_organisation("Médiathèque des Couronneries")
        cls.librarian = make_user("lina@example.org", full_name="Lina Lecture")
        add_member(cls.librarian, cls.mediatheque, Role.ADMIN)

    def setUp(self):
        self.url = reverse("partnerships:invitation_token", args=[TOKEN])

    def answer(self, decision="accept", organisation=None):
        data = {"decision": decision}
        if organisation is not None:
            data["organisation"] = str(organisation.uuid)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data)

    def test_anonymous_visitor_is_asked_to_log_in_or_sign_up_and_comes_back(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Invitation to the partnership “Réussir au collège”")
        self.assertContains(response, "Venez avec nous.")
        login = reverse("account_login") + "?" + urlencode({"next": self.url})
        signup = (
            reverse("account_signup")
            + "?"
            + urlencode({"next": self.url, "email": "contact@mediatheque.example.org"})
        )
        self.assertContains(response, login.replace("&", "&amp;"))
        self.assertContains(response, signup.replace("&", "&amp;"))
        response = self.client.post(self.url, {"decision": "accept"})
        self.assertRedirects(
            response,
            reverse("account_login") + "?" + urlencode({"next": self.url}),
            fetch_redirect_response=False,
        )

    def test_user_chooses_one_of_the_organisations_they_administer(self):
        viewer_only = make_organisation("Bibliothèque universitaire")
        add_member(self.librarian, viewer_only, Role.VIEWER)
        self.login(self.librarian)
        response = self.client.get(self.url)
        self.assertContains(response, "Médiathèque des Couronneries")
        self.assertNotContains(response, "Bibliothèque universitaire")
        create = reverse("organisations:create") + "?" + urlencode({"next": self.url})
        self.assertContains(response, create)
        response = self.answer(organisation=self.mediatheque)
        self.assertRedirects(
            response,
            reverse("partnerships:detail", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        self.party.refresh_from_db()
        self.assertEqual(self.party.organisation, self.mediatheque)
        self.assertEqual(self.party.status, PartyStatus.ACTIVE)
        self.assertEqual(self.party.responded_by, self.librarian)
        self.assertTrue(Notification.objects.filter(verb="party.accepted", user=self.admin))
        self.assertEqual(self.client.get(response.url).status_code, 200)

    def test_someone_without_organisation_is_offered_to_create_one(self):
        newcomer = make_user("new@example.org")
        self.login(newcomer)
        response = self.client.get(self.url)
        self.assertContains(response, "You do not administer any organisation on Alliances yet.")
        self.assertContains(response, reverse("organisations:create") + "?next=")
        response = self.answer()
        self.assertContains(
            response, "Choose the organisation that takes part, or create it.", status_code=400
        )

    def test_an_organisation_the_user_does_not_administer_is_refused(self):
        self.login(self.librarian)
        response = self.answer(organisation=self.company)
        self.assertContains(
            response, "Choose one of the organisations you administer.", status_code=400
        )
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.INVITED)

    def test_an_organisation_already_in_the_partnership_is_refused(self):
        self.login(self.company_admin)
        response = self.answer(organisation=self.company)
        self.assertContains(
            response,
            "Solidaires Industries already takes part in this partnership.",
            status_code=400,
        )

    def test_declining_needs_no_organisation(self):
        self.login(self.librarian)
        response = self.answer("decline")
        self.assertRedirects(response, reverse("partnerships:list"), fetch_redirect_response=False)
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.DECLINED)
        self.assertIsNone(self.party.organisation)
        self.assertTrue(Notification.objects.filter(verb="party.declined", user=self.admin))

    def test_a_used_link_answers_with_a_clear_page(self):
        self.login(self.librarian)
        self.answer(organisation=self.mediatheque)
        for user in (self.librarian, None):
            with self.subTest(user=user):
                self.login(user)
                response = self.client.get(self.url)
                self.assertContains(response, "has already been answered", status_code=410)

    def test_an_expired_link_answers_with_a_clear_page(self):
        with time_machine.travel(timezone.now() + timedelta(days=31)):
            self.login(self.librarian)
            response = self.client.get(self.url)
            self.assertContains(response, "has expired", status_code=410)
            self.assertContains(
                self.answer(organisation=self.mediatheque), "expired", status_code=410
            )
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.INVITED)

    def test_a_closed_partnership_link_answers_with_a_clear_page(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.CLOSED)
        response = self.client.get(self.url)
        self.assertContains(response, "is closed", status_code=410)

    def test_unknown_or_malformed_tokens_answer_with_a_clear_page(self):
        for token in ("unknown-token", "a" * 64, "bad.token", "x" * 65):
            with self.subTest(token=token):
                url = reverse("partnerships:invitation_token", args=[token])
                response = self.client.get(url)
                self.assertContains(response, "This invitation link is not valid", status_code=404)
        response = self.client.get("/partnerships/invitations/join/%00nul/")
        self.assertEqual(response.status_code, 404)

    def test_bad_answers_are_refused(self):
        self.login(self.librarian)
        for data in ({}, {"decision": "maybe"}, {"decision": "accept", "organisation": "\x00"}):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(self.url, data).status_code, 400)
        self.party.refresh_from_db()
        self.assertEqual(self.party.status, PartyStatus.INVITED)
