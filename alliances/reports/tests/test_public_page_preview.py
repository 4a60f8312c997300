"""The preview image shown when a public page's link is shared."""

import io

import time_machine
from django.urls import reverse
from PIL import Image

from alliances.reports.models import PublicPageStatus
from alliances.reports.tests.test_public_page_detail import TODAY, published_case
from alliances.test import PartnershipTestCase


@time_machine.travel(TODAY, tick=False)
class PublicPagePreviewImageTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = published_case(cls)

    def url(self):
        return reverse("public_pages:preview", args=[self.page.uuid])

    def test_is_a_1200_by_630_png(self):
        response = self.client.get(self.url())
        self.assertEqual(response["Content-Type"], "image/png")
        image = Image.open(io.BytesIO(response.content))
        self.assertEqual((image.format, image.size), ("PNG", (1200, 630)))

    def test_is_cached(self):
        first = self.client.get(self.url()).content
        with self.assertNumQueries(1):
            second = self.client.get(self.url()).content
        self.assertEqual(first, second)

    def test_changes_when_the_title_does(self):
        first = self.client.get(self.url()).content
        self.partnership.title = "Un tout autre titre"
        self.partnership.save()
        self.assertNotEqual(self.client.get(self.url()).content, first)

    def test_unpublished_page_has_no_image(self):
        self.page.status = PublicPageStatus.PROPOSED
        self.page.save()
        self.assertEqual(self.client.get(self.url()).status_code, 404)
