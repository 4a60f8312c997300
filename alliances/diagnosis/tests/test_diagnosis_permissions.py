"""Who may do what with a self-diagnosis: members read, editors and admins write, outsiders
and platform staff learn nothing, even about a public organisation."""

from django.urls import reverse

from alliances.core.permissions import Action
from alliances.diagnosis.models import Diagnosis
from alliances.diagnosis.tests.test_diagnosis_setup import DiagnosisTestCase
from alliances.organisations.access import access_organisation_by_uuid


class DiagnosisPermissionTests(DiagnosisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = Diagnosis.objects.create(organisation=cls.org, created_by=cls.editor)

    def status(self, user, name: str, method: str = "get", with_diagnosis: bool = True) -> int:
        args = [self.org.uuid] + ([self.draft.uuid] if with_diagnosis else [])
        self.login(user)
        return getattr(self.client, method)(reverse(f"diagnosis:{name}", args=args)).status_code

    def test_reading_is_for_members_only(self):
        self.assertTrue(self.org.is_public)
        for name, with_diagnosis in (("overview", False), ("detail", True), ("compare", True)):
            with self.subTest(name):
                for member in (self.viewer, self.editor, self.admin):
                    self.assertEqual(self.status(member, name, with_diagnosis=with_diagnosis), 200)
                self.assertEqual(
                    self.status(self.outsider, name, with_diagnosis=with_diagnosis), 404
                )
                self.assertEqual(self.status(self.staff, name, with_diagnosis=with_diagnosis), 404)
                self.assertEqual(self.status(None, name, with_diagnosis=with_diagnosis), 302)

    def test_answering_is_for_editors_and_administrators(self):
        self.assertEqual(self.status(self.viewer, "edit"), 403)
        self.assertEqual(self.status(self.viewer, "complete", "post"), 403)
        self.assertEqual(self.status(self.outsider, "edit"), 404)
        self.assertEqual(self.status(self.outsider, "complete", "post"), 404)
        self.assertEqual(self.status(self.editor, "edit"), 200)
        self.assertEqual(self.status(self.admin, "edit"), 200)
        # An empty questionnaire cannot be completed.
        self.assertEqual(self.status(self.editor, "complete", "post"), 400)

    def test_the_permission_table_gives_the_right_actions(self):
        viewer = access_organisation_by_uuid(self.viewer, self.org.uuid)
        editor = access_organisation_by_uuid(self.editor, self.org.uuid)
        self.assertTrue(viewer.can(Action.VIEW_DIAGNOSIS))
        self.assertFalse(viewer.can(Action.EDIT_WORK))
        self.assertTrue(editor.can(Action.EDIT_WORK))

    def test_the_viewer_sees_no_button_to_answer(self):
        self.login(self.viewer)
        response = self.client.get(reverse("diagnosis:overview", args=[self.org.uuid]))
        self.assertNotContains(response, "Continue the questionnaire")
        self.assertContains(response, "See the results so far")
        self.login(self.editor)
        response = self.client.get(reverse("diagnosis:overview", args=[self.org.uuid]))
        self.assertContains(response, "Continue the questionnaire")
