"""Any party's administrator withdraws its agreement: the page goes offline at once."""

from django.urls import reverse

from alliances.partnerships.models import Party, PartyRole, PartyStatus
from alliances.reports.models import PublicPageConsent, PublicPageStatus
from alliances.reports.tests.test_publication_propose import make_page
from alliances.test import PartnershipTestCase, make_organisation


class PublicationWithdrawTests(PartnershipTestCase):
    def setUp(self):
        super().setUp()
        self.page = make_page(
            self,
            status=PublicPageStatus.PUBLISHED,
            agreed=[self.lead_party, self.company_party, self.commune_party],
        )

    def withdraw(self, user, party):
        self.login(user)
        return self.client.post(
            reverse("reports:publication_withdraw", args=[self.partnership.uuid]),
            {"party": str(party.uuid), "confirm": "on"},
        )

    def public_status(self) -> int:
        self.login(None)
        return self.client.get(reverse("public_pages:detail", args=[self.page.uuid])).status_code

    def test_withdrawal_unpublishes_at_once_and_needs_agreement_again(self):
        self.assertEqual(self.public_status(), 200)
        self.assertEqual(self.withdraw(self.company_admin, self.company_party).status_code, 302)
        self.page.refresh_from_db()
        self.assertEqual(self.page.status, PublicPageStatus.WITHDRAWN)
        self.assertIsNotNone(self.page.withdrawn_at)
        self.assertEqual(self.public_status(), 404)
        self.assertFalse(
            PublicPageConsent.objects.filter(page=self.page, party=self.company_party).exists()
        )
        # The party agrees again: every party's agreement stands, the page is back.
        self.login(self.company_admin)
        self.client.post(
            reverse("reports:publication_consent", args=[self.partnership.uuid]),
            {"party": str(self.company_party.uuid), "version": 1, "confirm": "on"},
        )
        self.page.refresh_from_db()
        self.assertEqual(self.page.status, PublicPageStatus.PUBLISHED)
        self.assertEqual(self.public_status(), 200)

    def test_editor_and_viewer_may_not_withdraw(self):
        for user in (self.editor, self.viewer):
            self.assertEqual(self.withdraw(user, self.lead_party).status_code, 403)
        self.page.refresh_from_db()
        self.assertEqual(self.page.status, PublicPageStatus.PUBLISHED)

    def test_outsider_gets_not_found(self):
        self.assertEqual(self.withdraw(self.outsider, self.lead_party).status_code, 404)

    def test_a_party_joining_later_leaves_the_page_online_and_may_withdraw_it(self):
        newcomer = make_organisation("Collège Jules Verne")
        party = Party.objects.create(
            partnership=self.partnership,
            organisation=newcomer,
            roles=[PartyRole.IMPLEMENTER],
            status=PartyStatus.ACTIVE,
        )
        self.assertEqual(self.public_status(), 200)
        from alliances.core.permissions import Role
        from alliances.test import add_member, make_user

        head = make_user("head@example.org")
        add_member(head, newcomer, Role.ADMIN)
        self.assertEqual(self.withdraw(head, party).status_code, 302)
        self.assertEqual(self.public_status(), 404)

    def test_a_party_leaving_does_not_unpublish(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save()
        self.assertEqual(self.public_status(), 200)

    def test_nothing_to_withdraw_before_agreeing(self):
        self.page.status = PublicPageStatus.PROPOSED
        self.page.save()
        PublicPageConsent.objects.filter(party=self.commune_party).delete()
        response = self.withdraw(self.commune_admin, self.commune_party)
        self.assertEqual(response.status_code, 400)

    def test_withdrawing_before_publication_keeps_it_proposed(self):
        self.page.status = PublicPageStatus.PROPOSED
        self.page.save()
        self.assertEqual(self.withdraw(self.company_admin, self.company_party).status_code, 302)
        self.page.refresh_from_db()
        self.assertEqual(self.page.status, PublicPageStatus.PROPOSED)
        self.assertEqual(self.page.consents.count(), 2)
