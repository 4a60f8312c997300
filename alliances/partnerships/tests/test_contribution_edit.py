from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.models import (
    Activity,
    Contribution,
    ContributionKind,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.contributions import ContributionData, contribution_change
from alliances.test import PartnershipTestCase


def skills(**values) -> ContributionData:
    return ContributionData(
        **{
            "kind": ContributionKind.SKILLS,
            "description": "Tutorat",
            "unit_rate": Decimal("300"),
            "planned_quantity": Decimal("10"),
            **values,
        }
    )


class ContributionEditTestCase(PartnershipTestCase):
    def setUp(self):
        self.line = Contribution.objects.create(
            partnership=self.partnership,
            party=self.lead_party,
            kind=ContributionKind.SKILLS,
            description="Tutorat",
            unit_rate=Decimal("300"),
            planned_quantity=Decimal("10"),
            planned_amount=Decimal("3000"),
        )
        self.company_line = Contribution.objects.create(
            partnership=self.partnership,
            party=self.company_party,
            kind=ContributionKind.MONEY,
            description="Mécénat financier",
            planned_amount=Decimal("20000"),
            recipient=self.lead_party,
        )


class ContributionChangeServiceTests(ContributionEditTestCase):
    def test_values_are_computed_again(self):
        contribution_change(
            contribution=self.line,
            actor=self.editor,
            data=skills(actual_quantity=Decimal("8"), unit_rate=Decimal("350")),
        )
        self.line.refresh_from_db()
        self.assertEqual(self.line.planned_amount, Decimal("3500.00"))
        self.assertEqual(self.line.actual_amount, Decimal("2800.00"))
        event = AuditEvent.objects.get(verb="contribution.changed")
        self.assertEqual(event.data["changes"]["unit_rate"], ["300.00", "350"])
        activity = Activity.objects.get(verb="contribution.changed")
        self.assertEqual(activity.data["description"], "Tutorat")
        self.assertEqual(activity.data["party"], "Maison des Trois-Cités")

    def test_a_change_of_type_clears_what_no_longer_applies(self):
        contribution_change(
            contribution=self.line,
            actor=self.editor,
            data=ContributionData(
                kind=ContributionKind.IN_KIND,
                description="Ordinateurs",
                planned_amount=Decimal("1200"),
            ),
        )
        self.line.refresh_from_db()
        self.assertEqual(self.line.kind, ContributionKind.IN_KIND)
        self.assertIsNone(self.line.unit_rate)
        self.assertIsNone(self.line.planned_quantity)
        self.assertEqual(self.line.planned_amount, Decimal("1200"))

    def test_saving_unchanged_values_writes_nothing(self):
        contribution_change(contribution=self.line, actor=self.editor, data=skills())
        self.assertFalse(AuditEvent.objects.filter(verb="contribution.changed").exists())

    def test_nobody_changes_another_partys_lines(self):
        for actor in (self.company_admin, self.commune_admin, self.viewer):
            with self.subTest(actor=actor.email), self.assertRaises(PermissionDenied):
                contribution_change(
                    contribution=self.line, actor=actor, data=skills(description="Pris")
                )
        with self.assertRaises(PermissionDenied):
            contribution_change(
                contribution=self.company_line,
                actor=self.admin,
                data=ContributionData(
                    kind=ContributionKind.MONEY, description="x", planned_amount=Decimal("1")
                ),
            )
        self.line.refresh_from_db()
        self.assertEqual(self.line.description, "Tutorat")

    def test_lines_of_a_party_that_left_are_read_only(self):
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save()
        with self.assertRaises(ValidationError) as caught:
            contribution_change(
                contribution=self.company_line,
                actor=self.company_admin,
                data=ContributionData(
                    kind=ContributionKind.MONEY, description="x", planned_amount=Decimal("1")
                ),
            )
        self.assertIn("kept as they were", caught.exception.messages[0])

    def test_a_recipient_that_left_may_stay_named(self):
        self.lead_party.status = PartyStatus.LEFT
        self.lead_party.save()
        contribution_change(
            contribution=self.company_line,
            actor=self.company_admin,
            data=ContributionData(
                kind=ContributionKind.MONEY,
                description="Mécénat financier",
                planned_amount=Decimal("20000"),
                actual_amount=Decimal("10000"),
                recipient=self.lead_party,
            ),
        )
        self.company_line.refresh_from_db()
        self.assertEqual(self.company_line.actual_amount, Decimal("10000"))

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            contribution_change(
                contribution=self.line, actor=self.editor, data=skills(description="Later")
            )

    def test_an_end_before_the_start_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "before its start"):
            contribution_change(
                contribution=self.line,
                actor=self.editor,
                data=skills(period_start=date(2027, 1, 1), period_end=date(2026, 1, 1)),
            )


class ContributionEditPageTests(ContributionEditTestCase):
    def url(self, line):
        return reverse("partnerships:contribution_edit", args=[self.partnership.uuid, line.uuid])

    def test_who_may_open_the_form(self):
        for user, status in [
            (self.outsider, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
            (self.editor, 200),
            (self.admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url(self.line)).status_code, status)
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url(self.company_line)).status_code, 200)

    def test_the_form_shows_the_values_in_the_readers_language(self):
        self.line.unit_rate = Decimal("312.50")
        self.line.save()
        self.login(self.editor)
        response = self.client.get(self.url(self.line))
        self.assertContains(response, 'value="312.50"')
        self.assertContains(response, "What one day of the people giving their time is worth")
        self.assertContains(response, 'id="delete"')
        self.client.cookies["alliances_language"] = "fr"
        response = self.client.get(self.url(self.line))
        self.assertContains(response, 'value="312,50"')

    def test_edit_saves_and_goes_back_to_the_ledger(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(self.line),
            {
                "kind": "skills",
                "description": "Tutorat renforcé",
                "unit_rate": "300",
                "planned_quantity": "12",
                "actual_quantity": "4,5",
            },
        )
        ledger = reverse("partnerships:contributions", args=[self.partnership.uuid])
        self.assertRedirects(response, f"{ledger}#party-{self.lead_party.uuid}")
        self.line.refresh_from_db()
        self.assertEqual(self.line.description, "Tutorat renforcé")
        self.assertEqual(self.line.actual_amount, Decimal("1350.00"))

    def test_bad_input_is_shown(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(self.line),
            {"kind": "skills", "description": "Tutorat", "unit_rate": "300"},
        )
        self.assertContains(response, "Enter the number of days planned.", status_code=400)

    def test_an_unknown_line_is_not_found(self):
        elsewhere = Contribution.objects.create(
            partnership=self.make_other_partnership(),
            party=self.lead_party,
            kind=ContributionKind.MONEY,
            description="Ailleurs",
            planned_amount=Decimal("1"),
        )
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url(elsewhere)).status_code, 404)

    def make_other_partnership(self):
        from alliances.test import make_partnership

        other, _parties = make_partnership("Autre", coordinator=self.org)
        return other
