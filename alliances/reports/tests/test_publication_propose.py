"""The coordinator proposes the public page: a new version that every party must agree to."""

from datetime import date

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.models import Notification
from alliances.reports.models import (
    OpenLicence,
    PublicPage,
    PublicPageConsent,
    PublicPageStatus,
    Report,
    ReportStatus,
)
from alliances.test import PartnershipTestCase, make_organisation, make_partnership


def make_report(partnership, *, status=ReportStatus.DONE, pdf="reports/2026/r.pdf") -> Report:
    return Report.objects.create(
        partnership=partnership,
        title="Rapport 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        language="fr",
        status=status,
        pdf=pdf if status == ReportStatus.DONE else "",
    )


def make_page(case, *, status=PublicPageStatus.PROPOSED, agreed=(), **fields) -> PublicPage:
    """The partnership's page at version 1, with the consents of the `agreed` parties."""
    fields.setdefault("summary", "Aide aux devoirs pour les collégiens du quartier.")
    page = PublicPage.objects.create(
        partnership=case.partnership, status=status, proposed_by=case.editor, **fields
    )
    for party in agreed:
        PublicPageConsent.objects.create(page=page, party=party, version=page.version)
    return page


class PublicationProposeTests(PartnershipTestCase):
    def url(self):
        return reverse("reports:publication_propose", args=[self.partnership.uuid])

    def post(self, user, **data):
        self.login(user)
        data.setdefault("summary", "Des tuteurs pour les collégiens des Couronneries.")
        data.setdefault("licence", OpenLicence.ETALAB)
        return self.client.post(self.url(), data)

    def test_coordinator_editor_proposes_version_one(self):
        report = make_report(self.partnership)
        response = self.post(self.editor, report=str(report.uuid), licence=OpenLicence.CC_BY)
        self.assertRedirects(response, reverse("reports:publication", args=[self.partnership.uuid]))
        page = PublicPage.objects.get(partnership=self.partnership)
        self.assertEqual(page.version, 1)
        self.assertEqual(page.status, PublicPageStatus.PROPOSED)
        self.assertEqual(page.licence, OpenLicence.CC_BY)
        self.assertEqual(page.report, report)
        self.assertEqual(page.proposed_by, self.editor)
        self.assertTrue(AuditEvent.objects.filter(verb="publication.proposed").exists())
        asked = set(
            Notification.objects.filter(verb="publication.consent_requested").values_list(
                "user__email", flat=True
            )
        )
        # The administrators of every party, and nobody who may not agree.
        self.assertEqual(asked, {"alice@example.org", "paula@example.org", "pierre@example.org"})

    def test_nothing_is_public_while_proposed(self):
        self.post(self.admin)
        page = PublicPage.objects.get(partnership=self.partnership)
        self.login(None)
        response = self.client.get(reverse("public_pages:detail", args=[page.uuid]))
        self.assertEqual(response.status_code, 404)

    def test_viewer_may_not_propose(self):
        self.assertEqual(self.post(self.viewer).status_code, 403)
        self.assertFalse(PublicPage.objects.exists())

    def test_administrator_of_another_party_may_not_propose(self):
        self.assertEqual(self.post(self.company_admin).status_code, 403)
        self.assertFalse(PublicPage.objects.exists())

    def test_outsider_gets_not_found(self):
        self.assertEqual(self.post(self.outsider).status_code, 404)

    def test_summary_is_required(self):
        response = self.post(self.editor, summary="  ")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Write a few lines for the public.", status_code=400)
        self.assertFalse(PublicPage.objects.exists())

    def test_report_must_be_a_finished_one_of_this_partnership(self):
        unfinished = make_report(self.partnership, status=ReportStatus.RUNNING)
        other, _parties = make_partnership("Ailleurs", coordinator=make_organisation("Autre"))
        foreign = make_report(other)
        for report in (unfinished, foreign):
            response = self.post(self.editor, report=str(report.uuid))
            self.assertEqual(response.status_code, 400)
        self.assertFalse(PublicPage.objects.exists())

    def test_change_of_a_published_page_takes_it_offline_as_a_new_version(self):
        page = make_page(
            self,
            status=PublicPageStatus.PUBLISHED,
            agreed=[self.lead_party, self.company_party, self.commune_party],
        )
        response = self.post(self.editor, summary="Un résumé revu.")
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.version, 2)
        self.assertEqual(page.status, PublicPageStatus.PROPOSED)
        self.assertEqual(page.summary, "Un résumé revu.")
        # Agreements to version 1 stay recorded but no longer count.
        self.assertEqual(page.consents.filter(version=2).count(), 0)
        self.login(None)
        public = self.client.get(reverse("public_pages:detail", args=[page.uuid]))
        self.assertEqual(public.status_code, 404)

    def test_unchanged_proposal_is_refused(self):
        make_page(self, summary="Même texte.")
        response = self.post(self.editor, summary="Même texte.")
        self.assertContains(response, "Nothing changed since version 1", status_code=400)
        self.assertEqual(PublicPage.objects.get().version, 1)

    def test_form_says_a_change_needs_every_agreement_again(self):
        make_page(self)
        self.login(self.editor)
        response = self.client.get(reverse("reports:publication", args=[self.partnership.uuid]))
        self.assertContains(response, "Any change makes a new version")
