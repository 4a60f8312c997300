from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.partnerships.forms.contributions import parse_decimal
from alliances.partnerships.models import (
    Activity,
    Contribution,
    ContributionKind,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.contributions import ContributionData, contribution_record
from alliances.test import PartnershipTestCase, add_member, make_user


def data(**values) -> ContributionData:
    values.setdefault("kind", ContributionKind.MONEY)
    values.setdefault("description", "Subvention")
    if values["kind"] not in (ContributionKind.SKILLS, ContributionKind.VOLUNTEERING):
        values.setdefault("planned_amount", Decimal("5000"))
    return ContributionData(**values)


class ContributionRecordServiceTests(PartnershipTestCase):
    def record(self, *, party=None, actor=None, **values):
        return contribution_record(
            partnership=self.partnership,
            party=party or self.lead_party,
            actor=actor or self.editor,
            data=data(**values),
        )

    def errors(self, **values) -> dict:
        with self.assertRaises(ValidationError) as caught:
            self.record(**values)
        error = caught.exception
        if not hasattr(error, "error_dict"):
            return {"__all__": " ".join(error.messages)}
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}

    def test_skills_are_valued_days_times_rate(self):
        contribution = self.record(
            kind=ContributionKind.SKILLS,
            description="Mentoring by engineers",
            unit_rate=Decimal("450"),
            planned_quantity=Decimal("12.5"),
            actual_quantity=Decimal("3"),
            # Typed values of a timed contribution are never kept.
            planned_amount=Decimal("1"),
            actual_amount=Decimal("2"),
        )
        contribution.refresh_from_db()
        self.assertEqual(contribution.planned_amount, Decimal("5625.00"))
        self.assertEqual(contribution.actual_amount, Decimal("1350.00"))
        self.assertEqual(contribution.recorded_by, self.editor)

    def test_volunteering_is_valued_hours_times_rate_and_actual_stays_unknown(self):
        contribution = self.record(
            kind=ContributionKind.VOLUNTEERING,
            unit_rate=Decimal("12.33"),
            planned_quantity=Decimal("7"),
        )
        self.assertEqual(contribution.planned_amount, Decimal("86.31"))
        self.assertIsNone(contribution.actual_amount)

    def test_money_keeps_its_value_and_drops_quantities(self):
        contribution = self.record(
            kind=ContributionKind.MONEY,
            planned_amount=Decimal("20000"),
            actual_amount=Decimal("5000"),
            unit_rate=Decimal("3"),
            planned_quantity=Decimal("4"),
            recipient=self.lead_party,
            party=self.company_party,
            actor=self.company_admin,
        )
        self.assertEqual(contribution.planned_amount, Decimal("20000"))
        self.assertIsNone(contribution.unit_rate)
        self.assertIsNone(contribution.planned_quantity)
        self.assertEqual(contribution.recipient, self.lead_party)

    def test_premises_need_a_period(self):
        errors = self.errors(kind=ContributionKind.PREMISES, description="Salle polyvalente")
        self.assertIn("enter its first day", errors["period_start"])
        self.assertIn("enter its last day", errors["period_end"])
        contribution = self.record(
            kind=ContributionKind.PREMISES,
            period_start=date(2026, 9, 1),
            period_end=date(2027, 6, 30),
        )
        self.assertEqual(contribution.period_end, date(2027, 6, 30))

    def test_bad_input_is_refused_with_clear_messages(self):
        errors = self.errors(
            kind=ContributionKind.SKILLS, description="  ", planned_quantity=Decimal("-2")
        )
        self.assertEqual(errors["description"], "Describe the contribution.")
        self.assertEqual(errors["unit_rate"], "Enter the daily rate.")
        self.assertIn("negative value is refused", errors["planned_quantity"])
        errors = self.errors(kind=ContributionKind.VOLUNTEERING, unit_rate=Decimal("10"))
        self.assertEqual(errors["planned_quantity"], "Enter the number of hours planned.")
        errors = self.errors(planned_amount=Decimal("-1"))
        self.assertIn("negative value is refused", errors["planned_amount"])
        errors = self.errors(planned_amount=Decimal("5000000000"))
        self.assertIn("too large", errors["planned_amount"])
        errors = self.errors(planned_amount=Decimal("1.234"))
        self.assertEqual(errors["planned_amount"], "Use at most 2 decimals.")
        errors = self.errors(
            kind=ContributionKind.SKILLS,
            unit_rate=Decimal("900000"),
            planned_quantity=Decimal("900000"),
        )
        self.assertIn("too large", errors["planned_quantity"])
        errors = self.errors(period_start=date(2026, 9, 1), period_end=date(2026, 8, 31))
        self.assertEqual(errors["period_end"], "The end of the period is before its start.")
        errors = self.errors(kind="gift")
        self.assertEqual(errors["kind"], "Choose a type of contribution.")
        self.assertFalse(Contribution.objects.exists())

    def test_recipient_rules(self):
        errors = self.errors(kind=ContributionKind.IN_KIND, recipient=self.company_party)
        self.assertIn("Only a money contribution", errors["recipient"])
        errors = self.errors(recipient=self.lead_party)
        self.assertIn("does not receive its own money", errors["recipient"])
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save()
        errors = self.errors(recipient=self.company_party)
        self.assertIn("no longer takes part", errors["recipient"])

    def test_members_record_for_their_own_party_only(self):
        with self.assertRaises(PermissionDenied):
            self.record(party=self.company_party, actor=self.editor)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.company_admin)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.viewer)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.outsider)
        self.assertFalse(Contribution.objects.exists())

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        errors = self.errors()
        self.assertIn("This partnership is closed", errors["__all__"])

    def test_a_party_that_left_records_nothing(self):
        self.company_party.status = PartyStatus.LEFT
        self.company_party.left_at = timezone.now()
        self.company_party.save()
        with self.assertRaises(ValidationError) as caught:
            self.record(party=self.company_party, actor=self.company_admin)
        self.assertIn("no longer takes part", caught.exception.messages[0])

    def test_audit_and_activity_name_the_party_and_the_description(self):
        contribution = self.record(description="Aide aux devoirs")
        event = AuditEvent.objects.get(verb="contribution.recorded")
        self.assertEqual(event.object_uuid, contribution.uuid)
        self.assertEqual(event.actor, self.editor)
        self.assertEqual(event.organisation_uuid, self.org.uuid)
        activity = Activity.objects.get(verb="contribution.recorded")
        self.assertEqual(activity.party, self.lead_party)
        self.assertEqual(activity.data["party"], "Maison des Trois-Cités")
        self.assertEqual(activity.data["description"], "Aide aux devoirs")


