from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alliances.governance.models import Conflict, ConflictNoteKind, ConflictStage
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Activity, Notification, PartyStatus, Stage


class ConflictCreatePageTests(ConflictTestCase):
    def test_editors_and_admins_of_every_party_may_open_the_form(self):
        for user in (self.editor, self.admin, self.company_admin, self.company_editor):
            self.login(user)
            self.assertEqual(self.client.get(self.url("conflict_create")).status_code, 200)

    def test_viewers_get_403_and_outsiders_404(self):
        self.login(self.company_viewer)
        self.assertEqual(self.client.get(self.url("conflict_create")).status_code, 403)
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url("conflict_create")).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("conflict_create")).status_code, 404)

    def test_the_form_offers_the_other_parties_only(self):
        self.login(self.company_admin)
        page = self.client.get(self.url("conflict_create"))
        offered = {str(party.uuid) for party in page.context["form"].fields["parties"].queryset}
        self.assertEqual(offered, {str(self.lead_party.uuid), str(self.commune_party.uuid)})
        self.assertContains(page, "Let the coordinator see it")
        self.assertContains(page, "Maison des Trois-Cités (Coordinator)")

    def test_the_coordinator_is_not_asked_whether_to_inform_itself(self):
        self.login(self.admin)
        page = self.client.get(self.url("conflict_create"))
        self.assertNotContains(page, "Let the coordinator see it")

    def test_a_closed_partnership_takes_no_new_conflict(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.company_admin)
        response = self.client.get(self.url("conflict_create"))
        self.assertRedirects(response, self.url("conflicts"))


class ConflictCreateTests(ConflictTestCase):
    def post(self, **data):
        values = {
            "topic": "Calendrier des versements",
            "description": "Le second versement arrive après la rentrée.",
            "parties": [str(self.commune_party.uuid)],
        }
        values.update(data)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url("conflict_create"), values)

    def test_raise_a_conflict(self):
        self.login(self.company_admin)
        response = self.post()
        conflict = Conflict.objects.get()
        self.assertRedirects(response, self.url("conflict_detail", conflict))
        self.assertEqual(conflict.number, 1)
        self.assertEqual(conflict.stage, ConflictStage.DIALOGUE)
        self.assertEqual(conflict.raised_by, self.company_admin)
        self.assertEqual(conflict.raised_by_party, self.company_party)
        self.assertEqual(set(conflict.parties.all()), {self.company_party, self.commune_party})
        self.assertIs(conflict.coordinator_informed, False)
        start = conflict.notes.get()
        self.assertEqual(start.kind, ConflictNoteKind.STAGE)
        self.assertEqual((start.from_stage, start.to_stage), ("", ConflictStage.DIALOGUE))
        self.assertEqual(start.party, self.company_party)

    def test_the_activity_line_is_confidential_to_the_parties_named(self):
        self.login(self.company_admin)
        self.post()
        activity = Activity.objects.get(verb="conflict.raised")
        self.assertIs(activity.restricted, True)
        self.assertEqual(set(activity.audience.all()), {self.company_party, self.commune_party})
        self.assertEqual(activity.data["topic"], "Calendrier des versements")

    def test_editors_and_admins_of_the_named_parties_are_told(self):
        self.login(self.company_admin)
        mail.outbox.clear()
        self.post()
        told = set(
            Notification.objects.filter(verb="conflict.raised").values_list("user", flat=True)
        )
        # Not the viewer of the company, not the one raising it, not the coordinator.
        self.assertEqual(
            told, {self.company_editor.pk, self.commune_admin.pk, self.commune_editor.pk}
        )
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            sorted(["carla@example.org", "pierre@example.org", "nina@example.org"]),
        )
        self.assertIn("Solidaires Industries raised a conflict", mail.outbox[0].body)

    def test_the_coordinator_is_told_when_informed(self):
        self.login(self.company_admin)
        self.post(coordinator_informed="on")
        conflict = Conflict.objects.get()
        self.assertIs(conflict.coordinator_informed, True)
        told = set(
            Notification.objects.filter(verb="conflict.raised").values_list("user", flat=True)
        )
        self.assertTrue({self.admin.pk, self.editor.pk} <= told)
        self.assertNotIn(self.viewer.pk, told)
        activity = Activity.objects.get(verb="conflict.raised")
        self.assertIn(self.lead_party, activity.audience.all())

    def test_informing_the_coordinator_is_ignored_when_it_is_named(self):
        self.login(self.company_admin)
        self.post(parties=[str(self.lead_party.uuid)], coordinator_informed="on")
        self.assertIs(Conflict.objects.get().coordinator_informed, False)

    def test_numbers_follow_each_other_in_the_partnership(self):
        self.raise_conflict()
        self.raise_conflict(
            by=self.commune_admin, party=self.commune_party, named=[self.company_party]
        )
        self.assertEqual(
            list(Conflict.objects.order_by("number").values_list("number", flat=True)), [1, 2]
        )

    def test_missing_fields_give_the_form_back(self):
        self.login(self.company_admin)
        response = self.post(topic="", description="", parties=[])
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Give the conflict a topic.", status_code=400)
        self.assertContains(response, "Say what is at stake.", status_code=400)
        self.assertContains(response, "Name at least one other party", status_code=400)
        self.assertFalse(Conflict.objects.exists())

    def test_naming_only_the_raising_party_is_refused(self):
        # A person of two parties chooses which one raises it, and must name another.
        from alliances.core.permissions import Role
        from alliances.test import add_member

        add_member(self.company_admin, self.commune, Role.ADMIN)
        self.login(self.company_admin)
        response = self.post(
            party=str(self.company_party.uuid), parties=[str(self.company_party.uuid)]
        )
        self.assertContains(
            response, "Name at least one other party than the one raising it.", status_code=400
        )
        self.assertFalse(Conflict.objects.exists())

    def test_typed_input_is_kept_on_error(self):
        self.login(self.company_admin)
        response = self.post(parties=[])
        self.assertContains(response, "Calendrier des versements", status_code=400)

    def test_a_party_of_another_partnership_is_refused(self):
        self.login(self.company_admin)
        response = self.post(parties=["00000000-0000-0000-0000-000000000000"])
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Conflict.objects.exists())

    def test_viewer_may_not_post(self):
        self.login(self.company_viewer)
        self.assertEqual(self.post().status_code, 403)
        self.assertFalse(Conflict.objects.exists())


class ConflictRaiseServiceTests(ConflictTestCase):
    def test_only_for_a_party_the_user_may_raise_for(self):
        with self.assertRaises(PermissionDenied):
            self.raise_conflict(by=self.company_admin, party=self.commune_party)
        with self.assertRaises(PermissionDenied):
            self.raise_conflict(by=self.company_viewer)

    def test_a_party_that_left_cannot_be_named(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        with self.assertRaises(ValidationError):
            self.raise_conflict()
        self.assertFalse(Conflict.objects.exists())

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            self.raise_conflict()
