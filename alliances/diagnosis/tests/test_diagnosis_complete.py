from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.services.diagnoses import diagnosis_complete
from alliances.diagnosis.tests.test_diagnosis_setup import (
    NOW,
    DiagnosisTestCase,
    all_answers,
    form_data,
)
from alliances.organisations.access import access_organisation_by_uuid


@time_machine.travel(NOW, tick=False)
class DiagnosisCompleteTests(DiagnosisTestCase):
    def setUp(self):
        super().setUp()
        self.draft = Diagnosis.objects.create(organisation=self.org, created_by=self.editor)
        self.url = reverse("diagnosis:complete", args=[self.org.uuid, self.draft.uuid])

    def test_completing_keeps_the_scores_and_the_portfolio_of_the_day(self):
        self.login(self.admin)
        answers = all_answers("established", leadership__written_strategy="exemplary")
        response = self.client.post(self.url, form_data(answers, notes="With the board"))
        self.assertRedirects(
            response, reverse("diagnosis:detail", args=[self.org.uuid, self.draft.uuid])
        )
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, DiagnosisStatus.COMPLETED)
        self.assertEqual(self.draft.completed_by, self.admin)
        self.assertEqual(self.draft.completed_at, NOW)
        # Leadership: 4 answers at 2 points and one at 3, out of 5 x 3.
        self.assertEqual(
            self.draft.scores, {"leadership": 73, "systems": 67, "people": 67, "culture": 67}
        )
        # The lead association works with a company and a commune.
        self.assertEqual(self.draft.portfolio["partnerships"], 1)
        self.assertEqual(self.draft.portfolio["partners"], 2)
        self.assertEqual(self.draft.portfolio["by_type"]["company"], 1)
        self.assertEqual(self.draft.portfolio["by_type"]["local_authority"], 1)
        self.assertEqual(self.draft.portfolio["focus"], str(self.partnership.uuid))
        self.assertEqual(self.draft.notes, "With the board")
        self.assertTrue(AuditEvent.objects.filter(verb="diagnosis.complete").exists())

    def test_every_question_must_be_answered_and_the_answers_given_are_kept(self):
        self.login(self.editor)
        answers = all_answers("starting")
        answers["people.handover"]["level"] = ""
        response = self.client.post(self.url, form_data(answers))
        self.assertContains(response, "not completed yet", status_code=400)
        self.assertContains(
            response, "Choose an answer to complete the self-diagnosis.", status_code=400
        )
        self.assertContains(response, 'href="#id_people__handover_0"', status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, DiagnosisStatus.DRAFT)
        # The radio already chosen stays checked on the page sent back.
        self.assertContains(
            response, 'value="starting" id="id_people__training_1" checked', status_code=400
        )

    def test_a_completed_self_diagnosis_cannot_change(self):
        access = access_organisation_by_uuid(self.editor, self.org.uuid)
        diagnosis_complete(
            access=access,
            actor=self.editor,
            diagnosis=self.draft,
            answers=all_answers("starting"),
            today=date(2026, 11, 20),
        )
        with self.assertRaisesMessage(ValidationError, "can no longer be changed"):
            diagnosis_complete(access=access, actor=self.editor, diagnosis=self.draft)
        self.login(self.editor)
        response = self.client.post(self.url, form_data(all_answers("exemplary")))
        self.assertRedirects(
            response, reverse("diagnosis:detail", args=[self.org.uuid, self.draft.uuid])
        )
        edit = reverse("diagnosis:edit", args=[self.org.uuid, self.draft.uuid])
        self.assertRedirects(
            self.client.get(edit),
            reverse("diagnosis:detail", args=[self.org.uuid, self.draft.uuid]),
        )
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.scores["culture"], 33)

    def test_after_completing_a_new_draft_may_be_started(self):
        access = access_organisation_by_uuid(self.editor, self.org.uuid)
        diagnosis_complete(
            access=access, actor=self.editor, diagnosis=self.draft, answers=all_answers("starting")
        )
        self.login(self.editor)
        self.client.post(reverse("diagnosis:start", args=[self.org.uuid]))
        self.assertEqual(
            Diagnosis.objects.filter(organisation=self.org, status=DiagnosisStatus.DRAFT).count(), 1
        )
