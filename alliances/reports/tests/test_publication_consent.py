"""Each party's administrators agree to the current version; the last one publishes it."""

from django.urls import reverse

from alliances.partnerships.models import Notification
from alliances.reports.models import PublicPageConsent, PublicPageStatus
from alliances.reports.tests.test_publication_propose import make_page
from alliances.test import PartnershipTestCase


class PublicationConsentTests(PartnershipTestCase):
    def setUp(self):
        super().setUp()
        self.page = make_page(self)

    def agree(self, user, party, version=1):
        self.login(user)
        return self.client.post(
            reverse("reports:publication_consent", args=[self.partnership.uuid]),
            {"party": str(party.uuid), "version": version, "confirm": "on"},
        )

    def public_status(self) -> int:
        self.login(None)
        return self.client.get(reverse("public_pages:detail", args=[self.page.uuid])).status_code

    def test_published_only_when_every_party_has_agreed(self):
        self.assertEqual(self.agree(self.admin, self.lead_party).status_code, 302)
        self.assertEqual(self.agree(self.company_admin, self.company_party).status_code, 302)
        self.page.refresh_from_db()
        self.assertEqual(self.page.status, PublicPageStatus.PROPOSED)
        self.assertEqual(self.public_status(), 404)
        self.assertFalse(Notification.objects.filter(verb="publication.published").exists())

        self.assertEqual(self.agree(self.commune_admin, self.commune_party).status_code, 302)
        self.page.refresh_from_db()
        self.assertEqual(self.page.status, PublicPageStatus.PUBLISHED)
        self.assertIsNotNone(self.page.published_at)
        self.assertEqual(self.public_status(), 200)
        told = set(
            Notification.objects.filter(verb="publication.published").values_list(
                "user__email", flat=True
            )
        )
        self.assertEqual(
            told,
            {
                "alice@example.org",
                "eddie@example.org",
                "vera@example.org",
                "paula@example.org",
                "pierre@example.org",
            },
        )

    def test_editor_and_viewer_may_not_agree(self):
        for user in (self.editor, self.viewer):
            self.assertEqual(self.agree(user, self.lead_party).status_code, 403)
        self.assertFalse(PublicPageConsent.objects.exists())

    def test_administrator_agrees_only_for_their_own_party(self):
        response = self.agree(self.company_admin, self.lead_party)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(PublicPageConsent.objects.exists())

    def test_outsider_gets_not_found(self):
        self.assertEqual(self.agree(self.outsider, self.lead_party).status_code, 404)

    def test_agreement_to_an_older_version_is_refused(self):
        self.page.version = 2
        self.page.save()
        response = self.agree(self.admin, self.lead_party, version=1)
        self.assertContains(response, "The proposal has changed", status_code=400)
        self.assertFalse(PublicPageConsent.objects.exists())

    def test_agreeing_twice_is_refused(self):
        self.agree(self.admin, self.lead_party)
        response = self.agree(self.admin, self.lead_party)
        # Once agreed, the form is not offered again; a replayed post says why.
        self.assertContains(response, "has already agreed to version 1", status_code=400)
        self.assertEqual(PublicPageConsent.objects.count(), 1)

    def test_box_must_be_ticked(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("reports:publication_consent", args=[self.partnership.uuid]),
            {"party": str(self.lead_party.uuid), "version": 1},
        )
        self.assertContains(response, "Tick the box to agree.", status_code=400)

    def test_status_page_shows_who_agreed_and_who_has_not(self):
        self.agree(self.company_admin, self.company_party)
        self.login(self.viewer)
        response = self.client.get(reverse("reports:publication", args=[self.partnership.uuid]))
        self.assertContains(response, "Agreed by Paula Partner")
        self.assertContains(response, "Not yet", count=2)
        # A viewer sees where it stands, with no form to act.
        self.assertNotContains(
            response,
            'action="' + reverse("reports:publication_consent", args=[self.partnership.uuid]),
        )
