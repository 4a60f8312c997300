from alliances.governance.models import Conflict, ConflictStage, MediatorKind
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Stage


class ConflictDetailTests(ConflictTestCase):
    def setUp(self):
        self.conflict = self.raise_conflict()

    def page(self, user):
        self.login(user)
        return self.client.get(self.url("conflict_detail", self.conflict))

    def test_shows_the_conflict_to_a_named_party(self):
        page = self.page(self.commune_admin)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Partage des locaux")
        self.assertContains(page, "La salle promise")
        self.assertContains(page, "Solidaires Industries")
        self.assertContains(page, "Ville de Poitiers")
        self.assertContains(page, "The parties concerned only.")
        self.assertContains(page, "Raised the conflict: dialogue opened.")
        self.assertContains(page, 'aria-current="step">Dialogue', html=False)

    def test_editors_and_admins_of_named_parties_get_both_forms(self):
        for user in (self.company_admin, self.company_editor, self.commune_editor):
            page = self.page(user)
            self.assertIsNotNone(page.context["note_form"])
            self.assertIsNotNone(page.context["stage_form"])
            self.assertContains(page, "Move the conflict along its path")
            self.assertContains(page, "does not remove the party by itself")

    def test_a_viewer_reads_without_forms(self):
        page = self.page(self.company_viewer)
        self.assertEqual(page.status_code, 200)
        self.assertIsNone(page.context["note_form"])
        self.assertIsNone(page.context["stage_form"])
        self.assertNotContains(page, self.url("conflict_note", self.conflict))

    def test_the_coordinator_gets_404_unless_informed(self):
        self.assertEqual(self.page(self.admin).status_code, 404)
        Conflict.objects.filter(pk=self.conflict.pk).update(coordinator_informed=True)
        page = self.page(self.admin)
        self.assertEqual(page.status_code, 200)
        # It reads and may add notes; the stages belong to the parties concerned.
        self.assertIsNotNone(page.context["note_form"])
        self.assertIsNone(page.context["stage_form"])
        self.assertContains(page, "Your party is not concerned by this conflict")
        self.assertIsNone(self.page(self.viewer).context["note_form"])

    def test_outsiders_and_unknown_conflicts_get_404(self):
        self.assertEqual(self.page(self.outsider).status_code, 404)
        self.assertEqual(self.page(self.staff).status_code, 404)
        self.login(self.company_admin)
        url = self.url("conflict_detail", self.conflict).replace(
            str(self.conflict.uuid), "00000000-0000-0000-0000-000000000000"
        )
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_mediator_and_the_outcome_are_shown(self):
        Conflict.objects.filter(pk=self.conflict.pk).update(
            stage=ConflictStage.RESOLVED,
            mediator_kind=MediatorKind.EXTERNAL,
            mediator_name="Maison de la médiation",
            outcome="Un mercredi sur deux, et la salle du bas le reste du temps.",
            closed_at=self.conflict.created_at,
        )
        page = self.page(self.company_admin)
        self.assertContains(page, "Maison de la médiation")
        self.assertContains(page, "External mediator")
        self.assertContains(page, "la salle du bas")
        self.assertContains(page, "Its record is final")
        self.assertIsNone(page.context["note_form"])
        self.assertIsNone(page.context["stage_form"])

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        page = self.page(self.company_admin)
        self.assertIsNone(page.context["note_form"])
        self.assertIsNone(page.context["stage_form"])
        self.assertContains(page, "can be read but not changed")

    def test_mediation_is_offered_only_from_dialogue(self):
        page = self.page(self.company_admin)
        offered = [option["value"] for option in page.context["stage_options"]]
        self.assertEqual(offered, ["mediation", "resolved", "exit"])
        Conflict.objects.filter(pk=self.conflict.pk).update(stage=ConflictStage.MEDIATION)
        page = self.page(self.company_admin)
        offered = [option["value"] for option in page.context["stage_options"]]
        self.assertEqual(offered, ["resolved", "exit"])
