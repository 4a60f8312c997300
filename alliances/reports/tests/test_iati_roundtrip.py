"""Import then export gives an equivalent activity: the official examples, and our own file."""

from django.urls import reverse

from alliances.partnerships.models import PartyStatus
from alliances.reports.iati.export import partnership_export
from alliances.reports.iati.importer import iati_import_create
from alliances.reports.iati.reading import read_activities
from alliances.reports.models import IatiImport
from alliances.reports.tests.iati_base import RichPartnershipCase, example, parse, summary
from alliances.test import BaseTestCase

OFFICIAL = [
    "activity-standard-example-annotated.xml",
    "should-pass/02-minimal-doc.xml",
    "should-pass/21-transaction.xml",
    "should-pass/22-participating-org.xml",
    "should-pass/24-results.xml",
]


def round_trip(case, content: bytes, *, organisation, user, kind="societal_innovation"):
    original = read_activities(content)[0]
    record = iati_import_create(
        user=user, organisation=organisation, filename="a.xml", activity=original, kind=kind
    )
    export = partnership_export(record.partnership)
    case.assertEqual(export.missing + export.problems, [])
    return record, summary(original), summary(parse(export.content).find("iati-activity"))


class OfficialExamplesRoundTripTests(BaseTestCase):
    def assert_equivalent(self, record, before, after):
        reported = record.report
        if before["identifier"]:
            self.assertEqual(after["identifier"], before["identifier"])
        self.assertEqual(after["title"], before["title"])
        # The importing organisation is added as the coordinator (Accountable).
        extra = after["participants"] - before["participants"]
        self.assertEqual(extra, {(self.org.name, "2")})
        roles = {"1", "2", "3", "4"}
        self.assertEqual(
            after["participants"] - extra, {p for p in before["participants"] if p[1] in roles}
        )
        self.assertEqual(after["sectors"], before["sectors"])
        # Results: same titles, indicators, baselines and numeric target/actual per period.
        self.assertEqual(after["results"], before["results"])
        # Transactions of organisations that are not parties are reported, not mapped.
        if before["transactions"]:
            self.assertIn("transaction", {item["element"] for item in reported["skipped"]})

    def test_each_official_example_round_trips(self):
        for name in OFFICIAL:
            with self.subTest(name):
                record, before, after = round_trip(
                    self, example(name), organisation=self.org, user=self.editor
                )
                self.assert_equivalent(record, before, after)

    def test_annotated_example_report_says_what_was_skipped_and_why(self):
        record, _before, _after = round_trip(
            self,
            example("activity-standard-example-annotated.xml"),
            organisation=self.org,
            user=self.editor,
        )
        skipped = {item["element"]: item["reason"] for item in record.report["skipped"]}
        self.assertEqual(skipped["document-link"], "documents are not imported")
        self.assertIn("vocabulary 99, code A1", skipped["sector"])
        self.assertIn("crs-add", skipped)
        self.assertTrue(_after["results"][0][1][0][2], "periods were compared")
        partnership = record.partnership
        self.assertEqual(partnership.title, "Titre de l'activité")
        self.assertEqual(str(partnership.starts_on), "2012-04-28")
        self.assertEqual(str(partnership.ends_on), "2015-12-31")
        indicator = partnership.indicators.get()
        self.assertEqual(indicator.frequency, "quarterly")
        value = indicator.values.get()
        self.assertEqual((value.status, value.source, value.value), ("approved", "import", 11))


class OwnExportRoundTripTests(RichPartnershipCase):
    def test_our_export_imported_by_the_coordinator_exports_the_same(self):
        content = partnership_export(self.partnership).content
        record, before, after = round_trip(
            self, content, organisation=self.org, user=self.admin, kind="patronage"
        )
        self.assertEqual(after["identifier"], before["identifier"])
        self.assertEqual(after["participants"], before["participants"])
        self.assertEqual(after["sectors"], before["sectors"])
        self.assertEqual(after["results"], before["results"])
        # The school and the commune have no identifier, so their contributions stay out.
        mapped = {
            t for t in before["transactions"] if t[2] in {"FR-RCS-775663438", "FR-RCS-552100554"}
        }
        self.assertEqual({t[:2] for t in after["transactions"]}, {t[:2] for t in mapped})
        company = record.partnership.parties.get(organisation=self.company)
        self.assertEqual(company.status, PartyStatus.INVITED)
        self.assertEqual(company.roles, ["funder"])
        self.assertEqual(IatiImport.objects.get().partnership, record.partnership)
        self.login(self.admin)
        response = self.client.get(reverse("iati:import_report", args=[self.org.uuid, record.uuid]))
        self.assertContains(response, "Solidaires Industries invited to take part")
