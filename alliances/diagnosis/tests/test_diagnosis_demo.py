import time_machine

from alliances.diagnosis.demo import load_diagnosis_demo
from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.diagnosis.selectors.diagnoses import (
    comparison_of_diagnosis,
    previous_completed_in_organisation,
)
from alliances.diagnosis.tests.test_diagnosis_setup import NOW, DiagnosisTestCase


@time_machine.travel(NOW, tick=False)
class DiagnosisDemoTests(DiagnosisTestCase):
    def test_two_completed_self_diagnoses_a_year_apart_and_comparable(self):
        created = load_diagnosis_demo(self.org, self.admin)
        self.assertEqual(len(created), 2)
        old, recent = created
        self.assertEqual(
            set(Diagnosis.objects.values_list("status", flat=True)), {DiagnosisStatus.COMPLETED}
        )
        self.assertEqual((recent.completed_at - old.completed_at).days, 355)
        self.assertEqual(previous_completed_in_organisation(diagnosis=recent), old)
        comparison = comparison_of_diagnosis(diagnosis=recent, previous=old, today=NOW.date())
        self.assertTrue(comparison.moves)
        self.assertIn("Companies", comparison.gained_types)
        # Idempotent.
        self.assertEqual(load_diagnosis_demo(self.org, self.admin), [])
        self.assertEqual(Diagnosis.objects.count(), 2)
