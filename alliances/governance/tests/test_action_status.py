from datetime import UTC, datetime

import time_machine
from django.core import mail
from django.urls import reverse

from alliances.governance.models import ActionStatus
from alliances.governance.tests.test_action_setup import NOW, ActionTestCase
from alliances.partnerships.models import Activity, Notification, Stage


@time_machine.travel(NOW, tick=False)
class ActionStatusTests(ActionTestCase):
    def url(self, action):
        return reverse("governance:action_status", args=[self.partnership.uuid, action.uuid])

    def test_a_viewer_moves_their_own_action_and_its_creator_is_told(self):
        self.login(self.viewer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(self.soon), {"status": "done"})
        list_url = reverse("governance:actions", args=[self.partnership.uuid])
        self.assertRedirects(
            response, f"{list_url}#action-{self.soon.uuid}", fetch_redirect_response=False
        )
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.status, ActionStatus.DONE)
        self.assertEqual(self.soon.completed_at, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        activity = Activity.objects.get(verb="action.status_changed")
        self.assertEqual(activity.data["status"], "done")
        self.assertEqual(activity.actor, self.viewer)
        notification = Notification.objects.get(user=self.editor)
        self.assertEqual(notification.verb, "action.status_changed")
        self.assertEqual([m.to for m in mail.outbox], [[self.editor.email]])

    def test_reopening_clears_the_completion(self):
        self.login(self.editor)
        self.client.post(self.url(self.done), {"status": "in_progress"})
        self.done.refresh_from_db()
        self.assertEqual(self.done.status, ActionStatus.IN_PROGRESS)
        self.assertIsNone(self.done.completed_at)

    def test_creator_not_told_when_someone_else_than_the_owner_closes_it(self):
        self.login(self.admin)
        self.client.post(self.url(self.soon), {"status": "done"})
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.status, ActionStatus.DONE)
        self.assertFalse(Notification.objects.exists())

    def test_owner_who_assigned_it_to_themself_is_not_told(self):
        self.soon.created_by = self.viewer
        self.soon.save(update_fields=["created_by"])
        self.login(self.viewer)
        self.client.post(self.url(self.soon), {"status": "done"})
        self.assertFalse(Notification.objects.exists())

    def test_same_status_changes_nothing(self):
        self.login(self.editor)
        self.client.post(self.url(self.soon), {"status": "in_progress"})
        self.assertFalse(Activity.objects.exists())

    def test_a_viewer_cannot_move_an_action_of_someone_else(self):
        self.login(self.viewer)
        self.assertEqual(
            self.client.post(self.url(self.overdue), {"status": "done"}).status_code, 403
        )
        self.overdue.refresh_from_db()
        self.assertEqual(self.overdue.status, ActionStatus.OPEN)

    def test_any_party_that_records_governance_may(self):
        self.login(self.commune_admin)
        self.client.post(self.url(self.overdue), {"status": "cancelled"})
        self.overdue.refresh_from_db()
        self.assertEqual(self.overdue.status, ActionStatus.CANCELLED)

    def test_outsider_404_and_anonymous_logs_in(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url(self.soon), {"status": "done"}).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.post(self.url(self.soon), {"status": "done"}).status_code, 302)
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.status, ActionStatus.IN_PROGRESS)

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url(self.soon)).status_code, 405)

    def test_bad_status_shows_the_form_again(self):
        self.login(self.viewer)
        response = self.client.post(self.url(self.soon), {"status": "finished"})
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertContains(response, "Réserver la salle", status_code=400)
        self.assertEqual(self.client.post(self.url(self.soon), {}).status_code, 400)

    def test_back_to_my_actions_when_asked(self):
        self.login(self.viewer)
        response = self.client.post(self.url(self.soon), {"status": "done", "return_to": "mine"})
        self.assertRedirects(
            response,
            reverse("me:actions") + f"#action-{self.soon.uuid}",
            fetch_redirect_response=False,
        )

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.viewer)
        response = self.client.post(self.url(self.soon), {"status": "done"})
        self.assertEqual(response.status_code, 302)
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.status, ActionStatus.IN_PROGRESS)
