from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.tests.test_diagnosis_setup import (
    NOW,
    DiagnosisTestCase,
    all_answers,
    make_completed,
)


class DiagnosisStartTests(DiagnosisTestCase):
    def url(self):
        return reverse("diagnosis:start", args=[self.org.uuid])

    def test_an_editor_starts_an_empty_draft_and_lands_on_the_questionnaire(self):
        self.login(self.editor)
        response = self.client.post(self.url())
        diagnosis = Diagnosis.objects.get(organisation=self.org)
        self.assertEqual(diagnosis.status, DiagnosisStatus.DRAFT)
        self.assertEqual(diagnosis.answers, {})
        self.assertEqual(diagnosis.created_by, self.editor)
        self.assertRedirects(
            response, reverse("diagnosis:edit", args=[self.org.uuid, diagnosis.uuid])
        )
        self.assertTrue(AuditEvent.objects.filter(verb="diagnosis.start").exists())

    def test_a_new_draft_starts_from_the_latest_completed_answers(self):
        make_completed(self.org, answers=all_answers("established"), completed_at=NOW)
        self.login(self.admin)
        self.client.post(self.url())
        draft = Diagnosis.objects.get(organisation=self.org, status=DiagnosisStatus.DRAFT)
        self.assertEqual(draft.answers, all_answers("established"))

    def test_starting_twice_continues_the_same_draft(self):
        self.login(self.editor)
        self.client.post(self.url())
        response = self.client.post(self.url(), follow=True)
        self.assertEqual(Diagnosis.objects.filter(organisation=self.org).count(), 1)
        self.assertContains(response, "already in progress")

    def test_a_viewer_may_not_start_and_an_outsider_is_not_told_anything(self):
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url()).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url()).status_code, 404)
        self.assertFalse(Diagnosis.objects.exists())

    def test_the_overview_invites_an_editor_to_start(self):
        self.login(self.editor)
        response = self.client.get(reverse("diagnosis:overview", args=[self.org.uuid]))
        self.assertContains(response, "Start a self-diagnosis")
        self.login(self.viewer)
        response = self.client.get(reverse("diagnosis:overview", args=[self.org.uuid]))
        self.assertNotContains(response, "Start a self-diagnosis")
        self.assertContains(response, "An editor or an administrator")
