"""An organisation's administrators choose, on the profile form, whether other organisations
may write to them through the platform."""

from django.urls import reverse

from alliances.organisations.forms.profiles import OrganisationEditForm, OrganisationForm
from alliances.test import BaseTestCase


class IntroductionOptOutTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("organisations:edit", args=[self.org.uuid])

    def data(self, **fields):
        data = {
            "name": self.org.name,
            "kind": self.org.kind,
            "rna": self.org.rna,
            "city": self.org.city,
            "commune_code": self.org.commune_code,
            "mission": self.org.mission,
            "is_public": "on",
        }
        data.update(fields)
        return data

    def test_the_edit_form_has_the_box_ticked_by_default(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, "<legend>Introductions</legend>", html=False)
        self.assertContains(
            response,
            '<input type="checkbox" name="accepts_introductions" aria-describedby='
            '"id_accepts_introductions_helptext" id="id_accepts_introductions" checked>',
            html=True,
        )
        self.assertContains(response, "Your e-mail addresses are never shown to them.")

    def test_the_creation_form_leaves_it_alone(self):
        self.assertNotIn("accepts_introductions", OrganisationForm().fields)
        self.assertIn("accepts_introductions", OrganisationEditForm(instance=self.org).fields)

    def test_unticking_stops_introductions(self):
        self.login(self.admin)
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, reverse("organisations:detail", args=[self.org.uuid]))
        self.org.refresh_from_db()
        self.assertIs(self.org.accepts_introductions, False)
        self.client.post(self.url, self.data(accepts_introductions="on"))
        self.org.refresh_from_db()
        self.assertIs(self.org.accepts_introductions, True)
