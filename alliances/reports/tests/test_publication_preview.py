"""Members preview the public page exactly as it would look, before it is published."""

import time_machine
from django.urls import reverse

from alliances.reports.models import PublicPageStatus
from alliances.reports.tests.test_public_page_detail import TODAY, published_case
from alliances.test import PartnershipTestCase


@time_machine.travel(TODAY, tick=False)
class PublicationPreviewTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = published_case(cls)
        cls.page.status = PublicPageStatus.PROPOSED
        cls.page.save()

    def url(self):
        return reverse("reports:publication_preview", args=[self.partnership.uuid])

    def test_every_member_sees_the_preview_with_its_banner(self):
        for user in (self.viewer, self.company_admin):
            self.login(user)
            response = self.client.get(self.url())
            self.assertContains(response, "preview-banner")
            self.assertContains(response, "Aide aux devoirs pour les collégiens du quartier.")
            self.assertContains(response, "Collégiens accompagnés")
            self.assertNotContains(response, "Chiffre vérifié")

    def test_outsider_and_anonymous_do_not(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_live_preview_shows_the_draft_to_the_coordinator_only(self):
        params = {"draft": "1", "summary": "Un brouillon en cours", "licence": "odbl-1.0"}
        self.login(self.editor)
        response = self.client.get(self.url(), params, headers={"HX-Request": "true"})
        self.assertContains(response, "Un brouillon en cours")
        self.assertContains(response, "Open Database License 1.0")
        self.assertNotContains(response, "<html")
        self.login(self.company_admin)
        response = self.client.get(self.url(), params)
        self.assertNotContains(response, "Un brouillon en cours")
