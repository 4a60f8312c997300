import uuid

from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.organisations.models import (
    JoinRequest,
    JoinRequestKind,
    JoinRequestStatus,
    Membership,
)
from alliances.test import BaseTestCase, add_member, make_organisation, make_user


class JoinRequestCreateTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("organisations:join", args=[self.org.uuid])

    def ask(self, message="Je suis bénévole au soutien scolaire."):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"message": message})

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_member_is_sent_back_to_the_organisation(self):
        for user in (self.viewer, self.admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertRedirects(
                    response,
                    reverse("organisations:detail", args=[self.org.uuid]),
                    fetch_redirect_response=False,
                )
                [message] = get_messages(response.wsgi_request)
                self.assertIn("already a member", str(message))
        self.assertFalse(JoinRequest.objects.exists())

    def test_private_organisation_is_not_found(self):
        private = make_organisation("Discrète", is_public=False)
        add_member(self.admin, private, Role.ADMIN)
        self.login(self.outsider)
        url = reverse("organisations:join", args=[private.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"message": "hello"}).status_code, 404)

    def test_request_to_join_notifies_the_admins(self):
        second_admin = add_member(make_user("bob@example.org"), self.org, Role.ADMIN)
        self.login(self.outsider)
        response = self.ask()
        self.assertRedirects(
            response,
            reverse("organisations:detail", args=[self.org.uuid]),
            fetch_redirect_response=False,
        )
        join_request = JoinRequest.objects.get()
        self.assertEqual(join_request.kind, JoinRequestKind.JOIN)
        self.assertEqual(join_request.status, JoinRequestStatus.PENDING)
        self.assertEqual(join_request.user, self.outsider)
        self.assertEqual(join_request.message, "Je suis bénévole au soutien scolaire.")
        self.assertTrue(AuditEvent.objects.filter(verb="join_request.created.join"))
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(recipients, sorted([self.admin.email, second_admin.user.email]))
        body = mail.outbox[0].body
        self.assertIn("Oscar Outsider", body)
        self.assertIn("bénévole", body)
        self.assertIn(
            settings.SITE_URL + reverse("organisations:members", args=[self.org.uuid]), body
        )

    def test_message_is_optional(self):
        self.login(self.outsider)
        self.assertEqual(self.ask(message="").status_code, 302)
        self.assertEqual(JoinRequest.objects.get().message, "")

    def test_a_second_pending_request_is_refused(self):
        self.login(self.outsider)
        self.ask()
        response = self.ask(message="Encore moi")
        self.assertContains(response, "already sent a request", status_code=400)
        self.assertEqual(JoinRequest.objects.count(), 1)
        response = self.client.get(self.url)
        self.assertContains(response, "awaiting a decision")

    def test_asking_again_after_a_rejection_is_possible(self):
        self.login(self.outsider)
        self.ask()
        JoinRequest.objects.update(status=JoinRequestStatus.REJECTED)
        self.assertEqual(self.ask().status_code, 302)
        self.assertEqual(JoinRequest.objects.count(), 2)

    def test_too_long_message_is_refused(self):
        self.login(self.outsider)
        response = self.ask(message="x" * 2001)
        self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(JoinRequest.objects.exists())


class JoinRequestDecideTests(BaseTestCase):
    def setUp(self):
        self.requester = make_user("rita@example.org", full_name="Rita Requester")
        self.join_request = JoinRequest.objects.create(
            organisation=self.org, user=self.requester, kind=JoinRequestKind.JOIN
        )

    def url(self, join_request, organisation=None):
        organisation = organisation or self.org
        return reverse(
            "organisations:join_request_decide", args=[organisation.uuid, join_request.uuid]
        )

    def decide(self, data, join_request=None):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url(join_request or self.join_request), data)

    def test_permissions_with_an_empty_form(self):
        url = self.url(self.join_request)
        self.assertEqual(self.client.post(url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.viewer, 403),
            (self.editor, 403),
            (self.admin, 400),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(url).status_code, status)
        self.join_request.refresh_from_db()
        self.assertEqual(self.join_request.status, JoinRequestStatus.PENDING)

    def test_get_is_not_allowed(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url(self.join_request)).status_code, 405)

    def test_approval_creates_a_viewer_by_default_and_tells_the_requester(self):
        self.login(self.admin)
        response = self.decide({"decision": "approve"})
        self.assertRedirects(response, reverse("organisations:members", args=[self.org.uuid]))
        self.assertEqual(self.org.memberships.get(user=self.requester).role, Role.VIEWER)
        self.join_request.refresh_from_db()
        self.assertEqual(self.join_request.status, JoinRequestStatus.APPROVED)
        self.assertEqual(self.join_request.decided_by, self.admin)
        self.assertIsNotNone(self.join_request.decided_at)
        self.assertTrue(AuditEvent.objects.filter(verb="join_request.approved"))
        [message] = mail.outbox
        self.assertEqual(message.to, [self.requester.email])
        self.assertIn(self.org.name, message.subject)

    def test_approval_with_a_chosen_role(self):
        self.login(self.admin)
        self.decide({"decision": "approve", "role": Role.EDITOR})
        self.assertEqual(self.org.memberships.get(user=self.requester).role, Role.EDITOR)

    def test_rejection(self):
        self.login(self.admin)
        response = self.decide({"decision": "reject"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Membership.objects.filter(user=self.requester).exists())
        self.join_request.refresh_from_db()
        self.assertEqual(self.join_request.status, JoinRequestStatus.REJECTED)
        [message] = mail.outbox
        self.assertEqual(message.to, [self.requester.email])
        self.assertIn("did not approve", message.body)

    def test_invalid_decision_or_role(self):
        self.login(self.admin)
        for data in [{"decision": "maybe"}, {"decision": "approve", "role": "owner"}]:
            with self.subTest(data=data):
                self.assertEqual(self.decide(data).status_code, 400)
        self.assertFalse(Membership.objects.filter(user=self.requester).exists())
        self.assertEqual(mail.outbox, [])

    def test_only_pending_requests_to_join_this_organisation(self):
        other_request = JoinRequest.objects.create(
            organisation=self.other_org, user=self.requester, kind=JoinRequestKind.JOIN
        )
        claim = JoinRequest.objects.create(
            organisation=make_organisation("Sans membres"),
            user=self.requester,
            kind=JoinRequestKind.CLAIM,
        )
        decided = JoinRequest.objects.create(
            organisation=self.org,
            user=make_user("done@example.org"),
            kind=JoinRequestKind.JOIN,
            status=JoinRequestStatus.REJECTED,
        )
        self.login(self.admin)
        for join_request in (other_request, claim, decided, JoinRequest(uuid=uuid.uuid4())):
            with self.subTest(join_request=join_request):
                response = self.decide({"decision": "approve"}, join_request=join_request)
                self.assertEqual(response.status_code, 404)
        self.assertFalse(Membership.objects.filter(user=self.requester).exists())

    def test_requester_who_joined_meanwhile_keeps_their_role(self):
        add_member(self.requester, self.org, Role.EDITOR)
        self.login(self.admin)
        self.assertEqual(self.decide({"decision": "approve"}).status_code, 302)
        self.assertEqual(self.org.memberships.get(user=self.requester).role, Role.EDITOR)
