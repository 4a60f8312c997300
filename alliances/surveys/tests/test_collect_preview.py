"""The team previews the public form, even of a draft, and cannot send from it."""

from django.urls import reverse

from alliances.surveys.models import SurveyStatus
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


class CollectPreviewTests(PartnershipTestCase):
    def test_a_draft_is_previewed_with_sending_disabled(self):
        survey = make_survey(self.partnership, status=SurveyStatus.DRAFT)
        url = reverse("surveys:preview", args=[self.partnership.uuid, survey.uuid])
        self.login(self.editor)
        response = self.client.get(url)
        self.assertContains(response, "Preview: answers are not saved.")
        self.assertContains(response, "Your age")
        self.assertContains(response, 'data-mode="preview"')
        self.assertContains(response, "disabled>")
        self.assertNotContains(response, "data-submit-url")
        self.login(self.viewer)
        self.assertEqual(self.client.get(url).status_code, 403)