class AmountParsingTests(PartnershipTestCase):
    def test_french_and_english_writing(self):
        for text, expected in [
            ("1 234,50", "1234.50"),
            ("1\u202f234,50\u00a0€", "1234.50"),
            ("1234.5", "1234.5"),
            ("1.234,50", "1234.50"),
            ("1,234.50", "1234.50"),
            ("1 000 000", "1000000"),
            ("€ 12", "12"),
            (",5", "0.5"),
            ("-3", "-3"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_decimal(text), Decimal(expected))

    def test_nonsense_is_refused(self):
        for text in ("abc", "1,2,3.4.5", "12e3", "--", "1 2x3"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_decimal(text)


class ContributionCreatePageTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("partnerships:contribution_create", args=[self.partnership.uuid])

    def test_viewer_may_not_record(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {}).status_code, 403)

    def test_form_shows_every_field_with_help_without_a_script(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="unit_rate"')
        self.assertContains(response, 'name="planned_amount"')
        self.assertContains(response, 'name="recipient"')
        self.assertContains(response, "Skills and volunteering only")
        self.assertContains(response, 'inputmode="decimal"')
        # One party only: nobody asks on whose behalf.
        self.assertNotContains(response, 'name="party"')

    def test_htmx_returns_the_fields_of_the_chosen_type(self):
        self.login(self.editor)
        response = self.client.get(
            self.url,
            {"kind": "skills", "description": "Tutorat", "unit_rate": "300"},
            headers={"HX-Request": "true"},
        )
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'name="unit_rate"')
        self.assertContains(response, 'value="300"')
        self.assertNotContains(response, 'name="planned_amount"')
        self.assertNotContains(response, 'name="recipient"')
        self.assertContains(response, "What one day of the people giving their time is worth")

    def test_french_input_is_recorded(self):
        self.login(self.editor)
        response = self.client.post(
            self.url,
            {
                "kind": "skills",
                "description": "Tutorat",
                "unit_rate": "1 234,50",
                "planned_quantity": "2,5",
                "period_start": "2026-09-01",
                "period_end": "2027-06-30",
            },
        )
        ledger = reverse("partnerships:contributions", args=[self.partnership.uuid])
        self.assertRedirects(response, f"{ledger}#party-{self.lead_party.uuid}")
        contribution = Contribution.objects.get()
        self.assertEqual(contribution.unit_rate, Decimal("1234.50"))
        self.assertEqual(contribution.planned_amount, Decimal("3086.25"))
        self.assertEqual(contribution.party, self.lead_party)

    def test_errors_are_shown_on_their_fields(self):
        self.login(self.editor)
        response = self.client.post(
            self.url,
            {
                "kind": "premises",
                "description": "Salle",
                "planned_amount": "-10",
                "period_start": "2026-09-01",
            },
        )
        self.assertContains(response, "a negative value is refused", status_code=400)
        response = self.client.post(
            self.url,
            {
                "kind": "premises",
                "description": "Salle",
                "planned_amount": "beaucoup",
                "period_start": "2026-09-01",
                "period_end": "2026-08-01",
            },
        )
        self.assertContains(response, "Enter a number, for example 1 234,50.", status_code=400)
        response = self.client.post(
            self.url,
            {
                "kind": "premises",
                "description": "Salle",
                "planned_amount": "2 000",
                "period_start": "2026-09-01",
                "period_end": "2026-08-01",
            },
        )
        self.assertContains(response, "The end of the period is before its start.", status_code=400)
        self.assertContains(response, 'href="#id_period_end"', status_code=400)
        self.assertFalse(Contribution.objects.exists())

    def test_a_member_of_several_parties_chooses_the_party(self):
        both = make_user("bruno@example.org", full_name="Bruno Both")
        add_member(both, self.org, Role.VIEWER)
        add_member(both, self.company, Role.EDITOR)
        add_member(both, self.commune, Role.EDITOR)
        self.login(both)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="party"')
        self.assertContains(response, "Solidaires Industries")
        # The viewer seat does not allow recording for the association.
        choices = list(response.context["form"].fields["party"].queryset)
        self.assertEqual(choices, [self.company_party, self.commune_party])
        response = self.client.post(
            self.url,
            {
                "party": str(self.commune_party.uuid),
                "kind": "in_kind",
                "description": "Prêt de minibus",
                "planned_amount": "800",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Contribution.objects.get().party, self.commune_party)
        response = self.client.post(
            self.url,
            {
                "party": str(self.lead_party.uuid),
                "kind": "money",
                "description": "Pas à moi",
                "planned_amount": "800",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Contribution.objects.count(), 1)

    def test_closed_partnership_sends_back_to_the_ledger(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertRedirects(
            response, reverse("partnerships:contributions", args=[self.partnership.uuid])
        )
