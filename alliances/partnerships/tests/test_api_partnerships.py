"""The partnership endpoints of the API: the caller's partnerships, one partnership, its parties,
the contributions ledger (read and record) and the opportunity assessment."""

import json
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_create
from alliances.api.tests.base import ApiTestCase, api_url
from alliances.core.models import AuditEvent
from alliances.partnerships.models import (
    Assessment,
    AssessmentStatus,
    Contribution,
    ContributionKind,
    PartnershipType,
    Stage,
)
from alliances.test import make_partnership


class PartnershipApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_token, cls.admin_secret = token_create(
            user=cls.admin, name="Admin", scope=TokenScope.WRITE
        )
        cls.editor_read, cls.editor_read_secret = token_create(user=cls.editor, name="Lecture")
        cls.company_token, cls.company_secret = token_create(
            user=cls.company_admin, name="Entreprise", scope=TokenScope.WRITE
        )
        cls.outsider_token, cls.outsider_secret = token_create(user=cls.outsider, name="Autre")

    def base(self) -> str:
        return f"/partnerships/{self.partnership.uuid}"

    def api_post(self, path: str, body, *, secret: str):
        data = "" if body is None else json.dumps(body)
        return self.client.post(
            api_url(path), data, content_type="application/json", **self.bearer(secret)
        )


