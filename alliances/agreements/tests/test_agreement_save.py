"""Saving the agreement makes a new draft version holding the data as they are now."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from alliances.agreements.models import AgreementVersion, MeetingFrequency, VersionStatus
from alliances.agreements.tests.base import AgreementTestCase
from alliances.core.models import AuditEvent
from alliances.partnerships.models import (
    Activity,
    Contribution,
    ContributionKind,
    DecisionRule,
    Notification,
    Stage,
)


class AgreementSaveTests(AgreementTestCase):
    def test_first_save_makes_version_one_with_the_snapshot(self):
        version = self.save_version(
            clauses={"governance": "  Réunions à la mairie.  ", "data": ""},
            workstreams=[
                {
                    "name": " Aide  aux devoirs ",
                    "lead": str(self.lead_party.uuid),
                    "parties": [str(self.commune_party.uuid), str(self.lead_party.uuid)],
                    "deliverables": "Bilan annuel",
                }
            ],
            decision_rule=DecisionRule.MAJORITY,
            note="Première rédaction",
        )
        self.assertEqual(version.number, 1)
        self.assertEqual(version.status, VersionStatus.DRAFT)
        self.assertEqual(version.decision_rule, DecisionRule.MAJORITY)
        self.assertEqual(version.created_by, self.editor)
        self.assertEqual(version.note, "Première rédaction")
        content = version.content
        self.assertEqual(content["clauses"], {"governance": "Réunions à la mairie."})
        self.assertEqual(
            content["workstreams"],
            [
                {
                    "name": "Aide aux devoirs",
                    "lead": str(self.lead_party.uuid),
                    "parties": [str(self.commune_party.uuid)],
                    "deliverables": "Bilan annuel",
                }
            ],
        )
        snapshot = content["snapshot"]
        self.assertEqual(
            [party["name"] for party in snapshot["parties"]],
            ["Maison des Trois-Cités", "Solidaires Industries", "Ville de Poitiers"],
        )
        self.assertEqual(snapshot["parties"][1]["siren"], "552100554")
        self.assertEqual(snapshot["totals"][str(self.company_party.uuid)]["planned"], "20000.00")
        self.assertEqual(
            snapshot["totals"][str(self.lead_party.uuid)]["money_received"], "20000.00"
        )
        self.assertEqual(snapshot["total_planned"], "23000.00")
        self.assertEqual(snapshot["starts_on"], "2026-09-01")

    def test_side_effects(self):
        version = self.save_version()
        event = AuditEvent.objects.get(verb="agreement.version_saved")
        self.assertEqual(event.actor, self.editor)
        self.assertEqual(event.object_uuid, version.uuid)
        activity = Activity.objects.get(verb="agreement.version_saved")
        self.assertEqual(activity.data["number"], 1)
        asked = set(
            Notification.objects.filter(verb="agreement.approval_requested").values_list(
                "user__email", flat=True
            )
        )
        self.assertEqual(
            asked, {self.admin.email, self.company_admin.email, self.commune_admin.email}
        )
        told = set(
            Notification.objects.filter(verb="agreement.version_saved").values_list(
                "user__email", flat=True
            )
        )
        # The viewer reads it; the editor saved it; administrators were asked to approve.
        self.assertEqual(told, {self.viewer.email})

    def test_next_save_makes_the_next_number_and_keeps_the_previous(self):
        first = self.save_version()
        second = self.save_version(clauses={"communication": "Logo sur les affiches."})
        self.assertEqual(second.number, 2)
        first.refresh_from_db()
        self.assertEqual(first.content["clauses"], {})
        self.assertEqual(AgreementVersion.objects.count(), 2)

    def test_nothing_changed_creates_nothing(self):
        self.save_version(clauses={"data": "Données hébergées en France."})
        with self.assertRaisesMessage(ValidationError, "Nothing changed since version 1"):
            self.save_version(clauses={"data": "Données hébergées en France."}, note="Again")
        self.assertEqual(AgreementVersion.objects.count(), 1)

    def test_changed_terms_or_data_make_a_new_version(self):
        self.save_version()
        second = self.save_version(meeting_frequency=MeetingFrequency.MONTHLY)
        self.assertEqual(second.number, 2)
        Contribution.objects.create(
            partnership=self.partnership,
            party=self.commune_party,
            kind=ContributionKind.PREMISES,
            description="Salle municipale",
            planned_amount=Decimal("1500"),
        )
        third = self.save_version(meeting_frequency=MeetingFrequency.MONTHLY)
        self.assertEqual(third.number, 3)

    def test_a_saved_version_keeps_its_text_after_later_contributions(self):
        version = self.save_version()
        Contribution.objects.create(
            partnership=self.partnership,
            party=self.commune_party,
            kind=ContributionKind.PREMISES,
            description="Salle municipale",
            planned_amount=Decimal("1500"),
        )
        version.refresh_from_db()
        descriptions = [row["description"] for row in version.content["snapshot"]["contributions"]]
        self.assertNotIn("Salle municipale", descriptions)
        self.assertEqual(version.content["snapshot"]["total_planned"], "23000.00")

    def test_a_version_in_force_stays_and_a_new_draft_is_an_amendment(self):
        in_force = self.approve_by_all(self.save_version())
        amendment = self.save_version(clauses={"duration": "Renouvelable une fois."})
        in_force.refresh_from_db()
        self.assertEqual(in_force.status, VersionStatus.IN_FORCE)
        self.assertEqual(in_force.content["clauses"], {})
        self.assertEqual((amendment.number, amendment.status), (2, VersionStatus.DRAFT))

    def test_invalid_input_is_refused_with_clear_messages(self):
        cases = [
            ({"decision_rule": "dictatorship"}, "Choose how the steering committee decides."),
            ({"meeting_frequency": "never"}, "Choose how often the steering committee meets."),
            ({"clauses": {"preamble": "x"}}, "Unknown section of the agreement."),
            ({"clauses": {"data": "x" * 5001}}, "A clause can be at most 5000 characters long."),
            ({"workstreams": [{"name": " ", "lead": ""}]}, "Give every workstream a name."),
            (
                {"workstreams": [{"name": "Sorties", "lead": "nobody"}]},
                "Choose which party leads the workstream “Sorties”.",
            ),
            (
                {
                    "workstreams": [
                        {
                            "name": "Sorties",
                            "lead": str(self.lead_party.uuid),
                            "parties": ["someone-else"],
                        }
                    ]
                },
                "Only parties of the partnership can take part in a workstream.",
            ),
        ]
        for values, message in cases:
            with self.subTest(message=message), self.assertRaisesMessage(ValidationError, message):
                self.save_version(**values)
        self.assertFalse(AgreementVersion.objects.exists())

    def test_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            self.save_version()
        self.assertFalse(AgreementVersion.objects.exists())

    def test_viewers_cannot_save(self):
        with self.assertRaises(PermissionDenied):
            self.save_version(self.viewer)
        self.assertFalse(AgreementVersion.objects.exists())
