"""The text of an agreement, assembled from a snapshot without the database."""

from django.test import SimpleTestCase

from alliances.agreements.sections import SECTION_KEYS, Signature, agreement_assemble

SNAPSHOT = {
    "title": "Réussir au collège",
    "purpose": "Aide aux devoirs.\n\nSorties culturelles.",
    "objectives": ["Faire progresser 60 collégiens", "Ouvrir le quartier"],
    "kind": "patronage",
    "territory": "Poitiers",
    "starts_on": "2026-09-01",
    "ends_on": "2027-08-31",
    "currency": "EUR",
    "parties": [
        {
            "uuid": "p1",
            "name": "Maison des Trois-Cités",
            "kind": "association",
            "roles": ["coordinator"],
            "siren": "",
            "rna": "W863000001",
            "address": "12 rue des Écoles",
            "postal_code": "86000",
            "city": "Poitiers",
        },
        {
            "uuid": "p2",
            "name": "Solidaires Industries",
            "kind": "company",
            "roles": ["funder"],
            "siren": "552100554",
            "rna": "",
            "address": "",
            "postal_code": "",
            "city": "",
        },
    ],
    "contributions": [
        {
            "party": "p2",
            "recipient": "p1",
            "kind": "money",
            "description": "Subvention",
            "unit_rate": None,
            "planned_quantity": None,
            "planned_amount": "20000.00",
            "period_start": None,
            "period_end": None,
        },
        {
            "party": "p1",
            "recipient": None,
            "kind": "skills",
            "description": "Tutorat",
            "unit_rate": "300.00",
            "planned_quantity": "10.00",
            "planned_amount": "3000.00",
            "period_start": "2026-09-01",
            "period_end": "2027-06-30",
        },
    ],
    "totals": {
        "p1": {"planned": "3000.00", "money_received": "20000.00"},
        "p2": {"planned": "20000.00", "money_received": "0"},
    },
    "total_planned": "23000.00",
}
WORKSTREAMS = [
    {"name": "Aide aux devoirs", "lead": "p1", "parties": ["p2"], "deliverables": "Bilan"}
]


def assemble(language="en", **overrides):
    values = {
        "content": {
            "snapshot": SNAPSHOT,
            "workstreams": WORKSTREAMS,
            "clauses": {"governance": "Le comité se réunit à la mairie.\n\nIl est public."},
        },
        "decision_rule": "majority",
        "meeting_frequency": "quarterly",
        "language": language,
    }
    values.update(overrides)
    return agreement_assemble(**values)


def text_of(section) -> str:
    return "\n".join(section.lines())


class AgreementAssemblyTests(SimpleTestCase):
    def test_ten_sections_in_order(self):
        agreement = assemble()
        self.assertEqual([s.key for s in agreement.sections], list(SECTION_KEYS))
        self.assertEqual(
            [s.heading for s in agreement.sections[:2]],
            ["1. Parties and roles", "2. Purpose and shared objectives"],
        )
        self.assertEqual(agreement.title, "Partnership agreement: Réussir au collège")

    def test_parties_with_kinds_roles_identifiers_and_addresses(self):
        parties = assemble().sections[0]
        self.assertEqual(
            parties.table.rows[0],
            (
                "Maison des Trois-Cités",
                "Association",
                "RNA W863000001",
                "12 rue des Écoles, 86000 Poitiers",
                "Coordinator",
            ),
        )
        self.assertEqual(parties.table.rows[1][2], "SIREN 552100554")
        self.assertIn("Funder (Solidaires Industries): brings financial means", text_of(parties))

    def test_purpose_and_objectives(self):
        purpose = text_of(assemble().sections[1])
        self.assertIn("Aide aux devoirs.\nSorties culturelles.", purpose)
        self.assertIn("Faire progresser 60 collégiens", purpose)
        self.assertIn("territory of Poitiers", purpose)

    def test_contributions_per_party_with_values(self):
        contributions = text_of(assemble().sections[2])
        self.assertIn(
            "Solidaires Industries contributes a planned value of 20,000.00 EUR", contributions
        )
        self.assertIn("10 days at 300.00 EUR a day", contributions)
        self.assertIn("from Sept. 1, 2026 to June 30, 2027", contributions)
        self.assertIn("for Maison des Trois-Cités", contributions)
        self.assertIn("amount to 23,000.00 EUR", contributions)
        self.assertIn("patronage (mécénat)", contributions)

    def test_workstreams_name_lead_and_parties(self):
        workstreams = text_of(assemble().sections[3])
        self.assertIn(
            "Aide aux devoirs: led by Maison des Trois-Cités, with Solidaires Industries. "
            "Deliverables: Bilan",
            workstreams,
        )
        empty = assemble(content={"snapshot": SNAPSHOT}).sections[3]
        self.assertIn("No workstream is defined yet", text_of(empty))

    def test_governance_terms_and_added_clauses(self):
        governance = assemble().sections[4]
        text = text_of(governance)
        self.assertIn(
            "one representative of each party: Maison des Trois-Cités and Solidaires Industries",
            text,
        )
        self.assertIn("It meets once a quarter", text)
        self.assertIn("by a majority of the parties", text)
        self.assertEqual(governance.clauses, ("Le comité se réunit à la mairie.", "Il est public."))
        consensus = text_of(
            assemble(decision_rule="consensus", meeting_frequency="monthly").sections[4]
        )
        self.assertIn("by consensus", consensus)
        self.assertIn("once a month", consensus)

    def test_conflicts_data_and_duration_standard_text(self):
        sections = assemble().sections
        conflicts = text_of(sections[5])
        self.assertLess(conflicts.index("Dialogue"), conflicts.index("Mediation"))
        self.assertLess(conflicts.index("Mediation"), conflicts.index("Exit"))
        self.assertIn("prior written consent", text_of(sections[6]))
        self.assertIn("(GDPR)", text_of(sections[7]))
        self.assertIn(
            "takes effect on Sept. 1, 2026 and ends on Aug. 31, 2027", text_of(sections[8])
        )

    def test_duration_without_dates(self):
        snapshot = {**SNAPSHOT, "starts_on": None, "ends_on": None}
        duration = text_of(assemble(content={"snapshot": snapshot}).sections[8])
        self.assertIn("once every party has approved it, for an indefinite period", duration)

    def test_signatures_name_approver_and_date(self):
        from datetime import date

        signatures = {"p2": Signature(name="Paula Partner", on=date(2026, 5, 4))}
        table = assemble(signatures=signatures).sections[9].table
        self.assertEqual(table.rows[0], ("Maison des Trois-Cités", "", "Awaiting approval"))
        self.assertEqual(table.rows[1], ("Solidaires Industries", "Paula Partner", "May 4, 2026"))

    def test_same_content_in_french(self):
        # Numbers and dates follow the language asked, whatever language is active.
        agreement = assemble(language="fr")
        contributions = text_of(agreement.sections[2])
        self.assertIn("20\xa0000,00 EUR", contributions)
        self.assertIn("1 septembre 2026", contributions)

    def test_an_empty_snapshot_still_reads(self):
        agreement = agreement_assemble(
            content={}, decision_rule="consensus", meeting_frequency="yearly"
        )
        self.assertEqual(len(agreement.sections), 10)
        self.assertIn("not known yet", text_of(agreement.sections[0]))
        self.assertIsNone(agreement.sections[9].table)