class PartnershipListTests(PartnershipApiTestCase):
    def test_anonymous_is_refused(self):
        self.assertError(self.api_get("/partnerships"), 401, "unauthenticated")

    def test_lists_only_the_callers_partnerships(self):
        make_partnership("Ailleurs", coordinator=self.other_org)
        response = self.api_get("/partnerships", secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual([row["uuid"] for row in body["items"]], [str(self.partnership.uuid)])
        self.assertIsNone(body["next_cursor"])
        row = body["items"][0]
        self.assertEqual(row["title"], "Réussir au collège")
        self.assertEqual(row["stage"], Stage.EXPLORATION)
        self.assertEqual(row["kind"], PartnershipType.PATRONAGE)

    def test_outsider_gets_an_empty_list(self):
        response = self.api_get("/partnerships", secret=self.outsider_secret)
        self.assertEqual(response.json()["items"], [])

    def test_filters_by_stage_and_kind(self):
        second, _parties = make_partnership(
            "Jardins", coordinator=self.org, kind=PartnershipType.SOCIETAL_INNOVATION
        )
        second.stage = Stage.IMPLEMENTATION
        second.save(update_fields=["stage"])
        by_stage = self.api_get(
            "/partnerships", secret=self.read_secret, params={"stage": "implementation"}
        ).json()
        self.assertEqual([row["uuid"] for row in by_stage["items"]], [str(second.uuid)])
        by_kind = self.api_get(
            "/partnerships", secret=self.read_secret, params={"kind": "patronage"}
        ).json()
        self.assertEqual([row["uuid"] for row in by_kind["items"]], [str(self.partnership.uuid)])
        unknown = self.api_get("/partnerships", secret=self.read_secret, params={"stage": "x"})
        self.assertError(unknown, 422, "invalid")

    def test_pages_with_a_cursor(self):
        second, _parties = make_partnership("Jardins", coordinator=self.org)
        first_page = self.api_get(
            "/partnerships", secret=self.read_secret, params={"limit": 1}
        ).json()
        self.assertEqual(len(first_page["items"]), 1)
        self.assertIsNotNone(first_page["next_cursor"])
        second_page = self.api_get(
            "/partnerships",
            secret=self.read_secret,
            params={"limit": 1, "cursor": first_page["next_cursor"]},
        ).json()
        seen = {first_page["items"][0]["uuid"], second_page["items"][0]["uuid"]}
        self.assertEqual(seen, {str(self.partnership.uuid), str(second.uuid)})
        self.assertIsNone(second_page["next_cursor"])

    def test_query_count_does_not_grow_with_rows(self):
        self.api_get("/partnerships", secret=self.read_secret)  # marks the token used
        with CaptureQueriesContext(connection) as one:
            self.api_get("/partnerships", secret=self.read_secret)
        for number in range(3):
            make_partnership(f"Projet {number}", coordinator=self.org)
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.api_get("/partnerships", secret=self.read_secret)
        self.assertEqual(len(response.json()["items"]), 4)


class PartnershipDetailTests(PartnershipApiTestCase):
    def test_member_reads_the_partnership(self):
        response = self.api_get(self.base(), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["uuid"], str(self.partnership.uuid))
        self.assertEqual(body["my_parties"], [str(self.lead_party.uuid)])
        self.assertEqual(body["decision_rule"], "consensus")
        self.assertIsNone(body["agreement_in_force"])

    def test_outsider_gets_not_found(self):
        response = self.api_get(self.base(), secret=self.outsider_secret)
        self.assertError(response, 404, "not_found")

    def test_parties(self):
        response = self.api_get(self.base() + "/parties", secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertEqual(
            [item["name"] for item in items],
            ["Maison des Trois-Cités", "Solidaires Industries", "Ville de Poitiers"],
        )
        self.assertTrue(items[0]["is_coordinator"])
        self.assertEqual(items[1]["roles"], ["funder"])
        self.assertEqual(items[1]["organisation"], str(self.company.uuid))
        self.assertError(
            self.api_get(self.base() + "/parties", secret=self.outsider_secret), 404, "not_found"
        )


class ContributionListTests(PartnershipApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.money = Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.company_party,
            recipient=cls.lead_party,
            kind=ContributionKind.MONEY,
            description="Subvention",
            planned_amount=Decimal("5000"),
            actual_amount=Decimal("2500.50"),
            period_start=date(2026, 1, 1),
        )
        cls.skills = Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            kind=ContributionKind.SKILLS,
            description="Tutorat",
            unit_rate=Decimal("300"),
            planned_quantity=Decimal("10"),
            planned_amount=Decimal("3000"),
            period_start=date(2025, 9, 1),
        )

    def url(self) -> str:
        return self.base() + "/contributions"

    def test_lists_the_ledger_with_amounts_as_strings(self):
        response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        items = {item["description"]: item for item in response.json()["items"]}
        money = items["Subvention"]
        self.assertEqual(money["party"], str(self.company_party.uuid))
        self.assertEqual(money["recipient"], str(self.lead_party.uuid))
        self.assertEqual(money["planned_amount"], "5000.00")
        self.assertEqual(money["actual_amount"], "2500.50")
        self.assertEqual(money["currency"], "EUR")
        self.assertEqual(items["Tutorat"]["unit_rate"], "300.00")
        self.assertIsNone(items["Tutorat"]["actual_amount"])

    def test_filters(self):
        def descriptions(params):
            response = self.api_get(self.url(), secret=self.read_secret, params=params)
            return [item["description"] for item in response.json()["items"]]

        self.assertEqual(descriptions({"party": str(self.company_party.uuid)}), ["Subvention"])
        self.assertEqual(descriptions({"kind": "skills"}), ["Tutorat"])
        self.assertEqual(descriptions({"year": 2025}), ["Tutorat"])
        self.assertEqual(descriptions({"year": 2024}), [])

    def test_unknown_party_filter_is_refused(self):
        other, parties = make_partnership("Ailleurs", coordinator=self.other_org)
        stranger = parties[self.other_org.pk]
        response = self.api_get(
            self.url(), secret=self.read_secret, params={"party": str(stranger.uuid)}
        )
        error = self.assertError(response, 422, "invalid")
        self.assertIn("party", error["fields"])

    def test_outsider_gets_not_found(self):
        self.assertError(self.api_get(self.url(), secret=self.outsider_secret), 404, "not_found")

    def test_query_count_does_not_grow_with_rows(self):
        self.api_get(self.url(), secret=self.read_secret)
        with CaptureQueriesContext(connection) as two:
            self.api_get(self.url(), secret=self.read_secret)
        for number in range(3):
            Contribution.objects.create(
                partnership=self.partnership,
                party=self.commune_party,
                recipient=self.lead_party,
                kind=ContributionKind.MONEY,
                description=f"Versement {number}",
                planned_amount=Decimal("100"),
            )
        with self.assertNumQueries(len(two.captured_queries)):
            response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(len(response.json()["items"]), 5)


class ContributionCreateTests(PartnershipApiTestCase):
    def url(self) -> str:
        return self.base() + "/contributions"

    def body(self, **changes) -> dict:
        return {
            "kind": "skills",
            "description": "Soutien scolaire",
            "unit_rate": "250",
            "planned_quantity": "4",
            "period_start": "2026-09-01",
            **changes,
        }

    def test_editor_records_for_their_party(self):
        response = self.api_post(self.url(), self.body(), secret=self.write_secret)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["party"], str(self.lead_party.uuid))
        # Skills are valued as days × rate by the service.
        self.assertEqual(body["planned_amount"], "1000.00")
        contribution = Contribution.objects.get(uuid=body["uuid"])
        self.assertEqual(contribution.recorded_by, self.editor)
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="contribution.recorded", object_uuid=contribution.uuid
            ).exists()
        )

    def test_money_with_a_recipient(self):
        body = self.body(
            kind="money",
            description="Subvention",
            planned_amount=1500,
            recipient=str(self.lead_party.uuid),
        )
        response = self.api_post(self.url(), body, secret=self.company_secret)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["party"], str(self.company_party.uuid))
        self.assertEqual(response.json()["recipient"], str(self.lead_party.uuid))

    def test_the_services_rules_answer_422_with_fields(self):
        response = self.api_post(self.url(), self.body(unit_rate=None), secret=self.write_secret)
        error = self.assertError(response, 422, "invalid")
        self.assertIn("unit_rate", error["fields"])
        self.assertFalse(Contribution.objects.exists())

    def test_empty_body_is_refused_after_access(self):
        response = self.api_post(self.url(), None, secret=self.write_secret)
        self.assertError(response, 422, "invalid")

    def test_another_partys_line_is_forbidden(self):
        body = self.body(party=str(self.company_party.uuid))
        response = self.api_post(self.url(), body, secret=self.write_secret)
        self.assertError(response, 403, "forbidden")
        self.assertFalse(Contribution.objects.exists())

    def test_viewer_is_forbidden(self):
        viewer_write, secret = token_create(
            user=self.viewer, name="Écriture", scope=TokenScope.WRITE
        )
        response = self.api_post(self.url(), self.body(), secret=secret)
        self.assertError(response, 403, "forbidden")

    def test_read_token_is_refused(self):
        response = self.api_post(self.url(), self.body(), secret=self.editor_read_secret)
        self.assertError(response, 403, "insufficient_scope")
        self.assertFalse(Contribution.objects.exists())

    def test_outsider_gets_not_found(self):
        outsider_write, secret = token_create(
            user=self.outsider, name="Écriture", scope=TokenScope.WRITE
        )
        response = self.api_post(self.url(), self.body(), secret=secret)
        self.assertError(response, 404, "not_found")

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        response = self.api_post(self.url(), self.body(), secret=self.write_secret)
        self.assertError(response, 422, "invalid")
        self.assertFalse(Contribution.objects.exists())


