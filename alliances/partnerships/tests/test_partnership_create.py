"""Creating a partnership: the coordinating organisation, the form and its refusals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import Cause
from alliances.partnerships.models import (
    Activity,
    Partnership,
    PartnershipType,
    Party,
    PartyRole,
    PartyStatus,
    PatronageForm,
    Stage,
    StageChange,
)
from alliances.partnerships.services.workspace import partnership_create
from alliances.territories.models import Territory, TerritoryKind
from alliances.test import BaseTestCase, add_member, make_organisation

NASTY_VALUES = [
    "x" * 10_000,
    "\x00null\x00byte",
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999999999",
    "🙂" * 300,
    "00000000-0000-0000-0000-000000000000",
]


class PartnershipCreateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.vienne = Territory.objects.create(
            kind=TerritoryKind.DEPARTEMENT, code="86", name="Vienne"
        )
        cls.poitiers = Territory.objects.create(
            kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers", departement=cls.vienne
        )

    def setUp(self):
        self.url = reverse("partnerships:create")

    def data(self, **overrides):
        values = {
            "organisation": str(self.org.uuid),
            "title": "  Réussir   au collège ",
            "purpose": "Aide aux devoirs et sorties culturelles.",
            "objectives": "Moins de décrochage\n\n  Plus de sorties  \n",
            "kind": PartnershipType.PATRONAGE,
            "patronage_forms": [PatronageForm.SKILLS, PatronageForm.FINANCIAL],
            "causes": [Cause.objects.get(code="4").pk, Cause.objects.get(code="4.1").pk],
            "where": "Poitiers",
            "starts_on": "2026-09-01",
            "ends_on": "2027-06-30",
            "currency": "EUR",
            "decision_rule": "consensus",
        }
        values.update(overrides)
        return values

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user in (self.outsider, self.viewer, self.editor, self.admin, self.staff):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_the_form_explains_the_four_types(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        for text in (
            "without asking for anything of equal value in return",
            "changes the way it works",
            "produce or sell something together",
            "design and test together a new answer",
        ):
            self.assertContains(response, text)
        # The only organisation is chosen already; EUR is the default currency.
        self.assertContains(
            response, f'value="{self.org.uuid}" id="id_organisation_0" required checked'
        )
        self.assertContains(response, '<option value="EUR" selected>')

    def test_someone_who_may_not_create_work_is_told_why(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "you need to be an editor or an administrator of one")
        self.assertNotContains(response, 'name="title"')
        with transaction.atomic():
            response = self.client.post(self.url, self.data())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Partnership.objects.exists())

    def test_editor_creates_a_partnership_coordinated_by_their_organisation(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data())
        partnership = Partnership.objects.get()
        self.assertRedirects(
            response,
            reverse("partnerships:detail", args=[partnership.uuid]),
            fetch_redirect_response=False,
        )
        self.assertEqual(partnership.title, "Réussir au collège")
        self.assertEqual(partnership.objective_list, ["Moins de décrochage", "Plus de sorties"])
        self.assertEqual(partnership.patronage_forms, ["financial", "skills"])
        self.assertEqual(partnership.territory, self.poitiers)
        self.assertEqual(partnership.starts_on, date(2026, 9, 1))
        self.assertEqual(partnership.stage, Stage.EXPLORATION)
        self.assertEqual(partnership.created_by, self.editor)
        self.assertEqual(sorted(partnership.causes.values_list("code", flat=True)), ["4", "4.1"])
        party = Party.objects.get(partnership=partnership)
        self.assertEqual(party.organisation, self.org)
        self.assertEqual(party.roles, [PartyRole.COORDINATOR])
        self.assertEqual(party.status, PartyStatus.ACTIVE)
        change = StageChange.objects.get(partnership=partnership)
        self.assertEqual((change.from_stage, change.to_stage), ("", Stage.EXPLORATION))
        self.assertTrue(Activity.objects.filter(verb="partnership.created", party=party))
        self.assertTrue(
            AuditEvent.objects.filter(verb="partnership.created", object_uuid=partnership.uuid)
        )
        response = self.client.get(response.url)
        self.assertContains(response, "Next step: invite the other parties.")

    def test_the_territory_can_be_the_label_a_suggestion_gives(self):
        self.login(self.editor)
        self.client.post(self.url, self.data(where="Vienne (département 86)"))
        self.assertEqual(Partnership.objects.get().territory, self.vienne)

    def test_user_chooses_among_their_organisations(self):
        second = make_organisation("Fondation du Clain")
        add_member(self.editor, second, Role.ADMIN)
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Fondation du Clain")
        self.assertNotContains(response, 'id="id_organisation_0" checked')
        self.client.post(self.url, self.data(organisation=str(second.uuid)))
        self.assertEqual(Party.objects.get().organisation, second)

    def test_another_organisation_is_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(organisation=str(self.other_org.uuid)))
        self.assertContains(response, "Choose one of your organisations.", status_code=400)
        self.assertFalse(Partnership.objects.exists())

    def test_patronage_needs_its_forms_and_other_types_drop_them(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(patronage_forms=[]))
        self.assertContains(response, "Choose at least one form of patronage", status_code=400)
        self.client.post(self.url, self.data(kind=PartnershipType.SOCIETAL_INNOVATION))
        self.assertEqual(Partnership.objects.get().patronage_forms, [])

    def test_refusals_are_explained_on_their_fields(self):
        self.login(self.editor)
        cases = [
            ({"ends_on": "2026-01-01"}, "The end date must be on or after the start date."),
            ({"where": "Atlantide"}, "No commune, intercommunality, département or region"),
            ({"currency": "ZZZ"}, "Select a valid choice"),
            ({"title": "   "}, "This field is required."),
            ({"kind": "charity"}, "Select a valid choice"),
            ({"causes": ["99999"]}, "Select a valid choice"),
        ]
        for overrides, message in cases:
            with self.subTest(overrides=overrides):
                response = self.client.post(self.url, self.data(**overrides))
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(Partnership.objects.exists())

    def test_malformed_values_get_a_clear_answer(self):
        self.login(self.editor)
        for name in self.data():
            for value in NASTY_VALUES:
                with self.subTest(name=name, value=value[:20]), transaction.atomic():
                    response = self.client.post(self.url, self.data(**{name: value}))
                    self.assertIn(response.status_code, {302, 400})
                    transaction.set_rollback(True)

    def test_service_refuses_an_organisation_where_the_user_only_reads(self):
        with self.assertRaisesMessage(ValidationError, "editor or an administrator"):
            partnership_create(
                user=self.viewer,
                organisation=self.org,
                data={
                    "title": "Essai",
                    "purpose": "Essai",
                    "kind": PartnershipType.SOCIETAL_INNOVATION,
                },
            )

    def test_service_refuses_a_dissolved_organisation(self):
        self.org.is_active = False
        self.org.save(update_fields=["is_active"])
        with self.assertRaisesMessage(ValidationError, "is no longer active"):
            partnership_create(
                user=self.admin,
                organisation=self.org,
                data={"title": "Essai", "purpose": "Essai", "kind": PartnershipType.PATRONAGE},
            )
