"""A person reads everything the platform keeps about them, and downloads it as JSON."""

import json

from django.urls import reverse

from alliances.accounts.models import ApiToken
from alliances.partnerships.models import Contribution, ContributionKind
from alliances.privacy.selectors import SOURCES
from alliances.test import PartnershipTestCase


class MyDataTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            kind=ContributionKind.PREMISES,
            description="Salle du centre social, les mercredis",
            recorded_by=cls.editor,
        )
        Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.company_party,
            kind=ContributionKind.MONEY,
            description="Subvention de l'entreprise",
            recorded_by=cls.company_admin,
        )
        ApiToken.objects.create(
            user=cls.editor, name="Tableur du suivi", prefix="all_abc123", digest="d" * 64
        )

    def test_the_page_lists_what_the_person_did_and_nothing_of_others(self):
        self.login(self.editor)
        response = self.client.get(reverse("privacy:my_data"))
        self.assertContains(response, "eddie@example.org")
        self.assertContains(response, "Maison des Trois-Cités")
        self.assertContains(response, "Réussir au collège")
        self.assertContains(response, "Salle du centre social, les mercredis")
        self.assertContains(response, "Tableur du suivi")
        self.assertNotContains(response, "Subvention de l&#x27;entreprise")
        self.assertNotContains(response, "d" * 64)
        self.assertNotContains(response, "all_abc123")
        self.assertContains(response, reverse("privacy:my_data_json"))
        self.assertContains(response, reverse("privacy:delete_account"))

    def test_the_download_is_a_json_attachment_with_the_same_sections(self):
        self.login(self.editor)
        response = self.client.get(reverse("privacy:my_data_json"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        data = json.loads(response.content)
        sections = data["sections"]
        self.assertEqual(sections["profile"][0]["email"], "eddie@example.org")
        self.assertEqual(
            [row["description"] for row in sections["contributions"]],
            ["Salle du centre social, les mercredis"],
        )
        self.assertEqual(sections["memberships"][0]["organisation__name"], "Maison des Trois-Cités")
        self.assertEqual(sections["api_tokens"][0]["name"], "Tableur du suivi")
        self.assertNotIn("digest", sections["api_tokens"][0])
        self.assertNotIn("d" * 64, response.content.decode())
        self.assertIn("partnerships", sections)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for name in ("privacy:my_data", "privacy:my_data_json"):
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("account_login"), response["Location"])

    def test_one_query_per_section(self):
        self.login(self.editor)
        # session, user, partnerships through memberships, one per source, notifications badge
        with self.assertNumQueries(len(SOURCES) + 4):
            self.client.get(reverse("privacy:my_data"))