class AssessmentListTests(PartnershipApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lead_answers = Assessment.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            non_negotiables="Pas de publicité auprès des élèves.",
        )
        cls.company_answers = Assessment.objects.create(
            partnership=cls.partnership,
            party=cls.company_party,
            non_negotiables="Un rapport par an.",
            status=AssessmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )

    def url(self) -> str:
        return self.base() + "/assessments"

    def by_party(self, response) -> dict:
        return {item["party"]: item for item in response.json()["parties"]}

    def test_other_parties_answers_stay_hidden_until_all_submitted(self):
        response = self.api_get(self.url(), secret=self.read_secret)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["complete"])
        self.assertIsNone(response.json()["fit"])
        parties = self.by_party(response)
        own = parties[str(self.lead_party.uuid)]
        self.assertFalse(own["submitted"])
        self.assertEqual(own["answers"]["non_negotiables"], "Pas de publicité auprès des élèves.")
        company = parties[str(self.company_party.uuid)]
        self.assertTrue(company["submitted"])
        self.assertIsNone(company["answers"])
        self.assertNotIn("Un rapport par an.", response.content.decode())
        self.assertIsNone(parties[str(self.commune_party.uuid)]["answers"])

    def test_everyones_answers_once_all_have_submitted(self):
        Assessment.objects.filter(partnership=self.partnership).update(
            status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now()
        )
        Assessment.objects.create(
            partnership=self.partnership,
            party=self.commune_party,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        response = self.api_get(self.url(), secret=self.read_secret)
        body = response.json()
        self.assertTrue(body["complete"])
        self.assertIsInstance(body["fit"]["overall"], int)
        company = self.by_party(response)[str(self.company_party.uuid)]
        self.assertEqual(company["answers"]["non_negotiables"], "Un rapport par an.")

    def test_outsider_gets_not_found(self):
        self.assertError(self.api_get(self.url(), secret=self.outsider_secret), 404, "not_found")
