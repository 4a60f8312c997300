"""Exporting a partnership as an IATI 2.03 activity file."""

from django.urls import reverse

from alliances.reports.iati.export import partnership_export
from alliances.reports.iati.schema import activity_schema
from alliances.reports.tests.iati_base import RichPartnershipCase, parse, summary


class IatiExportTests(RichPartnershipCase):
    def export(self):
        export = partnership_export(self.partnership)
        self.assertEqual(export.problems, [])
        self.assertTrue(export.ok)
        return export, parse(export.content)

    def test_rich_partnership_validates_against_the_schema(self):
        export, root = self.export()
        self.assertTrue(activity_schema().validate(root.getroottree()))
        self.assertEqual(root.get("version"), "2.03")

    def test_identifier_and_reporting_org_come_from_the_coordinator_siren(self):
        _export, root = self.export()
        activity = root.find("iati-activity")
        self.assertEqual(
            activity.findtext("iati-identifier"), f"FR-RCS-775663438-{self.partnership.uuid}"
        )
        self.assertEqual(activity.find("reporting-org").get("ref"), "FR-RCS-775663438")
        self.assertEqual(activity.find("reporting-org").get("type"), "22")

    def test_participating_orgs_roles_and_types(self):
        _export, root = self.export()
        got = {
            (org.findtext("narrative"), org.get("role"), org.get("type"), org.get("ref"))
            for org in root.iter("participating-org")
        }
        self.assertEqual(
            got,
            {
                ("Maison des Trois-Cités", "2", "22", "FR-RCS-775663438"),
                ("Solidaires Industries", "1", "70", "FR-RCS-552100554"),
                ("Ville de Poitiers", "3", "11", None),
                ("Collège Ronsard", "4", "80", None),
            },
        )

    def test_sectors_sum_to_100_per_vocabulary(self):
        _export, root = self.export()
        sectors = [
            (s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in root.iter("sector")
        ]
        self.assertEqual(sectors, [("7", "4", "50"), ("7", "10", "50"), ("8", "4.1", "100")])

    def test_budgets_per_year_and_transactions_per_contribution(self):
        _export, root = self.export()
        budgets = [
            (b.find("period-start").get("iso-date"), b.findtext("value"))
            for b in root.iter("budget")
        ]
        # 2026: 12000 + 3000 + 2400 + 200 (no date: the partnership's start); 2027: 1500 + 800.
        self.assertEqual(budgets, [("2026-01-01", "17600"), ("2027-01-01", "2300")])
        kinds = sorted(t.find("transaction-type").get("code") for t in root.iter("transaction"))
        self.assertEqual(kinds.count("11"), 6)
        self.assertEqual(kinds.count("1"), 3)
        skills = next(t for t in root.iter("transaction") if ":skills:" in t.get("ref"))
        self.assertIn("Apport skills", skills.find("description").findtext("narrative"))
        self.assertEqual(skills.find("provider-org").get("ref"), "FR-RCS-552100554")
        self.assertEqual(
            skills.find("receiver-org").findtext("narrative"), "Maison des Trois-Cités"
        )

    def test_results_with_targets_and_approved_totals_only(self):
        _export, root = self.export()
        activity = root.find("iati-activity")
        self.assertEqual(
            summary(activity)["results"],
            [
                (
                    "Les élèves progressent",
                    (
                        (
                            "Élèves suivis",
                            ("2025", 40),
                            (("2026-01-01", 60, 58), ("2027-01-01", 80, None)),
                        ),
                        ("Taux d'absentéisme", None, (("2026-01-01", 12, 14.5),)),
                    ),
                )
            ],
        )
        indicator = activity.find("result/indicator[2]")
        self.assertEqual(indicator.get("measure"), "2")
        self.assertEqual(indicator.get("ascending"), "0")
        self.assertEqual(indicator.find("period/period-end").get("iso-date"), "2026-06-30")

    def test_without_any_date_nothing_is_served_and_the_page_says_why(self):
        self.partnership.starts_on = self.partnership.ends_on = None
        self.partnership.save()
        export = partnership_export(self.partnership)
        self.assertFalse(export.ok)
        self.assertEqual(len(export.missing), 1)
        self.login(self.viewer)
        response = self.client.get(reverse("reports:iati_export", args=[self.partnership.uuid]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "start date")

    def test_members_download_the_file(self):
        self.login(self.viewer)
        response = self.client.get(reverse("reports:iati_export", args=[self.partnership.uuid]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        self.assertIn("reussir-au-college-iati.xml", response["Content-Disposition"])
        self.assertTrue(activity_schema().validate(parse(response.content).getroottree()))

    def test_outsiders_get_404(self):
        self.login(self.outsider)
        response = self.client.get(reverse("reports:iati_export", args=[self.partnership.uuid]))
        self.assertEqual(response.status_code, 404)

    def test_coordinator_without_siren_still_gets_a_valid_file_with_a_warning(self):
        self.org.siren = ""
        self.org.save()
        export = partnership_export(self.partnership)
        self.assertTrue(export.ok)
        self.assertEqual(len(export.warnings), 1)
        activity = parse(export.content).find("iati-activity")
        self.assertEqual(activity.findtext("iati-identifier"), str(self.partnership.uuid))
