from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from alliances.governance.models import Conflict, ConflictNoteKind, ConflictStage
from alliances.governance.services.conflicts import conflict_note_add
from alliances.governance.tests.test_conflict_setup import ConflictTestCase
from alliances.partnerships.models import Activity, Notification, Stage

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("UTC"))


class ConflictNoteTests(ConflictTestCase):
    def setUp(self):
        with time_machine.travel(START, tick=False):
            self.conflict = self.raise_conflict()
        Notification.objects.all().delete()

    def post(self, user, text="Réunion tenue le 3 mars : proposition d'alterner les salles."):
        self.login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url("conflict_note", self.conflict), {"text": text})

    def test_add_a_note(self):
        later = START + timedelta(days=5)
        Conflict.objects.filter(pk=self.conflict.pk).update(stale_notified_at=START)
        with time_machine.travel(later, tick=False):
            response = self.post(self.commune_editor)
        self.assertRedirects(
            response,
            self.url("conflict_detail", self.conflict) + "#timeline",
            fetch_redirect_response=False,
        )
        note = self.conflict.notes.get(kind=ConflictNoteKind.NOTE)
        self.assertEqual(note.author, self.commune_editor)
        self.assertEqual(note.party, self.commune_party)
        self.assertIn("alterner les salles", note.text)
        self.conflict.refresh_from_db()
        self.assertEqual(self.conflict.last_activity_at, later)
        self.assertIsNone(self.conflict.stale_notified_at)
        with time_machine.travel(later, tick=False):
            page = self.client.get(self.url("conflict_detail", self.conflict))
        self.assertContains(page, "alterner les salles")
        self.assertContains(page, "Nina Commune")

    def test_activity_and_notifications_stay_among_the_parties_concerned(self):
        self.post(self.commune_editor)
        activity = Activity.objects.get(verb="conflict.note_added")
        self.assertEqual(set(activity.audience.all()), {self.company_party, self.commune_party})
        told = set(
            Notification.objects.filter(verb="conflict.note_added").values_list("user", flat=True)
        )
        self.assertEqual(
            told, {self.company_admin.pk, self.company_editor.pk, self.commune_admin.pk}
        )

    def test_an_empty_note_gives_the_form_back(self):
        response = self.post(self.company_admin, text="   ")
        self.assertContains(response, "Write the note.", status_code=400)
        self.assertFalse(self.conflict.notes.filter(kind=ConflictNoteKind.NOTE).exists())

    def test_a_viewer_gets_403(self):
        self.assertEqual(self.post(self.company_viewer).status_code, 403)

    def test_the_coordinator_gets_404_unless_informed_then_may_note(self):
        self.assertEqual(self.post(self.admin).status_code, 404)
        Conflict.objects.filter(pk=self.conflict.pk).update(coordinator_informed=True)
        self.assertEqual(self.post(self.editor).status_code, 302)
        note = self.conflict.notes.get(kind=ConflictNoteKind.NOTE)
        self.assertEqual(note.party, self.lead_party)
        activity = Activity.objects.get(verb="conflict.note_added")
        self.assertIn(self.lead_party, activity.audience.all())
        self.assertEqual(self.post(self.viewer).status_code, 403)

    def test_a_closed_conflict_takes_no_note(self):
        Conflict.objects.filter(pk=self.conflict.pk).update(
            stage=ConflictStage.RESOLVED, closed_at=START, outcome="Accord."
        )
        response = self.post(self.company_admin)
        self.assertContains(response, "This conflict is closed", status_code=400)
        self.assertContains(response, "alterner les salles", status_code=400)
        self.assertFalse(self.conflict.notes.filter(kind=ConflictNoteKind.NOTE).exists())

    def test_a_closed_partnership_takes_no_note(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        response = self.post(self.company_admin)
        self.assertContains(response, "This partnership is closed", status_code=400)

    def test_the_service_refuses_someone_not_following_it(self):
        with self.assertRaises(PermissionDenied):
            conflict_note_add(
                conflict_access=self.conflict_access(self.company_viewer, self.conflict),
                actor=self.company_viewer,
                text="Bonjour",
            )
        with self.assertRaises(ValidationError):
            conflict_note_add(
                conflict_access=self.conflict_access(self.company_admin, self.conflict),
                actor=self.company_admin,
                text="",
            )
