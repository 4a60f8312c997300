from django.core.exceptions import PermissionDenied
from django.http import Http404

from alliances.core.permissions import Action
from alliances.surveys.access import access_survey_by_uuid
from alliances.surveys.models import Survey
from alliances.surveys.tests.test_builder_helpers import SurveyTestCase
from alliances.test import make_partnership


class SurveyAccessTests(SurveyTestCase):
    def access(self, user, survey=None, need=Action.VIEW_PARTNERSHIP):
        survey = survey or self.survey
        return access_survey_by_uuid(user, self.partnership.uuid, survey.uuid, need=need)

    def test_every_member_reads_and_editors_of_any_party_manage(self):
        found = self.access(self.viewer)
        self.assertEqual(found.survey, self.survey)
        self.assertEqual(found.partnership, self.partnership)
        for user in (self.editor, self.admin, self.company_admin, self.commune_admin):
            self.assertTrue(
                self.access(user, need=Action.MANAGE_SURVEYS).can(Action.MANAGE_SURVEYS)
            )

    def test_viewer_may_not_manage(self):
        with self.assertRaises(PermissionDenied):
            self.access(self.viewer, need=Action.MANAGE_SURVEYS)

    def test_outsider_and_anonymous_get_404(self):
        from django.contrib.auth.models import AnonymousUser

        for user in (self.outsider, AnonymousUser()):
            with self.assertRaises(Http404):
                self.access(user)

    def test_survey_of_another_partnership_is_not_found(self):
        other, _parties = make_partnership("Autre", coordinator=self.org)
        elsewhere = Survey.objects.create(partnership=other, title="Ailleurs")
        with self.assertRaises(Http404):
            self.access(self.editor, survey=elsewhere)
        with self.assertRaises(Http404):
            access_survey_by_uuid(self.editor, self.partnership.uuid, "not-a-uuid")
