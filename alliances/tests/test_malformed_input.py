"""Malformed data posted to every form gets a clear answer and a 4xx, never a 500."""

from django.db import transaction
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.organisations.models import JoinRequest, JoinRequestKind, Membership
from alliances.test import BaseTestCase, make_organisation, make_user

NASTY_VALUES = [
    "x" * 10_000,
    "\x00null\x00byte",
    "<script>alert(1)</script>",
    "'; DROP TABLE organisations_organisation; --",
    "-1",
    "99999999999999999999999999",
    "nan",
    "🙂" * 300,
    "00000000-0000-0000-0000-000000000000",
]


class MalformedInputTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        requester = make_user("requester@example.org")
        cls.join_request = JoinRequest.objects.create(
            organisation=cls.org, user=requester, kind=JoinRequestKind.JOIN
        )
        cls.claim = JoinRequest.objects.create(
            organisation=make_organisation("Sans membres"),
            user=requester,
            kind=JoinRequestKind.CLAIM,
        )

    def forms(self):
        """(persona, URL of the page that shows the form, URL it posts to, expects our 400)."""
        org = self.org.uuid
        viewer_membership = Membership.objects.get(user=self.viewer, organisation=self.org)
        return [
            (self.viewer, reverse("accounts:profile"), None, True),
            (self.admin, reverse("organisations:create"), None, True),
            (self.admin, reverse("organisations:edit", args=[org]), None, True),
            (self.admin, reverse("organisations:resources", args=[org]), None, True),
            (self.admin, reverse("organisations:logo", args=[org]), None, True),
            (self.admin, reverse("organisations:invite", args=[org]), None, True),
            (self.outsider, reverse("organisations:join", args=[org]), None, False),
            (
                self.admin,
                None,
                reverse("organisations:member_role", args=[org, viewer_membership.uuid]),
                True,
            ),
            (
                self.admin,
                None,
                reverse("organisations:join_request_decide", args=[org, self.join_request.uuid]),
                True,
            ),
            (self.staff, None, reverse("organisations:claim_decide", args=[self.claim.uuid]), True),
            (None, reverse("account_signup"), None, False),
            (None, reverse("account_login"), None, False),
            (None, reverse("account_reset_password"), None, False),
            (self.viewer, reverse("account_email"), None, False),
            (self.viewer, reverse("account_change_password"), None, False),
        ]

    def field_names(self, user, page_url) -> list[str]:
        self.login(user)
        response = self.client.get(page_url)
        self.assertEqual(response.status_code, 200, page_url)
        form = response.context["form"]
        return list(form.fields)

    def post(self, user, url, data):
        with transaction.atomic():
            self.login(user)
            response = self.client.post(url, data)
            transaction.set_rollback(True)
        return response

    def test_nasty_values_in_every_field_of_every_form(self):
        failures = []
        for user, page_url, post_url, ours in self.forms():
            url = post_url or page_url
            names = (
                self.field_names(user, page_url)
                if page_url
                else ["role", "decision", "email", "message"]
            )
            for value in NASTY_VALUES:
                data = dict.fromkeys(names, value)
                response = self.post(user, url, data)
                if response.status_code >= 500:
                    failures.append(f"{url} with {value[:20]!r}: {response.status_code}")
            empty = self.post(user, url, {})
            if ours and empty.status_code != 400:
                failures.append(f"{url} with no data: {empty.status_code}, not 400")
            if empty.status_code >= 500:
                failures.append(f"{url} with no data: {empty.status_code}")
        self.assertEqual(failures, [])

    def test_invalid_form_shows_an_error_summary(self):
        self.login(self.admin)
        response = self.client.post(reverse("organisations:create"), {"name": "", "kind": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="error-summary"', status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)

    def test_malformed_identifiers_in_urls_are_404(self):
        self.login(self.admin)
        for url in [
            "/organisations/not-a-uuid/",
            "/organisations/00000000-0000-0000-0000-000000000000/",
            "/invitations/%00/",
            "/staff/claims/123/decide/",
        ]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404, url)

    def test_role_outside_the_choices_is_refused(self):
        membership = Membership.objects.get(user=self.viewer, organisation=self.org)
        self.login(self.admin)
        response = self.client.post(
            reverse("organisations:member_role", args=[self.org.uuid, membership.uuid]),
            {"role": "superadmin"},
        )
        self.assertEqual(response.status_code, 400)
        membership.refresh_from_db()
        self.assertEqual(membership.role, Role.VIEWER)
