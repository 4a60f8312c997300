"""The agreement endpoints of the API: versions, one version with the parties' approvals, and
the approval on behalf of a party."""

from alliances.agreements.models import Approval, VersionStatus
from alliances.agreements.tests.base import AgreementTestCase
from alliances.core.models import AuditEvent, Interface
from alliances.partnerships.tests.test_api_partnerships import PartnershipApiTestCase


class AgreementApiTestCase(PartnershipApiTestCase, AgreementTestCase):
    def url(self, suffix: str = "") -> str:
        return self.base() + "/agreement" + suffix


class AgreementVersionsTests(AgreementApiTestCase):
    def test_lists_versions_newest_first(self):
        self.save_version(note="Première rédaction")
        self.save_version(note="Après le comité", clauses={"purpose": "Réussir."})
        response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual([item["number"] for item in items], [2, 1])
        self.assertEqual(items[0]["note"], "Après le comité")
        self.assertEqual(items[0]["status"], VersionStatus.DRAFT)

    def test_pages_and_query_count(self):
        for number in range(3):
            self.save_version(clauses={"purpose": f"Texte {number}"})
        self.api_get(self.url(), secret=self.read_secret)
        with self.assertNumQueries(5):
            first = self.api_get(self.url(), secret=self.read_secret, params={"limit": 2})
        self.assertEqual([item["number"] for item in first.json()["items"]], [3, 2])
        cursor = first.json()["next_cursor"]
        rest = self.api_get(
            self.url(), secret=self.read_secret, params={"limit": 2, "cursor": cursor}
        ).json()
        self.assertEqual([item["number"] for item in rest["items"]], [1])
        self.assertIsNone(rest["next_cursor"])

    def test_outsider_gets_not_found(self):
        self.assertError(self.api_get(self.url(), secret=self.outsider_secret), 404, "not_found")


class AgreementVersionTests(AgreementApiTestCase):
    def test_reads_the_version_and_who_approved(self):
        version = self.save_version(clauses={"purpose": "Réussir ensemble."})
        Approval.objects.create(version=version, party=self.company_party)
        response = self.api_get(self.url("/versions/1"), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["number"], 1)
        self.assertEqual(body["content"]["clauses"]["purpose"], "Réussir ensemble.")
        approvals = {row["party"]: row for row in body["approvals"]}
        self.assertTrue(approvals[str(self.company_party.uuid)]["approved"])
        self.assertEqual(approvals[str(self.company_party.uuid)]["latest_approved"], 1)
        self.assertFalse(approvals[str(self.lead_party.uuid)]["approved"])

    def test_unknown_number_is_not_found(self):
        self.save_version()
        response = self.api_get(self.url("/versions/7"), secret=self.read_secret)
        self.assertError(response, 404, "not_found")

    def test_outsider_gets_not_found(self):
        self.save_version()
        response = self.api_get(self.url("/versions/1"), secret=self.outsider_secret)
        self.assertError(response, 404, "not_found")


class AgreementApproveTests(AgreementApiTestCase):
    def setUp(self):
        super().setUp()
        self.version = self.save_version()

    def approve(self, secret: str, party=None, number: int = 1):
        body = {"party": str(party.uuid)} if party is not None else None
        return self.api_post(self.url(f"/versions/{number}/approve"), body, secret=secret)

    def test_admin_approves_for_their_party(self):
        response = self.approve(self.admin_secret, self.lead_party)
        self.assertEqual(response.status_code, 200, response.content)
        approvals = {row["party"]: row for row in response.json()["approvals"]}
        self.assertTrue(approvals[str(self.lead_party.uuid)]["approved"])
        self.assertTrue(
            Approval.objects.filter(version=self.version, party=self.lead_party).exists()
        )

    def test_the_audit_log_says_it_came_through_the_api(self):
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.approve(self.admin_secret, self.lead_party)
        events = AuditEvent.objects.filter(pk__gt=before)
        self.assertTrue(events.exists())
        self.assertEqual({event.interface for event in events}, {Interface.API})

    def test_last_approval_puts_the_version_in_force(self):
        Approval.objects.create(version=self.version, party=self.lead_party)
        Approval.objects.create(version=self.version, party=self.commune_party)
        response = self.approve(self.company_secret, self.company_party)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], VersionStatus.IN_FORCE)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.agreement_in_force, 1)

    def test_approving_twice_is_refused(self):
        self.approve(self.admin_secret, self.lead_party)
        response = self.approve(self.admin_secret, self.lead_party)
        self.assertError(response, 422, "invalid")
        self.assertEqual(Approval.objects.filter(party=self.lead_party).count(), 1)

    def test_another_partys_approval_is_forbidden(self):
        response = self.approve(self.admin_secret, self.company_party)
        self.assertError(response, 403, "forbidden")
        self.assertFalse(Approval.objects.exists())

    def test_editor_is_forbidden(self):
        response = self.approve(self.write_secret, self.lead_party)
        self.assertError(response, 403, "forbidden")

    def test_read_token_is_refused(self):
        from alliances.accounts.tokens import token_create

        _token, secret = token_create(user=self.admin, name="Lecture")
        response = self.approve(secret, self.lead_party)
        self.assertError(response, 403, "insufficient_scope")
        self.assertFalse(Approval.objects.exists())

    def test_empty_body_is_refused_after_access(self):
        self.assertError(self.approve(self.admin_secret), 422, "invalid")

    def test_outsider_gets_not_found(self):
        from alliances.accounts.models import TokenScope
        from alliances.accounts.tokens import token_create

        _token, secret = token_create(user=self.outsider, name="É", scope=TokenScope.WRITE)
        self.assertError(self.approve(secret, self.lead_party), 404, "not_found")
