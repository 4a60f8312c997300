from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from alliances.governance.services.actions import action_update
from alliances.governance.tests.test_action_setup import NOW, ActionTestCase
from alliances.organisations.models import Membership
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Activity, Notification, PartyStatus, Stage


@time_machine.travel(NOW, tick=False)
class ActionEditTests(ActionTestCase):
    def url(self, action):
        return reverse("governance:action_edit", args=[self.partnership.uuid, action.uuid])

    def data(self, action, **fields):
        data = {
            "title": action.title,
            "description": action.description,
            "owner_party": str(action.owner_party.uuid),
            "owner": str(action.owner.uuid) if action.owner else "",
            "due_on": action.due_on.isoformat() if action.due_on else "",
            "meeting": str(action.meeting.uuid) if action.meeting else "",
            "decision": str(action.decision.uuid) if action.decision else "",
        }
        data.update(fields)
        return data

    def test_form_shows_the_action(self):
        self.login(self.editor)
        response = self.client.get(self.url(self.overdue))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Envoyer le budget révisé"')
        self.assertEqual(response.context["form"].initial["owner"], str(self.company_admin.uuid))

    def test_change_and_reassign(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(self.later),
            self.data(
                self.later, title="Prêter le gymnase le samedi", owner=str(self.commune_admin.uuid)
            ),
        )
        list_url = reverse("governance:actions", args=[self.partnership.uuid])
        self.assertRedirects(
            response, f"{list_url}#action-{self.later.uuid}", fetch_redirect_response=False
        )
        self.later.refresh_from_db()
        self.assertEqual(self.later.title, "Prêter le gymnase le samedi")
        self.assertEqual(self.later.owner, self.commune_admin)
        self.assertEqual(
            Activity.objects.get(verb="action.changed").data["title"], self.later.title
        )
        notification = Notification.objects.get(user=self.commune_admin)
        self.assertEqual(notification.verb, "action.assigned")

    def test_nothing_changed_writes_nothing(self):
        self.login(self.editor)
        response = self.client.post(self.url(self.soon), self.data(self.soon))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Activity.objects.filter(verb="action.changed").exists())

    def test_a_past_due_date_may_stay_but_not_be_set(self):
        self.login(self.editor)
        # `overdue` is due 20 February: it may be edited without moving its date...
        response = self.client.post(
            self.url(self.overdue), self.data(self.overdue, title="Budget révisé")
        )
        self.assertEqual(response.status_code, 302)
        # ...but not moved to another past date.
        response = self.client.post(
            self.url(self.overdue), self.data(self.overdue, due_on="2026-02-25")
        )
        self.assertContains(response, "The due date is in the past", status_code=400)
        response = self.client.post(
            self.url(self.overdue), self.data(self.overdue, due_on="2026-03-31")
        )
        self.overdue.refresh_from_db()
        self.assertEqual(self.overdue.due_on, date(2026, 3, 31))

    def test_owner_who_left_the_organisation_can_be_kept_or_replaced(self):
        Membership.objects.filter(user=self.company_admin).delete()
        self.login(self.editor)
        response = self.client.get(self.url(self.overdue))
        self.assertContains(response, "Paula Partner")
        response = self.client.post(
            self.url(self.overdue), self.data(self.overdue, title="Budget 2026")
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            self.url(self.later), self.data(self.later, owner=str(self.company_admin.uuid))
        )
        self.assertEqual(response.status_code, 400)

    def test_a_party_that_left_stays_on_its_actions(self):
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        self.login(self.editor)
        response = self.client.post(self.url(self.later), self.data(self.later, title="Gymnase"))
        self.assertEqual(response.status_code, 302)
        # Moved to an active party, it cannot be moved back.
        self.client.post(
            self.url(self.later), self.data(self.later, owner_party=str(self.lead_party.uuid))
        )
        self.later.refresh_from_db()
        self.assertEqual(self.later.owner_party, self.lead_party)
        response = self.client.post(
            self.url(self.later), self.data(self.later, owner_party=str(self.commune_party.uuid))
        )
        self.assertEqual(response.status_code, 400)

    def test_permissions(self):
        self.login(self.viewer)
        # Even the owner needs the right to record governance to edit; they move the status.
        self.assertEqual(self.client.get(self.url(self.soon)).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url(self.soon)).status_code, 404)
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url(self.soon)).status_code, 200)

    def test_an_action_of_another_partnership_is_404(self):
        from alliances.governance.tests.test_action_setup import make_action
        from alliances.test import make_partnership

        other, parties = make_partnership("Autre", coordinator=self.org)
        elsewhere = make_action(other, parties[self.org.pk], "Ailleurs")
        self.login(self.editor)
        url = reverse("governance:action_edit", args=[self.partnership.uuid, elsewhere.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.client.post(self.url(self.soon), self.data(self.soon, title="Autre"))
        self.assertEqual(response.status_code, 302)
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.title, "Réserver la salle")

    def test_service_refuses_a_viewer(self):
        access = access_partnership_by_uuid(self.viewer, self.partnership.uuid)
        with self.assertRaises(PermissionDenied):
            action_update(
                access=access,
                actor=self.viewer,
                action=self.soon,
                title="Autre",
                owner_party=self.lead_party,
                owner=self.viewer,
            )
