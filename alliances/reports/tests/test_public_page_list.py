"""The list of published impact pages."""

from django.urls import reverse

from alliances.reports.models import PublicPage, PublicPageStatus
from alliances.test import PartnershipTestCase, make_organisation, make_partnership


class PublicPageListTests(PartnershipTestCase):
    def test_lists_published_pages_only(self):
        PublicPage.objects.create(
            partnership=self.partnership, summary="Visible", status=PublicPageStatus.PUBLISHED
        )
        other, _parties = make_partnership("Projet en attente", coordinator=make_organisation("B"))
        PublicPage.objects.create(partnership=other, summary="Pas encore")
        response = self.client.get(reverse("public_pages:list"))
        self.assertContains(response, "Réussir au collège")
        self.assertNotContains(response, "Projet en attente")

    def test_query_count_does_not_grow_with_the_pages(self):
        for number in range(5):
            partnership, _parties = make_partnership(
                f"Alliance {number}", coordinator=make_organisation(f"Org {number}")
            )
            PublicPage.objects.create(
                partnership=partnership, summary="Résumé", status=PublicPageStatus.PUBLISHED
            )
        with self.assertNumQueries(2):
            response = self.client.get(reverse("public_pages:list"))
        self.assertContains(response, "Alliance 4")
