from unittest import mock

from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Kind, Membership, Organisation
from alliances.test import BaseTestCase, make_organisation

SIREN = "732829320"
SIRET = "73282932000017"
OTHER_SIRET = "55208131700018"


class OrganisationCreateTests(BaseTestCase):
    url = reverse("organisations:create")

    def setUp(self):
        self.login(None)

    def login(self, user):
        super().login(user)
        # Texts are checked in English, whatever the French catalogue says.
        self.client.cookies["alliances_language"] = "en"

    def post(self, **fields):
        data = {"name": "Les Jardins Partagés", "kind": Kind.ASSOCIATION, "is_public": "on"}
        data.update(fields)
        return self.client.post(self.url, data)

    def assertRefused(self, response, field, message=None):
        self.assertEqual(response.status_code, 400)
        self.assertIn(field, response.context["form"].errors)
        if message:
            self.assertIn(message, " ".join(response.context["form"].errors[field]))
        self.assertFalse(Organisation.objects.filter(name="Les Jardins Partagés").exists())

    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])
        response = self.post()
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Organisation.objects.filter(name="Les Jardins Partagés").exists())

    def test_logged_in_user_sees_the_form(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="siret"')
        self.assertContains(response, "<fieldset>", count=5)

    def test_creator_becomes_administrator(self):
        self.login(self.outsider)
        response = self.post(
            city="Poitiers",
            mission="Des jardins au pied des immeubles.",
            website="jardins.example.org",
            staff_count="2",
            budget_band="10k-50k",
        )
        organisation = Organisation.objects.get(name="Les Jardins Partagés")
        self.assertRedirects(response, reverse("organisations:detail", args=[organisation.uuid]))
        self.assertEqual(organisation.created_by, self.outsider)
        self.assertEqual(organisation.website, "https://jardins.example.org")
        self.assertEqual(organisation.staff_count, 2)
        membership = Membership.objects.get(organisation=organisation)
        self.assertEqual((membership.user, membership.role), (self.outsider, Role.ADMIN))
        event = AuditEvent.objects.get(verb="organisation.created")
        self.assertEqual(event.organisation_uuid, organisation.uuid)
        self.assertEqual(event.actor, self.outsider)

    def test_success_message_suggests_next_steps(self):
        self.login(self.outsider)
        response = self.client.post(
            self.url, {"name": "Les Jardins Partagés", "kind": Kind.ASSOCIATION}, follow=True
        )
        self.assertContains(response, "Next steps")
        self.assertContains(response, "invite")

    def test_identifiers_are_stored_compact_and_siren_comes_from_siret(self):
        self.login(self.outsider)
        self.post(kind=Kind.COMPANY, siret="732 829 320 00017", name="Les Jardins Partagés")
        organisation = Organisation.objects.get(name="Les Jardins Partagés")
        self.assertEqual((organisation.siren, organisation.siret), (SIREN, SIRET))

    def test_rna_and_insee_code_are_normalised(self):
        self.login(self.outsider)
        self.post(rna="w 751 234 567", commune_code=" 86194 ")
        organisation = Organisation.objects.get(name="Les Jardins Partagés")
        self.assertEqual((organisation.rna, organisation.commune_code), ("W751234567", "86194"))

    def test_each_wrong_identifier_is_refused_on_its_field(self):
        self.login(self.outsider)
        cases = [
            ("siren", "73282932", "9 digits"),
            ("siren", "732829321", "not valid"),
            ("siret", "7328293200001", "14 digits"),
            ("siret", "73282932000018", "not valid"),
            ("rna", "863000001", "letter W"),
            ("insee_code", "8619", "INSEE"),
            ("commune_code", "ABCDE", "INSEE"),
            ("phone", "call me maybe", "telephone"),
            ("website", "not a website", ""),
            ("email", "not-an-email", ""),
        ]
        for field, value, message in cases:
            with self.subTest(field=field, value=value):
                self.assertRefused(self.post(**{field: value}), field, message)

    def test_siret_must_belong_to_the_siren(self):
        self.login(self.outsider)
        response = self.post(kind=Kind.COMPANY, siren=SIREN, siret=OTHER_SIRET)
        self.assertRefused(response, "siret", "SIREN")

    def test_rna_only_for_associations_foundations_and_residents_groups(self):
        self.login(self.outsider)
        self.assertRefused(self.post(kind=Kind.COMPANY, rna="W751234567"), "rna", "RNA")
        for kind in (Kind.FOUNDATION, Kind.RESIDENTS_GROUP):
            with self.subTest(kind=kind):
                response = self.post(kind=kind, rna="W751234567", name=f"Groupe {kind}")
                self.assertEqual(response.status_code, 302)
                Organisation.objects.filter(rna="W751234567").delete()

    def test_duplicate_identifiers_are_clear_form_errors(self):
        make_organisation("Déjà Là", kind=Kind.COMMUNE, siret=SIRET, insee_code="86194")
        self.login(self.outsider)
        self.assertRefused(self.post(kind=Kind.COMPANY, siret=SIRET), "siret", "already")
        # The lead association already holds this RNA number.
        self.assertRefused(self.post(rna="W 863 000 001"), "rna", "already")
        self.assertRefused(self.post(kind=Kind.COMMUNE, insee_code="86194"), "insee_code")

    def test_same_insee_code_for_another_kind_is_allowed(self):
        make_organisation("Poitiers", kind=Kind.COMMUNE, insee_code="86194")
        self.login(self.outsider)
        response = self.post(kind=Kind.SCHOOL, insee_code="86194")
        self.assertEqual(response.status_code, 302)

    def test_duplicate_saved_by_someone_else_meanwhile_is_a_form_error(self):
        make_organisation("Déjà Là", kind=Kind.COMPANY, siret=SIRET)
        self.login(self.outsider)
        target = "alliances.organisations.services.profiles.identifier_clashes"
        with mock.patch(target, return_value=set()):
            response = self.post(kind=Kind.COMPANY, siret=SIRET)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)
        self.assertEqual(Membership.objects.filter(user=self.outsider).count(), 1)

    def test_empty_or_wrong_form_is_refused_with_errors(self):
        self.login(self.outsider)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"name", "kind"})
        self.assertContains(response, "error-summary", status_code=400)
        self.assertRefused(self.post(kind="castle"), "kind")
        self.assertRefused(self.post(staff_count="-3"), "staff_count")
        self.assertRefused(self.post(mission="x" * 5001), "mission")


class OrganisationCreateNextTests(BaseTestCase):
    def test_goes_back_to_the_page_that_asked_once_created(self):
        self.login(self.outsider)
        back = "/partnerships/invitations/join/some-token/"
        url = reverse("organisations:create") + "?next=" + back
        self.assertContains(self.client.get(url), f'name="next" value="{back}"')
        response = self.client.post(
            reverse("organisations:create"),
            {"name": "Régie de quartier", "kind": "association", "next": back},
        )
        self.assertRedirects(response, back, fetch_redirect_response=False)

    def test_never_sends_anyone_to_another_site(self):
        self.login(self.outsider)
        response = self.client.post(
            reverse("organisations:create"),
            {"name": "Régie de quartier", "kind": "association", "next": "https://evil.example"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/organisations/"))
