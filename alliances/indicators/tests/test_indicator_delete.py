from django.urls import reverse

from alliances.indicators.models import Indicator
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.partnerships.models import Activity


class IndicatorDeleteTests(FrameworkTestCase):
    def setUp(self):
        self.url = reverse(
            "indicators:indicator_delete", args=[self.partnership.uuid, self.indicator.uuid]
        )

    def test_editor_deletes_an_indicator_without_values(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"confirm": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Indicator.objects.filter(pk=self.indicator.pk).exists())
        self.assertTrue(Activity.objects.filter(verb="framework.indicator_deleted").exists())

    def test_indicator_with_values_is_kept(self):
        self.add_value()
        self.login(self.editor)
        response = self.client.post(self.url, {"confirm": "on"}, follow=True)
        self.assertContains(response, "values are evidence")
        self.assertTrue(Indicator.objects.filter(pk=self.indicator.pk).exists())

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url, {"confirm": "on"}).status_code, 403)
        self.assertTrue(Indicator.objects.filter(pk=self.indicator.pk).exists())

    def test_outsider_gets_not_found(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"confirm": "on"}).status_code, 404)
