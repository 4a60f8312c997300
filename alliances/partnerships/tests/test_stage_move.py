"""Moving a partnership to another stage: the service, its gates, and the page."""

from unittest import mock

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Activity,
    Assessment,
    AssessmentStatus,
    Notification,
    Partnership,
    Stage,
    StageChange,
)
from alliances.partnerships.services.workspace import partnership_move_stage
from alliances.test import PartnershipTestCase


def submit_assessments(*parties):
    for party in parties:
        Assessment.objects.update_or_create(
            partnership=party.partnership,
            party=party,
            defaults={"status": AssessmentStatus.SUBMITTED},
        )


class StageMoveServiceTests(PartnershipTestCase):
    def move(self, target, *, user=None, stage=None, **inputs):
        if stage is not None:
            Partnership.objects.filter(pk=self.partnership.pk).update(stage=stage)
        access = access_partnership_by_uuid(user or self.editor, self.partnership.uuid)
        with self.captureOnCommitCallbacks(execute=True):
            return partnership_move_stage(
                access=access, actor=user or self.editor, target=target, **inputs
            )

    def test_coordinator_editor_moves_forward_and_everything_is_recorded(self):
        change = self.move(Stage.QUALIFICATION, note="Everyone is in.")
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.stage, Stage.QUALIFICATION)
        self.assertEqual(
            (change.from_stage, change.to_stage, change.actor, change.note),
            (Stage.EXPLORATION, Stage.QUALIFICATION, self.editor, "Everyone is in."),
        )
        activity = Activity.objects.get(verb="partnership.stage_moved")
        self.assertEqual(activity.data["from"], Stage.EXPLORATION)
        self.assertEqual(activity.data["to"], Stage.QUALIFICATION)
        self.assertEqual(activity.party, self.lead_party)
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="partnership.stage_moved", object_uuid=self.partnership.uuid
            ).exists()
        )

    def test_members_of_every_active_party_are_notified_but_not_the_mover(self):
        self.move(Stage.QUALIFICATION)
        notified = set(
            Notification.objects.filter(verb="partnership.stage_moved").values_list(
                "user__email", flat=True
            )
        )
        self.assertEqual(
            notified,
            {
                self.admin.email,
                self.viewer.email,
                self.company_admin.email,
                self.commune_admin.email,
            },
        )
        notification = Notification.objects.get(user=self.company_admin)
        self.assertEqual(
            notification.url, reverse("partnerships:detail", args=[self.partnership.uuid])
        )
        self.assertEqual(len(mail.outbox), 4)
        self.assertIn("from Exploration to Qualification", mail.outbox[0].body)

    def test_no_formalisation_until_every_active_party_has_submitted(self):
        submit_assessments(self.lead_party)
        with self.assertRaises(ValidationError) as caught:
            self.move(Stage.FORMALISATION, stage=Stage.QUALIFICATION)
        self.assertIn("Solidaires Industries, Ville de Poitiers", caught.exception.messages[0])
        self.assertFalse(StageChange.objects.exists())
        submit_assessments(self.company_party, self.commune_party)
        self.move(Stage.FORMALISATION)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.stage, Stage.FORMALISATION)

    def test_a_draft_assessment_does_not_count(self):
        submit_assessments(self.lead_party, self.company_party)
        Assessment.objects.create(partnership=self.partnership, party=self.commune_party)
        with self.assertRaisesMessage(ValidationError, "Ville de Poitiers"):
            self.move(Stage.FORMALISATION, stage=Stage.QUALIFICATION)

    def test_no_implementation_until_an_agreement_is_in_force(self):
        with self.assertRaisesMessage(ValidationError, "approved by every party"):
            self.move(Stage.IMPLEMENTATION, stage=Stage.FORMALISATION)
        Partnership.objects.filter(pk=self.partnership.pk).update(agreement_in_force=1)
        self.move(Stage.IMPLEMENTATION)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.stage, Stage.IMPLEMENTATION)

    def test_going_back_needs_a_note(self):
        with self.assertRaisesMessage(ValidationError, "goes back to the Exploration stage"):
            self.move(Stage.EXPLORATION, stage=Stage.QUALIFICATION)
        change = self.move(Stage.EXPLORATION, note="The funder needs more time.")
        self.assertEqual(change.note, "The funder needs more time.")

    def test_closing_records_reason_and_lessons_and_makes_it_read_only(self):
        self.move(
            Stage.CLOSED,
            closure_reason="The company withdrew.",
            lessons_learned="Check the budget before qualifying.",
        )
        self.partnership.refresh_from_db()
        self.assertTrue(self.partnership.is_closed)
        self.assertEqual(self.partnership.closure_reason, "The company withdrew.")
        self.assertEqual(self.partnership.lessons_learned, "Check the budget before qualifying.")
        self.assertIsNotNone(self.partnership.closed_at)
        with self.assertRaisesMessage(ValidationError, "closed"):
            self.move(Stage.QUALIFICATION)

    def test_closing_without_reason_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "Say why the partnership closes."):
            self.move(Stage.CLOSED, lessons_learned="Some")
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.stage, Stage.EXPLORATION)

    def test_only_the_coordinators_editors_and_admins_may_move(self):
        for user in (self.viewer, self.company_admin, self.commune_admin):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                partnership_move_stage(
                    partnership=self.partnership, actor=user, target=Stage.QUALIFICATION
                )
        with self.assertRaises(PermissionDenied):
            partnership_move_stage(
                partnership=self.partnership, actor=self.outsider, target=Stage.QUALIFICATION
            )
        change = partnership_move_stage(
            partnership=self.partnership, actor=self.admin, target=Stage.QUALIFICATION
        )
        self.assertEqual(change.actor, self.admin)

    def test_the_move_reads_the_locked_row_not_a_stale_copy(self):
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        # Another coordinator moved it meanwhile: this page's copy still says exploration.
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.QUALIFICATION)
        with (
            mock.patch(
                "alliances.partnerships.services.workspace.Partnership.objects.select_for_update",
                wraps=Partnership.objects.select_for_update,
            ) as lock,
            self.assertRaisesMessage(ValidationError, "already at the Qualification stage"),
        ):
            partnership_move_stage(access=access, actor=self.editor, target=Stage.QUALIFICATION)
        lock.assert_called_once_with()
        self.assertEqual(StageChange.objects.count(), 0)


class StageMovePageTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("partnerships:stage", args=[self.partnership.uuid])

    def post(self, data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data)

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
            (self.editor, 200),
            (self.admin, 200),
        ]:
            with self.subTest(user=user.email):
                Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.EXPLORATION)
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
                response = self.post({"target": Stage.QUALIFICATION})
                self.assertEqual(response.status_code, 302 if status == 200 else status)
        self.assertEqual(StageChange.objects.count(), 2)

    def test_form_offers_the_possible_moves_preselected_from_the_overview(self):
        self.login(self.editor)
        response = self.client.get(self.url + "?to=qualification")
        self.assertContains(response, 'value="qualification" id="id_target_0" checked')
        self.assertContains(response, 'value="closed"')
        self.assertNotContains(response, 'value="formalisation"')

    def test_move_redirects_to_the_overview_with_a_message(self):
        self.login(self.editor)
        response = self.post({"target": Stage.QUALIFICATION, "note": ""})
        self.assertRedirects(
            response,
            reverse("partnerships:detail", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        response = self.client.get(response.url)
        self.assertContains(response, "The partnership has moved to the Qualification stage.")

    def test_blocked_move_is_explained(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.QUALIFICATION)
        self.login(self.editor)
        response = self.post({"target": Stage.FORMALISATION})
        self.assertContains(response, "Every party must submit its assessment", status_code=400)
        self.assertContains(
            response, "Maison des Trois-Cités, Solidaires Industries", status_code=400
        )

    def test_closing_asks_for_reason_and_lessons_on_their_fields(self):
        self.login(self.admin)
        response = self.post({"target": Stage.CLOSED})
        self.assertContains(response, "Say why the partnership closes.", status_code=400)
        self.assertContains(response, "Write down the lessons learned", status_code=400)
        self.assertContains(response, 'href="#id_closure_reason"', status_code=400)
        response = self.post(
            {"target": Stage.CLOSED, "closure_reason": "Done", "lessons_learned": "Plenty"}
        )
        self.assertEqual(response.status_code, 302)
        self.partnership.refresh_from_db()
        self.assertTrue(self.partnership.is_closed)

    def test_going_back_asks_for_a_note_on_its_field(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.QUALIFICATION)
        self.login(self.editor)
        response = self.post({"target": Stage.EXPLORATION})
        self.assertContains(response, "Say why the partnership goes back", status_code=400)
        self.assertContains(response, 'href="#id_note"', status_code=400)

    def test_bad_input_is_answered_clearly(self):
        self.login(self.editor)
        for data in [{}, {"target": "paused"}, {"target": "\x00"}, {"note": "x" * 6000}]:
            with self.subTest(data=data):
                response = self.post(data)
                self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(StageChange.objects.exists())
