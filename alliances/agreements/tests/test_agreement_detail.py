"""Reading the agreement: the text in force or the latest draft, and where each party stands."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.agreements.tests.base import AgreementTestCase


class AgreementDetailTests(AgreementTestCase):
    def url(self):
        return reverse("agreements:detail", args=[self.partnership.uuid])

    def test_permissions(self):
        self.save_version()
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)

    def test_no_agreement_yet(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, "No agreement has been drafted yet.")
        self.assertContains(response, reverse("agreements:edit", args=[self.partnership.uuid]))
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertNotContains(response, reverse("agreements:edit", args=[self.partnership.uuid]))

    def test_latest_draft_with_approval_status_and_the_approve_form(self):
        version = self.save_version(clauses={"governance": "Réunions à la mairie."})
        self.approve(self.company_admin, version, self.company_party)
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "Draft awaiting approval")
        self.assertContains(response, "1. Parties and roles")
        self.assertContains(response, "Réunions à la mairie.")
        self.assertContains(response, "Approved by Paula Partner on")
        self.assertContains(response, "Not approved", count=2)
        self.assertContains(
            response, "I have read version 1 and approve it on behalf of Maison des Trois-Cités."
        )
        self.assertContains(response, "Approve version 1")

    def test_editors_and_viewers_get_no_approve_button(self):
        self.save_version()
        for user in (self.editor, self.viewer):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertNotContains(self.client.get(self.url()), "Approve version 1")

    def test_a_party_that_approved_gets_no_second_button(self):
        version = self.save_version()
        self.approve(self.company_admin, version, self.company_party)
        self.login(self.company_admin)
        self.assertNotContains(self.client.get(self.url()), "Approve version 1")

    def test_in_force_text_with_a_note_on_the_newer_draft(self):
        self.approve_by_all(self.save_version())
        self.save_version(clauses={"data": "Hébergement en France."})
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "In force")
        self.assertContains(response, "A newer draft, version 2, changes this agreement")
        self.assertNotContains(response, "Hébergement en France.")
        self.assertContains(response, "?from=1&amp;to=2")


class AgreementVersionPageTests(AgreementTestCase):
    def url(self, number):
        return reverse("agreements:version", args=[self.partnership.uuid, number])

    def test_any_version_can_be_read(self):
        self.save_version()
        self.save_version(clauses={"data": "Hébergement en France."})
        self.login(self.viewer)
        response = self.client.get(self.url(1))
        self.assertContains(response, "Agreement, version 1")
        self.assertContains(response, "A newer version exists (version 2)")
        self.assertNotContains(response, "Hébergement en France.")
        response = self.client.get(self.url(2))
        self.assertContains(response, "Hébergement en France.")

    def test_an_older_draft_has_no_approve_button(self):
        self.save_version()
        self.save_version(clauses={"data": "Hébergement en France."})
        self.login(self.admin)
        self.assertNotContains(self.client.get(self.url(1)), "Approve version 1")
        self.assertContains(self.client.get(self.url(2)), "Approve version 2")

    def test_unknown_version_and_outsiders_get_not_found(self):
        self.save_version()
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url(5)).status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url(1)).status_code, 404)


class AgreementDetailQueriesTests(AgreementTestCase):
    def count_queries(self) -> int:
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(reverse("agreements:detail", args=[self.partnership.uuid]))
        self.assertEqual(response.status_code, 200)
        return len(context.captured_queries)

    def test_query_count_does_not_grow_with_versions_and_approvals(self):
        self.approve_by_all(self.save_version())
        self.login(self.admin)
        few = self.count_queries()
        for number in range(2, 6):
            version = self.save_version(clauses={"data": f"Clause {number}"}, user=self.admin)
            self.approve(self.company_admin, version, self.company_party)
        self.assertEqual(self.count_queries(), few)
