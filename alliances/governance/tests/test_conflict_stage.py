from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alliances.governance.models import Conflict, ConflictNoteKind, ConflictStage, MediatorKind
from alliances.governance.services.conflicts import conflict_stage_move
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Activity, Notification, PartyStatus, Stage


class ConflictStageTests(ConflictTestCase):
    def setUp(self):
        self.conflict = self.raise_conflict()
        Notification.objects.all().delete()

    def post(self, user, **data):
        self.login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url("conflict_stage", self.conflict), data)

    def to_mediation(self, user=None, **data):
        values = {
            "to_stage": "mediation",
            "mediator_kind": "external",
            "mediator_name": "Maison de la médiation de Poitiers",
            "reason": "Trois réunions sans accord.",
        }
        values.update(data)
        return self.post(user or self.company_admin, **values)

    def reload(self):
        self.conflict.refresh_from_db()
        return self.conflict

    def last_move(self):
        return self.conflict.notes.filter(kind=ConflictNoteKind.STAGE).order_by("-id").first()

    def test_dialogue_to_mediation_with_an_external_mediator(self):
        response = self.to_mediation()
        self.assertRedirects(
            response, self.url("conflict_detail", self.conflict), fetch_redirect_response=False
        )
        conflict = self.reload()
        self.assertEqual(conflict.stage, ConflictStage.MEDIATION)
        self.assertEqual(conflict.mediator_kind, MediatorKind.EXTERNAL)
        self.assertEqual(conflict.mediator_name, "Maison de la médiation de Poitiers")
        self.assertIsNone(conflict.mediator_user)
        self.assertIsNone(conflict.closed_at)
        move = self.last_move()
        self.assertEqual((move.from_stage, move.to_stage), ("dialogue", "mediation"))
        self.assertEqual(move.text, "Trois réunions sans accord.")
        self.assertEqual(move.party, self.company_party)
        activity = Activity.objects.get(verb="conflict.stage_moved")
        self.assertEqual(activity.data["from"], "dialogue")
        self.assertEqual(activity.data["to"], "mediation")
        self.assertEqual(set(activity.audience.all()), {self.company_party, self.commune_party})
        told = set(
            Notification.objects.filter(verb="conflict.stage_moved").values_list("user", flat=True)
        )
        self.assertEqual(
            told, {self.company_editor.pk, self.commune_admin.pk, self.commune_editor.pk}
        )

    def test_an_internal_mediator_chosen_among_the_parties_people_is_told(self):
        # The company's viewer may mediate: they are told though they could not raise it.
        response = self.to_mediation(
            self.commune_admin,
            mediator_kind="internal",
            mediator_name="",
            mediator_user=str(self.company_viewer.uuid),
        )
        self.assertEqual(response.status_code, 302)
        conflict = self.reload()
        self.assertEqual(conflict.mediator_user, self.company_viewer)
        self.assertEqual(conflict.mediator_name, "Cyril Company")
        told = set(
            Notification.objects.filter(verb="conflict.stage_moved").values_list("user", flat=True)
        )
        self.assertIn(self.company_viewer.pk, told)
        self.assertNotIn(self.commune_admin.pk, told)

    def test_an_internal_mediator_may_be_typed(self):
        self.to_mediation(mediator_kind="internal", mediator_name="Jeanne, bénévole")
        self.assertEqual(self.reload().mediator_name, "Jeanne, bénévole")

    def test_mediation_needs_a_mediator_and_a_reason(self):
        response = self.post(self.company_admin, to_stage="mediation")
        self.assertContains(response, "internal or external", status_code=400)
        self.assertContains(response, "Say why mediation is needed.", status_code=400)
        response = self.to_mediation(mediator_name="")
        self.assertContains(response, "Type the external mediator", status_code=400)
        response = self.to_mediation(mediator_kind="internal", mediator_name="")
        self.assertContains(response, "Choose the person who mediates", status_code=400)
        self.assertEqual(self.reload().stage, ConflictStage.DIALOGUE)

    def test_an_external_mediator_is_not_one_of_the_parties_people(self):
        response = self.to_mediation(mediator_user=str(self.commune_admin.uuid))
        self.assertContains(response, "An external mediator is not", status_code=400)
        self.assertEqual(self.reload().stage, ConflictStage.DIALOGUE)

    def test_a_mediator_must_belong_to_a_party_concerned(self):
        # The lead's admin is not offered: the lead is not named.
        response = self.to_mediation(
            mediator_kind="internal", mediator_user=str(self.admin.uuid), mediator_name=""
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.reload().stage, ConflictStage.DIALOGUE)

    def test_mediation_does_not_go_back_to_dialogue(self):
        self.to_mediation()
        response = self.post(self.company_admin, to_stage="dialogue")
        self.assertContains(response, "does not go back to dialogue", status_code=400)
        self.assertEqual(self.reload().stage, ConflictStage.MEDIATION)

    def test_the_same_stage_is_refused(self):
        response = self.post(self.company_admin, to_stage="dialogue")
        self.assertContains(response, "already at this stage", status_code=400)

    def test_an_unknown_stage_is_refused(self):
        response = self.post(self.company_admin, to_stage="forgotten")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.reload().stage, ConflictStage.DIALOGUE)

    def test_resolved_from_mediation_needs_the_outcome_and_is_final(self):
        self.to_mediation()
        response = self.post(self.commune_admin, to_stage="resolved")
        self.assertContains(response, "Say how the conflict ended", status_code=400)
        response = self.post(
            self.commune_admin, to_stage="resolved", outcome="Salle alternée chaque semaine."
        )
        self.assertEqual(response.status_code, 302)
        conflict = self.reload()
        self.assertEqual(conflict.stage, ConflictStage.RESOLVED)
        self.assertEqual(conflict.outcome, "Salle alternée chaque semaine.")
        self.assertIsNotNone(conflict.closed_at)
        move = self.last_move()
        self.assertEqual((move.from_stage, move.to_stage), ("mediation", "resolved"))
        # Final: no further move, no further note.
        response = self.post(self.commune_admin, to_stage="exit", outcome="Finalement non.")
        self.assertContains(response, "This conflict is closed", status_code=400)
        response = self.client.post(self.url("conflict_note", self.conflict), {"text": "Et puis"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.reload().stage, ConflictStage.RESOLVED)

    def test_dialogue_straight_to_resolved(self):
        self.post(self.company_editor, to_stage="resolved", outcome="Malentendu levé.")
        self.assertEqual(self.reload().stage, ConflictStage.RESOLVED)

    def test_exit_clause_closes_the_conflict_but_does_not_remove_the_party(self):
        response = self.post(
            self.company_admin, to_stage="exit", outcome="La société se retire à la fin de l'année."
        )
        self.assertEqual(response.status_code, 302)
        conflict = self.reload()
        self.assertEqual(conflict.stage, ConflictStage.EXIT)
        self.assertIsNotNone(conflict.closed_at)
        self.company_party.refresh_from_db()
        self.assertEqual(self.company_party.status, PartyStatus.ACTIVE)
        self.login(self.company_admin)
        page = self.client.get(self.url("conflict_detail", self.conflict))
        self.assertContains(page, "Exit clause invoked")
        self.assertContains(page, "se retire")

    def test_a_viewer_gets_403(self):
        self.assertEqual(self.to_mediation(self.company_viewer).status_code, 403)
        self.assertEqual(self.reload().stage, ConflictStage.DIALOGUE)

    def test_an_informed_coordinator_may_not_move_stages(self):
        self.assertEqual(self.to_mediation(self.admin).status_code, 404)
        Conflict.objects.filter(pk=self.conflict.pk).update(coordinator_informed=True)
        self.assertEqual(self.to_mediation(self.admin).status_code, 403)
        with self.assertRaises(PermissionDenied):
            conflict_stage_move(
                conflict_access=self.conflict_access(self.admin, self.conflict),
                actor=self.admin,
                to_stage=ConflictStage.RESOLVED,
                outcome="Fin.",
            )
        self.assertEqual(self.reload().stage, ConflictStage.DIALOGUE)

    def test_an_informed_coordinator_is_told_of_moves(self):
        Conflict.objects.filter(pk=self.conflict.pk).update(coordinator_informed=True)
        self.to_mediation()
        told = set(
            Notification.objects.filter(verb="conflict.stage_moved").values_list("user", flat=True)
        )
        self.assertTrue({self.admin.pk, self.editor.pk} <= told)
        activity = Activity.objects.get(verb="conflict.stage_moved")
        self.assertIn(self.lead_party, activity.audience.all())

    def test_a_closed_partnership_refuses_moves(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        response = self.post(self.company_admin, to_stage="resolved", outcome="Fin.")
        self.assertContains(response, "This partnership is closed", status_code=400)

    def test_the_service_refuses_a_closed_conflict(self):
        Conflict.objects.filter(pk=self.conflict.pk).update(
            stage=ConflictStage.EXIT, closed_at=timezone.now(), outcome="Départ."
        )
        with self.assertRaisesMessage(ValidationError, "This conflict is closed"):
            conflict_stage_move(
                conflict_access=self.conflict_access(self.company_admin, self.conflict),
                actor=self.company_admin,
                to_stage=ConflictStage.RESOLVED,
                outcome="Fin.",
            )
