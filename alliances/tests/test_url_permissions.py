"""Every URL of the project, requested by every persona, answers exactly the expected status.

A URL pattern without an entry in EXPECTED fails `test_every_url_has_an_entry`, so a new page
cannot ship without deciding who may see it.
"""

from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from alliances.core.permissions import Role
from alliances.organisations.models import (
    Invitation,
    JoinRequest,
    JoinRequestKind,
    Membership,
)
from alliances.test import PartnershipTestCase, make_organisation, make_user
from alliances.tests.expected import AREAS, ORG, S
from alliances.tests.fixtures import partnership_fixture
from alliances.tests.urlwalk import all_url_patterns

# name: (method, url kwargs taken from the fixture, expected status per persona).
# POST requests carry an empty body: they check access, then refuse the missing input (400).
EXPECTED = {
    "home": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "healthz": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "set_language": ("post", (), S(302, 302, 302, 302, 302, 302)),
    "media": ("get", ("path",), S(404, 404, 404, 404, 404, 404)),
    # Accounts (django-allauth)
    "account_login": ("get", (), S(200, 302, 302, 302, 302, 302)),
    "account_logout": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "account_inactive": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "account_signup": ("get", (), S(200, 302, 302, 302, 302, 302)),
    "account_reauthenticate": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "account_email": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "account_email_verification_sent": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "account_change_password": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "account_set_password": ("get", (), S(302, 302, 302, 302, 302, 302)),
    "account_reset_password": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "account_confirm_login_code": ("get", (), S(302, 302, 302, 302, 302, 302)),
    "account_confirm_email": ("get", ("key",), S(200, 200, 200, 200, 200, 200)),
    "account_reset_password_from_key_done": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "account_reset_password_from_key": (
        "get",
        ("uidb36", "key"),
        S(302, 302, 302, 302, 302, 302),
    ),
    "account_reset_password_done": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "accounts:profile": ("get", (), S(302, 200, 200, 200, 200, 200)),
    # Organisation profiles
    "organisations:list": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "organisations:create": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "organisations:place_suggestions": ("get", (), S(200, 200, 200, 200, 200, 200)),
    "organisations:detail": ("get", ORG, S(200, 200, 200, 200, 200, 200)),
    "organisations:edit": ("get", ORG, S(302, 404, 403, 403, 200, 404)),
    "organisations:resources": ("get", ORG, S(302, 404, 403, 403, 200, 404)),
    "organisations:logo": ("get", ORG, S(302, 404, 403, 403, 200, 404)),
    # Members
    "organisations:members": ("get", ORG, S(302, 404, 200, 200, 200, 404)),
    "organisations:invite": ("get", ORG, S(302, 404, 403, 403, 200, 404)),
    "organisations:member_role": (
        "post",
        ORG + ("membership_uuid",),
        S(302, 404, 403, 403, 400, 404),
    ),
    "organisations:member_remove": (
        "post",
        ORG + ("membership_uuid",),
        S(302, 404, 403, 403, 302, 404),
    ),
    "organisations:leave": ("post", ORG, S(302, 404, 302, 302, 400, 404)),
    "organisations:invitation_revoke": (
        "post",
        ORG + ("invitation_uuid",),
        S(302, 404, 403, 403, 302, 404),
    ),
    "organisations:invitation_accept": ("get", ("token",), S(200, 200, 200, 200, 200, 200)),
    "organisations:join": ("get", ORG, S(302, 200, 302, 302, 302, 200)),
    "organisations:join_request_decide": (
        "post",
        ORG + ("request_uuid",),
        S(302, 404, 403, 403, 400, 404),
    ),
    "organisations:claims": ("get", (), S(302, 404, 404, 404, 404, 200)),
    "organisations:claim_decide": ("post", ("claim_uuid",), S(302, 404, 404, 404, 404, 400)),
}

for _area in AREAS:
    EXPECTED.update(_area)

# The Django admin: only the platform's staff get past its login page.
ADMIN_NAMESPACE = "admin"


class UrlPermissionTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.target_membership = Membership.objects.get(user=cls.viewer, organisation=cls.org)
        cls.invitation = Invitation.objects.create(
            organisation=cls.org,
            email="invitee@example.org",
            role=Role.EDITOR,
            token="walk-test-token",
            invited_by=cls.admin,
            expires_at=timezone.now() + timedelta(days=14),
        )
        requester = make_user("requester@example.org")
        cls.join_request = JoinRequest.objects.create(
            organisation=cls.org, user=requester, kind=JoinRequestKind.JOIN
        )
        unclaimed = make_organisation("Association sans membres")
        cls.claim = JoinRequest.objects.create(
            organisation=unclaimed, user=requester, kind=JoinRequestKind.CLAIM
        )
        unverified = make_user("unverified@example.org", verified=False)
        cls.confirmation_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified)).key
        cls.reset_user = unverified
        cls.walk = partnership_fixture(cls)

    def setUp(self):
        super().setUp()
        self.walk.write_files()

    def url_kwargs(self) -> dict[str, str]:
        return {
            "organisation_uuid": self.org.uuid,
            "membership_uuid": self.target_membership.uuid,
            "invitation_uuid": self.invitation.uuid,
            "request_uuid": self.join_request.uuid,
            "claim_uuid": self.claim.uuid,
            "token": self.invitation.token,
            "key": self.confirmation_key,
            "uidb36": user_pk_to_url_str(self.reset_user),
            "path": "logos/missing.png",
            **self.walk.url_kwargs(),
        }

    def persona(self, name: str):
        if name == "partner":
            return self.company_admin
        return None if name == "anonymous" else getattr(self, name)

    def url_for(self, name: str, params: tuple[str, ...]) -> str:
        values = self.url_kwargs()
        kwargs = {param: values[param] for param in params}
        if name == "account_reset_password_from_key":
            kwargs["key"] = default_token_generator.make_token(self.reset_user)
        if name == "organisations:claim_decide":
            kwargs = {"request_uuid": values["claim_uuid"]}
        kwargs.update(self.walk.overrides(name))
        return reverse(name, kwargs=kwargs)

    def request_as(self, persona: str, method: str, url: str) -> int:
        """One request in a savepoint rolled back afterwards, so personas do not interfere."""
        with transaction.atomic():
            self.login(self.persona(persona))
            response = getattr(self.client, method)(url)
            transaction.set_rollback(True)
        return response.status_code

    def test_every_url_has_an_entry(self):
        missing = [
            f"{name} ({route})"
            for name, route in all_url_patterns()
            if name not in EXPECTED and not name.startswith(f"{ADMIN_NAMESPACE}:")
        ]
        self.assertEqual(missing, [], "URL patterns without an entry in EXPECTED")
        stale = set(EXPECTED) - {name for name, _route in all_url_patterns()}
        self.assertEqual(stale, set(), "EXPECTED names URLs that no longer exist")

    def test_every_url_answers_each_persona_as_expected(self):
        failures = []
        for name, (method, params, expected) in EXPECTED.items():
            url = self.url_for(name, params)
            for persona, status in expected.items():
                actual = self.request_as(persona, method, url)
                if actual != status:
                    failures.append(f"{method.upper()} {name} as {persona}: {actual}, not {status}")
        self.assertEqual(failures, [])

    def test_admin_site_is_for_staff_only(self):
        tried = 0
        for name, _route in all_url_patterns():
            if not name.startswith(f"{ADMIN_NAMESPACE}:"):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            if name in {"admin:login", "admin:logout", "admin:jsi18n"}:
                continue
            tried += 1
            for persona in ("anonymous", "outsider", "viewer", "editor", "admin"):
                status = self.request_as(persona, "get", url)
                self.assertEqual(status, 302, f"{name} as {persona}")
            self.assertIn(self.request_as("staff", "get", url), {200, 403}, name)
        self.assertGreater(tried, 0)
