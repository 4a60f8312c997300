from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.organisations.models import Cause, Kind, Organisation
from alliances.test import BaseTestCase, make_organisation


class OrganisationEditTests(BaseTestCase):
    def setUp(self):
        self.login(None)
        self.url = reverse("organisations:edit", args=[self.org.uuid])

    def login(self, user):
        super().login(user)
        # Texts are checked in English, whatever the French catalogue says.
        self.client.cookies["alliances_language"] = "en"

    def data(self, **fields):
        data = {
            "name": self.org.name,
            "kind": self.org.kind,
            "rna": self.org.rna,
            "city": self.org.city,
            "commune_code": self.org.commune_code,
            "mission": self.org.mission,
            "is_public": "on",
            "accepts_introductions": "on",
        }
        data.update(fields)
        return data

    def test_only_administrators_may_open_it(self):
        expected = [(None, 302), (self.outsider, 404), (self.viewer, 403), (self.editor, 403)]
        for user, status in [*expected, (self.admin, 200)]:
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_others_may_not_save_it(self):
        for user, status in [(None, 302), (self.outsider, 404), (self.editor, 403)]:
            with self.subTest(user=user):
                self.login(user)
                response = self.client.post(self.url, self.data(name="Piraté"))
                self.assertEqual(response.status_code, status)
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "Maison des Trois-Cités")

    def test_administrator_saves_profile_and_causes(self):
        self.login(self.admin)
        causes = Cause.objects.filter(code__in=["4", "10.2"])
        response = self.client.post(
            self.url,
            self.data(
                mission="Nouvelle mission.",
                volunteer_count="35",
                causes=[str(cause.pk) for cause in causes],
            ),
        )
        self.assertRedirects(response, reverse("organisations:detail", args=[self.org.uuid]))
        self.org.refresh_from_db()
        self.assertEqual((self.org.mission, self.org.volunteer_count), ("Nouvelle mission.", 35))
        self.assertEqual(sorted(self.org.causes.values_list("code", flat=True)), ["10.2", "4"])
        event = AuditEvent.objects.get(verb="organisation.updated")
        self.assertEqual(event.data["fields"], ["mission", "volunteer_count"])
        self.assertEqual(event.data["causes_added"], ["10.2", "4"])
        self.assertEqual(event.organisation_uuid, self.org.uuid)

    def test_removing_causes(self):
        self.org.causes.set(Cause.objects.filter(code__in=["4", "4.1"]))
        self.login(self.admin)
        self.client.post(self.url, self.data())
        self.assertFalse(self.org.causes.exists())

    def test_causes_are_grouped_by_goal(self):
        self.org.causes.set(Cause.objects.filter(code__in=["4.1"]))
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="causes"', count=Cause.objects.count())
        self.assertContains(response, '<details class="cause-group"', count=17)
        self.assertContains(response, '<details class="cause-group" open>', count=1)
        target = Cause.objects.get(code="4.1")
        self.assertContains(response, f'value="{target.pk}" id="cause-{target.pk}" checked')
        self.assertContains(response, "SDG 4: Quality education")

    def test_unknown_causes_are_refused(self):
        self.login(self.admin)
        for value in ("abc", "999999", "9" * 30, "-1"):
            with self.subTest(value=value):
                response = self.client.post(self.url, self.data(causes=[value]))
                self.assertEqual(response.status_code, 400)
                self.assertIn("causes", response.context["form"].errors)

    def test_invalid_form_changes_nothing(self):
        self.login(self.admin)
        response = self.client.post(self.url, self.data(name="", siren="123"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"name", "siren"})
        self.assertContains(response, "Maison des Trois-Cités", status_code=400)
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "Maison des Trois-Cités")
        self.assertFalse(AuditEvent.objects.filter(verb="organisation.updated").exists())

    def test_keeping_its_own_identifiers_is_not_a_duplicate(self):
        self.login(self.admin)
        response = self.client.post(self.url, self.data(rna="W 863 000 001"))
        self.assertEqual(response.status_code, 302)

    def test_taking_another_organisations_identifiers_is_refused(self):
        make_organisation("Autre Asso", rna="W751234567", siret="73282932000017")
        self.login(self.admin)
        response = self.client.post(self.url, self.data(rna="W751234567"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("already", response.context["form"].errors["rna"][0])
        response = self.client.post(self.url, self.data(siret="73282932000017"))
        self.assertIn("already", response.context["form"].errors["siret"][0])

    def test_changing_kind_checks_the_rna_again(self):
        self.login(self.admin)
        response = self.client.post(self.url, self.data(kind=Kind.COMPANY))
        self.assertEqual(response.status_code, 400)
        self.assertIn("rna", response.context["form"].errors)
        response = self.client.post(self.url, self.data(kind=Kind.COMPANY, rna=""))
        self.assertEqual(response.status_code, 302)
        self.org.refresh_from_db()
        self.assertEqual((self.org.kind, self.org.rna), (Kind.COMPANY, ""))

    def test_making_the_profile_private(self):
        self.login(self.admin)
        data = self.data()
        del data["is_public"]
        self.client.post(self.url, data)
        self.assertFalse(Organisation.objects.get(pk=self.org.pk).is_public)
        self.login(self.outsider)
        detail = reverse("organisations:detail", args=[self.org.uuid])
        self.assertEqual(self.client.get(detail).status_code, 404)
