from datetime import date

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.governance.models import ActionItem, ActionStatus, Concern, HealthCheckRound
from alliances.governance.services.actions import action_create
from alliances.governance.tests.test_action_setup import NOW, ActionTestCase
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Notification, PartyStatus, Stage
from alliances.test import make_partnership


@time_machine.travel(NOW, tick=False)
class ActionCreateTests(ActionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("governance:action_create", args=[cls.partnership.uuid])

    def post(self, **fields):
        data = {
            "title": "Préparer le bilan",
            "description": "Deux pages.",
            "owner_party": str(self.company_party.uuid),
            "owner": str(self.company_admin.uuid),
            "due_on": "2026-03-20",
        }
        data.update(fields)
        return self.client.post(self.url, data)

    def test_assigns_an_action_and_tells_the_owner(self):
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post(meeting=str(self.meeting.uuid), decision=str(self.decision.uuid))
        action = ActionItem.objects.get(title="Préparer le bilan")
        list_url = reverse("governance:actions", args=[self.partnership.uuid])
        self.assertRedirects(
            response, f"{list_url}#action-{action.uuid}", fetch_redirect_response=False
        )
        self.assertEqual(action.owner, self.company_admin)
        self.assertEqual(action.owner_party, self.company_party)
        self.assertEqual(action.due_on, date(2026, 3, 20))
        self.assertEqual(action.status, ActionStatus.OPEN)
        self.assertEqual((action.meeting, action.decision), (self.meeting, self.decision))
        self.assertEqual(action.created_by, self.editor)
        activity = Activity.objects.get(verb="action.assigned")
        self.assertEqual(activity.data["owner"], "Paula Partner")
        notification = Notification.objects.get(user=self.company_admin)
        self.assertEqual(notification.url, f"{list_url}#action-{action.uuid}")
        self.assertEqual([m.to for m in mail.outbox], [[self.company_admin.email]])

    def test_a_party_without_a_person_named(self):
        self.login(self.company_admin)
        response = self.post(owner="", owner_party=str(self.commune_party.uuid), due_on="")
        self.assertEqual(response.status_code, 302)
        action = ActionItem.objects.get(title="Préparer le bilan")
        self.assertIsNone(action.owner)
        self.assertIsNone(action.due_on)
        self.assertFalse(Notification.objects.exists())

    def test_the_person_must_belong_to_the_party(self):
        self.login(self.editor)
        response = self.post(owner_party=str(self.commune_party.uuid))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Paula Partner is not one of the people of Ville de Poitiers", status_code=400
        )
        # Nothing typed is lost.
        self.assertContains(response, "Deux pages.", status_code=400)
        self.assertFalse(ActionItem.objects.filter(title="Préparer le bilan").exists())

    def test_a_past_due_date_is_refused(self):
        self.login(self.editor)
        response = self.post(due_on="2026-03-01")
        self.assertContains(response, "The due date is in the past", status_code=400)
        self.assertEqual(self.post(due_on="2026-03-02").status_code, 302)

    def test_empty_form_shows_errors(self):
        self.login(self.editor)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)

    def test_only_active_parties_are_offered(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertNotContains(response, str(self.commune_party.uuid))
        self.assertNotContains(response, "Pierre Public")
        response = self.post(owner_party=str(self.commune_party.uuid), owner="")
        self.assertEqual(response.status_code, 400)

    def test_prefilled_from_a_decision_with_its_meeting(self):
        self.login(self.editor)
        response = self.client.get(self.url, {"decision": str(self.decision.uuid)})
        form = response.context["form"]
        self.assertEqual(form.initial["decision"], str(self.decision.uuid))
        self.assertEqual(form.initial["meeting"], str(self.meeting.uuid))
        self.assertEqual(form.initial["owner_party"], str(self.lead_party.uuid))
        response = self.client.get(self.url, {"meeting": str(self.meeting.uuid)})
        self.assertEqual(response.context["form"].initial["meeting"], str(self.meeting.uuid))
        self.assertNotIn("decision", response.context["form"].initial)
        response = self.client.get(self.url, {"meeting": "not-a-meeting"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("meeting", response.context["form"].initial)

    def test_permissions(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post().status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.commune_admin)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertFalse(ActionItem.objects.filter(title="Préparer le bilan").exists())

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.post()
        self.assertRedirects(
            response,
            reverse("governance:actions", args=[self.partnership.uuid]),
            fetch_redirect_response=False,
        )
        self.assertFalse(ActionItem.objects.filter(title="Préparer le bilan").exists())


class ActionCreateServiceTests(ActionTestCase):
    def access(self, user):
        return access_partnership_by_uuid(user, self.partnership.uuid)

    def test_refuses_a_viewer(self):
        with self.assertRaises(PermissionDenied):
            action_create(
                access=self.access(self.viewer),
                actor=self.viewer,
                title="X",
                owner_party=self.lead_party,
            )

    def test_refuses_an_owner_outside_the_party(self):
        with self.assertRaises(ValidationError):
            action_create(
                access=self.access(self.editor),
                actor=self.editor,
                title="X",
                owner_party=self.lead_party,
                owner=self.company_admin,
            )

    def test_refuses_a_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            action_create(
                access=self.access(self.editor),
                actor=self.editor,
                title="X",
                owner_party=self.lead_party,
            )

    def test_refuses_a_concern_of_another_partnership(self):
        other, _parties = make_partnership("Autre", coordinator=self.org)
        round_ = HealthCheckRound.objects.create(
            partnership=other, number=1, opens_on=date(2026, 1, 1), closes_on=date(2026, 1, 20)
        )
        concern = Concern.objects.create(round=round_, dimension="trust", level="red")
        with self.assertRaisesMessage(ValidationError, "another partnership"):
            action_create(
                access=self.access(self.editor),
                actor=self.editor,
                title="X",
                owner_party=self.lead_party,
                concern=concern,
            )
