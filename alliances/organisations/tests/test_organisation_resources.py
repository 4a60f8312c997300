from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.organisations.models import OrganisationResource
from alliances.test import BaseTestCase


class OrganisationResourcesTests(BaseTestCase):
    def setUp(self):
        self.login(None)
        self.url = reverse("organisations:resources", args=[self.org.uuid])

    def login(self, user):
        super().login(user)
        # Texts are checked in English, whatever the French catalogue says.
        self.client.cookies["alliances_language"] = "en"

    def stored(self):
        return sorted(
            OrganisationResource.objects.filter(organisation=self.org).values_list(
                "direction", "resource", "detail"
            )
        )

    def test_only_administrators_may_open_it(self):
        expected = [(None, 302), (self.outsider, 404), (self.viewer, 403), (self.editor, 403)]
        for user, status in [*expected, (self.admin, 200)]:
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_others_may_not_save_it(self):
        for user, status in [(None, 302), (self.outsider, 404), (self.viewer, 403)]:
            with self.subTest(user=user):
                self.login(user)
                response = self.client.post(self.url, {"sent": "1", "offered_funding": "on"})
                self.assertEqual(response.status_code, status)
        self.assertEqual(self.stored(), [])

    def test_form_shows_every_resource_both_ways(self):
        OrganisationResource.objects.create(
            organisation=self.org, direction="needed", resource="premises", detail="Une salle"
        )
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, 'type="checkbox"', count=20)
        self.assertContains(response, 'name="needed_premises" id="id_needed_premises" checked')
        self.assertContains(response, 'value="Une salle"')

    def test_saving_replaces_the_whole_set(self):
        OrganisationResource.objects.create(
            organisation=self.org, direction="needed", resource="premises", detail="Une salle"
        )
        self.login(self.admin)
        response = self.client.post(
            self.url,
            {
                "sent": "1",
                "offered_field_expertise": "on",
                "offered_field_expertise_detail": "  Quartier des Trois-Cités  ",
                "offered_volunteers": "on",
                "needed_funding": "on",
                "needed_funding_detail": "Un poste d'animateur",
                "not_a_field": "ignored",
            },
        )
        self.assertRedirects(response, reverse("organisations:detail", args=[self.org.uuid]))
        self.assertEqual(
            self.stored(),
            [
                ("needed", "funding", "Un poste d'animateur"),
                ("offered", "field_expertise", "Quartier des Trois-Cités"),
                ("offered", "volunteers", ""),
            ],
        )
        event = AuditEvent.objects.get(verb="organisation.resources_set")
        self.assertEqual(event.organisation_uuid, self.org.uuid)
        self.assertEqual(len(event.data["resources"]), 3)

    def test_saving_nothing_empties_the_set(self):
        OrganisationResource.objects.create(
            organisation=self.org, direction="offered", resource="skills"
        )
        self.login(self.admin)
        self.client.post(self.url, {"sent": "1"})
        self.assertEqual(self.stored(), [])

    def test_incomplete_request_changes_nothing(self):
        OrganisationResource.objects.create(
            organisation=self.org, direction="offered", resource="skills"
        )
        self.login(self.admin)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "not sent completely", status_code=400)
        self.assertEqual(len(self.stored()), 1)

    def test_detail_too_long_is_refused(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {"sent": "1", "offered_skills": "on", "offered_skills_detail": "x" * 301}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("offered_skills_detail", response.context["form"].errors)
        self.assertContains(response, "error-summary", status_code=400)
        self.assertEqual(self.stored(), [])

    def test_detail_without_its_box_is_refused(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {"sent": "1", "needed_data": "", "needed_data_detail": "Carto"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tick", response.context["form"].errors["needed_data_detail"][0])
        self.assertEqual(self.stored(), [])
