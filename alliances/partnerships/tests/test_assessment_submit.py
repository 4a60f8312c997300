"""Submitting a party's assessment: the essentials are checked, the answers lock, the other
parties hear of it, and everyone when the last party submits."""

from datetime import UTC, datetime

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliances.core.models import AuditEvent
from alliances.partnerships.models import (
    Activity,
    Assessment,
    AssessmentStatus,
    Notification,
    Party,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.assessments import assessment_submit
from alliances.partnerships.tests.test_assessment_save import SECRET, form_data
from alliances.test import PartnershipTestCase

ESSENTIALS = {
    "our_bandwidth": "Say how much time and commitment your party can give.",
    "their_bandwidth": "Say how much time and commitment you expect from the others.",
    "admin_load": "Say how heavy the administrative load looks to your party.",
    "expected_benefit": "Say how large a benefit your party expects.",
    "decision_rights": "Say who you expect to hold the decision rights.",
}


def submitted(partnership, party, **answers) -> Assessment:
    values = {
        "our_bandwidth": 4,
        "their_bandwidth": 4,
        "admin_load": 2,
        "expected_benefit": 4,
        "decision_rights": "shared",
    }
    values.update(answers)
    return Assessment.objects.create(
        partnership=partnership,
        party=party,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **values,
    )


class AssessmentSubmitTests(PartnershipTestCase):
    def url(self):
        return reverse("partnerships:assessment_submit", args=[self.partnership.uuid])

    def page(self):
        return reverse("partnerships:assessment", args=[self.partnership.uuid])

    def test_who_may_submit(self):
        self.assertEqual(self.client.post(self.url()).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 400),
            (self.company_admin, 400),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url()).status_code, status)
        self.assertFalse(Assessment.objects.exists())

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url()).status_code, 405)

    def test_missing_essentials_are_named_per_field_and_the_draft_is_kept(self):
        self.login(self.admin)
        data = form_data(**dict.fromkeys(ESSENTIALS, ""))
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Your answers are saved as a draft", status_code=400)
        for name, message in ESSENTIALS.items():
            with self.subTest(field=name):
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, f'href="#id_{name}"', status_code=400)
        assessment = Assessment.objects.get(party=self.lead_party)
        self.assertEqual(assessment.status, AssessmentStatus.DRAFT)
        self.assertEqual(assessment.lacks, data["lacks"])
        self.assertFalse(Notification.objects.exists())

    @time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False)
    def test_submitting_locks_the_answers_and_tells_the_other_parties(self):
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(), form_data())
        self.assertRedirects(response, self.page())
        assessment = Assessment.objects.get(party=self.lead_party)
        self.assertEqual(assessment.status, AssessmentStatus.SUBMITTED)
        self.assertEqual(assessment.submitted_at, timezone.now())
        self.assertEqual(assessment.submitted_by, self.admin)
        self.assertTrue(AuditEvent.objects.filter(verb="assessment.submitted", actor=self.admin))
        activity = Activity.objects.get(verb="assessment.submitted")
        self.assertEqual(activity.data["party"], "Maison des Trois-Cités")
        notified = Notification.objects.filter(verb="assessment.submitted")
        self.assertEqual(
            {notification.user for notification in notified},
            {self.company_admin, self.commune_admin},
        )
        self.assertEqual(notified[0].url, self.page())
        self.assertEqual(notified[0].data["party"], "Maison des Trois-Cités")
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            [self.company_admin.email, self.commune_admin.email],
        )
        self.assertIn("Maison des Trois-Cités submitted its assessment.", mail.outbox[0].body)
        self.assertFalse(Activity.objects.filter(verb="assessment.all_submitted"))
        page = self.client.get(self.page())
        self.assertContains(page, "Submitted on March 2, 2026 by Alice Admin")
        self.assertNotContains(page, 'name="non_negotiables"')

    def test_the_last_party_to_submit_opens_the_comparison_for_everyone(self):
        submitted(self.partnership, self.company_party)
        submitted(self.partnership, self.commune_party)
        self.login(self.admin)
        response = self.client.post(self.url(), form_data())
        self.assertEqual(response.status_code, 302)
        notified = Notification.objects.filter(verb="assessment.all_submitted")
        self.assertEqual(
            {notification.user for notification in notified},
            {self.company_admin, self.commune_admin, self.editor, self.viewer},
        )
        comparison = reverse("partnerships:assessment_comparison", args=[self.partnership.uuid])
        self.assertEqual(notified[0].url, comparison)
        # One notification each, not two.
        self.assertFalse(Notification.objects.filter(verb="assessment.submitted"))
        self.assertTrue(Activity.objects.filter(verb="assessment.all_submitted"))
        page = self.client.get(self.page())
        self.assertContains(page, "Every party has submitted its answers")
        self.assertContains(page, f'href="{comparison}"')

    def test_parties_not_taking_part_are_not_waited_for(self):
        Party.objects.create(
            partnership=self.partnership,
            invited_email="contact@mediatheque.example.org",
            roles=[PartyRole.COMMUNITY_RELAY],
        )
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        submitted(self.partnership, self.company_party)
        self.login(self.admin)
        self.client.post(self.url(), form_data())
        self.assertTrue(Notification.objects.filter(verb="assessment.all_submitted"))

    def test_answers_cannot_be_submitted_twice(self):
        submitted(self.partnership, self.lead_party)
        with self.assertRaisesMessage(ValidationError, "already submitted"):
            assessment_submit(party=self.lead_party, actor=self.admin)
        self.login(self.admin)
        response = self.client.post(self.url(), form_data())
        self.assertContains(response, "submitted and locked", status_code=400)

    def test_nothing_is_submitted_in_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            assessment_submit(party=self.lead_party, actor=self.admin)

    def test_submitting_without_any_draft_names_the_essentials(self):
        with self.assertRaises(ValidationError) as raised:
            assessment_submit(party=self.company_party, actor=self.company_admin)
        self.assertEqual(set(raised.exception.message_dict), set(ESSENTIALS))
        self.assertFalse(Assessment.objects.exists())

    @time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False)
    def test_the_page_shows_who_submitted_with_names_and_dates_only(self):
        submitted(self.partnership, self.company_party, non_negotiables=SECRET)
        self.login(self.admin)
        response = self.client.get(self.page())
        self.assertContains(response, "1 of 3 parties have submitted.")
        self.assertContains(response, "Solidaires Industries")
        self.assertContains(response, "March 2, 2026")
        self.assertContains(response, "Not submitted yet", count=2)
        self.assertNotContains(response, SECRET)
