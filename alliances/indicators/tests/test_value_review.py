from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.indicators.models import Value, ValueEvent, ValueEventKind, ValueStatus
from alliances.indicators.services.values import values_review
from alliances.indicators.tests.test_values_setup import Q1, ValuesTestCase
from alliances.partnerships.models import Activity, Notification


class ValueReviewJourneyTests(ValuesTestCase):
    """Entered by the company, returned by the coordinator, corrected, approved."""

    def entry_url(self):
        return reverse(
            "indicators:value_entry",
            args=[self.partnership.uuid, self.attendance.uuid, "2026-01-01"],
        )

    def review_url(self):
        return reverse(
            "indicators:value_review",
            args=[self.partnership.uuid, self.attendance.uuid, "2026-01-01"],
        )

    def test_return_then_approve(self):
        # The company's editor submits.
        self.login(self.company_editor)
        response = self.client.post(
            self.entry_url(), {"total": "12", "group_1": "7", "group_2": "5", "submit": "1"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(Value.objects.values_list("status", flat=True)), {ValueStatus.SUBMITTED}
        )
        reviewers = set(
            Notification.objects.filter(verb="values.submitted").values_list("user", flat=True)
        )
        self.assertEqual(reviewers, {self.editor.pk, self.admin.pk})
        # The coordinator's editor sees it to review, and may not return it without a message.
        self.login(self.editor)
        page = self.client.get(reverse("indicators:values", args=[self.partnership.uuid]))
        self.assertContains(page, "To review")
        response = self.client.post(self.review_url(), {"decision": "return"})
        self.assertContains(response, "Say what needs correcting", status_code=400)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.review_url(), {"decision": "return", "message": "Les filles : 8, pas 7."}
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(Value.objects.values_list("status", flat=True)), {ValueStatus.RETURNED}
        )
        returned = Notification.objects.get(verb="values.returned")
        self.assertEqual(returned.user, self.company_editor)
        self.assertEqual(returned.data["message"], "Les filles : 8, pas 7.")
        self.assertEqual(returned.url, self.entry_url())
        self.assertEqual([m.to for m in mail.outbox], [[self.company_editor.email]])
        # The company's editor reads the message and corrects.
        self.login(self.company_editor)
        page = self.client.get(reverse("indicators:values", args=[self.partnership.uuid]))
        self.assertContains(page, "Returned to you")
        self.assertContains(page, "Les filles : 8, pas 7.")
        entry = self.client.get(self.entry_url())
        self.assertContains(entry, "Les filles : 8, pas 7.")
        self.assertContains(entry, 'value="7"')
        response = self.client.post(
            self.entry_url(), {"total": "13", "group_1": "8", "group_2": "5", "submit": "1"}
        )
        self.assertEqual(response.status_code, 302)
        # The coordinator approves.
        self.login(self.editor)
        response = self.client.post(self.review_url(), {"decision": "approve"})
        self.assertEqual(response.status_code, 302)
        values = {v.disaggregation_key: v for v in Value.objects.all()}
        self.assertEqual({v.status for v in values.values()}, {ValueStatus.APPROVED})
        self.assertEqual(values["gender=f"].value, Decimal(8))
        self.assertEqual(values[""].reviewed_by, self.editor)
        self.assertEqual(values[""].return_message, "")
        kinds = list(ValueEvent.objects.filter(value=values[""]).values_list("kind", flat=True))
        self.assertEqual(
            kinds,
            [
                ValueEventKind.SUBMITTED,
                ValueEventKind.RETURNED,
                ValueEventKind.SUBMITTED,
                ValueEventKind.APPROVED,
            ],
        )
        verbs = set(Activity.objects.values_list("verb", flat=True))
        self.assertLessEqual({"values.submitted", "values.returned", "values.approved"}, verbs)
        history = self.client.get(self.entry_url())
        self.assertContains(history, "Returned for revision")

    def test_the_partner_and_the_viewer_may_not_review(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.SUBMITTED)
        for user in (self.company_admin, self.viewer):
            self.login(user)
            response = self.client.post(self.review_url(), {"decision": "approve"})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(Value.objects.get().status, ValueStatus.SUBMITTED)


class ValueReviewServiceTests(ValuesTestCase):
    def test_only_submitted_values_are_approved(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.DRAFT)
        with self.assertRaises(ValidationError):
            values_review(
                indicator=self.attendance, period_start=Q1, actor=self.editor, approve=True
            )

    def test_a_whole_indicator_period_at_once(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.SUBMITTED)
        self.value(self.attendance, Decimal(2), key="gender=f", status=ValueStatus.SUBMITTED)
        values_review(indicator=self.attendance, period_start=Q1, actor=self.admin, approve=True)
        self.assertEqual(
            set(Value.objects.values_list("status", flat=True)), {ValueStatus.APPROVED}
        )

    def test_the_company_admin_is_a_partner_not_a_reviewer(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.SUBMITTED)
        with self.assertRaises(PermissionDenied):
            values_review(
                indicator=self.attendance,
                period_start=Q1,
                actor=self.company_admin,
                approve=True,
            )
