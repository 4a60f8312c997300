from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.indicators.models import PeriodLock, Value, ValueEvent, ValueStatus
from alliances.indicators.services.values import Figures, values_save
from alliances.indicators.tests.test_values_setup import Q1, ValuesTestCase
from alliances.partnerships.models import Activity, Stage


class ValueEntryPageTests(ValuesTestCase):
    def url(self, indicator=None, period="2026-01-01"):
        indicator = indicator or self.attendance
        return reverse(
            "indicators:value_entry", args=[self.partnership.uuid, indicator.uuid, period]
        )

    def test_the_responsible_party_sees_a_box_per_group(self):
        self.login(self.company_editor)
        response = self.client.get(self.url())
        self.assertContains(response, 'name="total"')
        self.assertContains(response, 'name="group_1"')
        self.assertContains(response, 'name="group_2"')
        self.assertContains(response, "Genre: f")
        self.assertContains(response, "Submit for approval")

    def test_others_are_refused(self):
        for user in (self.viewer, self.commune_admin):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 403, user)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_the_coordinator_editor_reads_but_may_not_post(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, "Only the party responsible")
        self.assertNotContains(response, "Submit for approval")
        self.assertEqual(self.client.post(self.url(), {"total": "3"}).status_code, 403)

    def test_the_coordinator_enters_an_indicator_without_responsible_party(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.share), {"total": "45,5", "save": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Value.objects.get(indicator=self.share).value, Decimal("45.5"))
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url(self.share)).status_code, 403)

    def test_a_draft_is_saved_with_decimal_comma_and_categories(self):
        self.login(self.company_editor)
        response = self.client.post(
            self.url(),
            {"total": "12", "group_1": "7", "group_2": "5,0", "comment": "Liste", "save": "1"},
        )
        self.assertRedirects(response, self.url(), fetch_redirect_response=False)
        values = {v.disaggregation_key: v for v in Value.objects.filter(indicator=self.attendance)}
        self.assertEqual(set(values), {"", "gender=f", "gender=m"})
        self.assertEqual(values["gender=m"].value, Decimal("5"))
        self.assertEqual(values["gender=f"].disaggregation, {"gender": "f"})
        self.assertEqual(values[""].comment, "Liste")
        self.assertEqual({v.status for v in values.values()}, {ValueStatus.DRAFT})
        self.assertEqual(values[""].entered_by, self.company_editor)
        self.assertEqual(values[""].party, self.company_party)
        self.assertEqual(ValueEvent.objects.filter(value__indicator=self.attendance).count(), 3)
        self.assertTrue(Activity.objects.filter(verb="values.saved").exists())
        self.assertTrue(AuditEvent.objects.filter(verb="values.saved").exists())

    def test_errors_keep_what_was_typed_and_save_nothing(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(self.share), {"total": "120", "comment": "Mon commentaire", "save": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "A percentage runs from 0 to 100.", status_code=400)
        self.assertContains(response, 'value="120"', status_code=400)
        self.assertContains(response, "Mon commentaire", status_code=400)
        self.assertFalse(Value.objects.exists())
        response = self.client.post(self.url(self.share), {"total": "douze", "save": "1"})
        self.assertContains(response, "Enter a number", status_code=400)

    def test_a_sum_that_does_not_add_up_is_a_warning_only(self):
        self.login(self.company_editor)
        response = self.client.post(
            self.url(), {"total": "12", "group_1": "7", "group_2": "4", "save": "1"}, follow=True
        )
        self.assertContains(response, "add up to 11, not to the total 12")
        self.assertEqual(Value.objects.filter(indicator=self.attendance).count(), 3)

    def test_evidence_of_an_unknown_type_is_refused_with_a_message(self):
        self.login(self.company_editor)
        upload = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
        response = self.client.post(self.url(), {"total": "3", "evidence": upload, "save": "1"})
        self.assertContains(response, "This type of file is not accepted", status_code=400)
        self.assertFalse(Value.objects.exists())

    @override_settings(EVIDENCE_MAX_BYTES=10)
    def test_evidence_too_large_is_refused(self):
        self.login(self.company_editor)
        upload = SimpleUploadedFile("liste.pdf", b"%PDF-1.4 " * 10, content_type="application/pdf")
        response = self.client.post(self.url(), {"total": "3", "evidence": upload, "save": "1"})
        self.assertContains(response, "This file is too large", status_code=400)

    def test_evidence_is_kept_on_the_total(self):
        self.login(self.company_editor)
        upload = SimpleUploadedFile("liste.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
        self.client.post(self.url(), {"total": "3", "evidence": upload, "save": "1"})
        total = Value.objects.get(indicator=self.attendance, disaggregation_key="")
        self.assertTrue(total.evidence.name.endswith("liste.pdf"))

    def test_a_period_that_is_not_the_indicators_is_not_found(self):
        self.login(self.company_editor)
        for period in ("2026-02-01", "2025-10-01", "2030-01-01", "garbage"):
            self.assertEqual(self.client.get(self.url(period=period)).status_code, 404, period)

    def test_a_locked_period_is_read_only(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.APPROVED)
        PeriodLock.objects.create(indicator=self.attendance, period_start=Q1)
        self.login(self.company_editor)
        response = self.client.get(self.url())
        self.assertContains(response, "This period is locked")
        self.assertNotContains(response, 'name="total"')
        response = self.client.post(self.url(), {"total": "4", "save": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Value.objects.get().value, Decimal(3))

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.company_editor)
        self.assertContains(self.client.get(self.url()), "This partnership is closed")
        self.assertEqual(self.client.post(self.url(), {"total": "4"}).status_code, 400)
        self.assertFalse(Value.objects.exists())


class ValueSaveServiceTests(ValuesTestCase):
    def save(self, indicator, values, *, actor=None, submit=False):
        return values_save(
            indicator=indicator,
            period_start=Q1,
            actor=actor or self.company_editor,
            figures=Figures(values=values),
            submit=submit,
        )

    def test_another_party_may_not_enter(self):
        with self.assertRaises(PermissionDenied):
            self.save(self.attendance, {"": Decimal(1)}, actor=self.commune_admin)
        with self.assertRaises(PermissionDenied):
            self.save(self.attendance, {"": Decimal(1)}, actor=self.viewer)

    def test_a_score_stays_within_its_range(self):
        self.belonging.source = "manual"
        self.belonging.save()
        with self.assertRaises(ValidationError) as caught:
            self.save(self.belonging, {"": Decimal(6)}, actor=self.editor)
        self.assertIn("The score runs from 1 to 5.", caught.exception.messages)
        self.save(self.belonging, {"": Decimal("4.5")}, actor=self.editor)

    def test_survey_indicators_are_not_typed(self):
        with self.assertRaises(ValidationError):
            self.save(self.belonging, {"": Decimal(3)}, actor=self.editor)

    def test_submitting_needs_the_total(self):
        with self.assertRaises(ValidationError) as caught:
            self.save(self.attendance, {"gender=f": Decimal(3)}, submit=True)
        self.assertIn("Enter the total before submitting.", caught.exception.messages)

    def test_submitted_values_do_not_change(self):
        self.save(self.attendance, {"": Decimal(3)}, submit=True)
        with self.assertRaises(ValidationError):
            self.save(self.attendance, {"": Decimal(4)})
        self.assertEqual(Value.objects.get().value, Decimal(3))
