"""Editing a partnership: who may, what is recorded, and a closed partnership staying put."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.organisations.models import Cause
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Partnership, PartnershipType, Stage
from alliances.partnerships.services.workspace import partnership_update
from alliances.territories.models import Territory, TerritoryKind
from alliances.test import PartnershipTestCase


class PartnershipEditTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.poitiers = Territory.objects.create(
            kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers"
        )
        cls.partnership.territory = cls.poitiers
        cls.partnership.patronage_forms = ["financial"]
        cls.partnership.save()

    def setUp(self):
        self.url = reverse("partnerships:edit", args=[self.partnership.uuid])

    def data(self, **overrides):
        values = {
            "title": "Réussir au collège, saison 2",
            "purpose": "Aide aux devoirs.",
            "objectives": "Moins de décrochage",
            "kind": PartnershipType.PATRONAGE,
            "patronage_forms": ["financial", "in_kind"],
            "causes": [Cause.objects.get(code="4.1").pk],
            "where": "Poitiers (commune 86194)",
            "starts_on": "",
            "ends_on": "",
            "currency": "EUR",
            "decision_rule": "majority",
        }
        values.update(overrides)
        return values

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_viewer_cannot_post(self):
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.title, "Réussir au collège")

    def test_form_shows_the_current_values(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Réussir au collège"')
        self.assertContains(response, 'value="Poitiers (commune 86194)"')
        self.assertContains(response, 'value="financial" id="id_patronage_forms_0" checked')

    def test_editor_saves_and_the_change_is_recorded(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data())
        self.assertRedirects(
            response,
            reverse("partnerships:detail", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.title, "Réussir au collège, saison 2")
        self.assertEqual(self.partnership.decision_rule, "majority")
        self.assertEqual(self.partnership.patronage_forms, ["financial", "in_kind"])
        self.assertEqual(list(self.partnership.causes.values_list("code", flat=True)), ["4.1"])
        activity = Activity.objects.get(verb="partnership.edited")
        self.assertEqual(activity.party, self.lead_party)
        audit = AuditEvent.objects.get(verb="partnership.edited")
        self.assertIn("title", audit.data["fields"])
        self.assertIn("causes", audit.data["fields"])

    def test_a_partner_edits_for_its_own_party(self):
        self.login(self.company_admin)
        self.client.post(self.url, self.data())
        self.assertEqual(Activity.objects.get(verb="partnership.edited").party, self.company_party)

    def test_saving_without_change_records_nothing(self):
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        values = {
            "title": self.partnership.title,
            "purpose": self.partnership.purpose,
            "objectives": "",
            "kind": self.partnership.kind,
            "patronage_forms": ["financial"],
            "territory": self.poitiers,
            "starts_on": None,
            "ends_on": None,
            "currency": "EUR",
            "decision_rule": "consensus",
        }
        partnership_update(access=access, actor=self.editor, data=values, causes=[])
        self.assertFalse(Activity.objects.exists())

    def test_bad_input_is_answered_on_its_field(self):
        self.login(self.editor)
        response = self.client.post(
            self.url, self.data(starts_on="2027-01-01", ends_on="2026-01-01")
        )
        self.assertContains(
            response, "The end date must be on or after the start date.", status_code=400
        )
        response = self.client.post(self.url, self.data(starts_on="31/31/2026"))
        self.assertContains(response, "Enter a valid date.", status_code=400)

    def test_a_closed_partnership_cannot_be_edited(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.CLOSED)
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "This partnership is closed")
        self.assertNotContains(response, 'name="title"')
        response = self.client.post(self.url, self.data())
        self.assertEqual(response.status_code, 400)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.title, "Réussir au collège")
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            partnership_update(access=access, actor=self.editor, data=self.data())

    def test_service_refuses_a_reader(self):
        access = access_partnership_by_uuid(self.viewer, self.partnership.uuid)
        with self.assertRaises(PermissionDenied):
            partnership_update(access=access, actor=self.viewer, data=self.data())
