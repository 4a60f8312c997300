"""Shared test base: a lead organisation with one member per role, an outsider, platform staff.

Personas (all with the password PASSWORD):
- `admin`    lead organisation's administrator
- `editor`   lead organisation's editor
- `viewer`   lead organisation's read-only member
- `outsider` administrator of another organisation, nothing to do with the lead one
- `staff`    the platform's staff (approves claims), member of nothing
"""

from allauth.account.models import EmailAddress
from django.test import TestCase

from alliances.accounts.models import User
from alliances.core.permissions import Role
from alliances.organisations.models import Kind, Membership, Organisation

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, *, full_name: str = "", verified: bool = True, **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_organisation(name: str, *, kind: str = Kind.ASSOCIATION, **fields) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, **fields)


def add_member(user: User, organisation: Organisation, role: str) -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = make_organisation(
            "Maison des Trois-Cités",
            kind=Kind.ASSOCIATION,
            rna="W863000001",
            city="Poitiers",
            commune_code="86194",
            mission="Soutien scolaire et lien social dans le quartier.",
        )
        cls.other_org = make_organisation("Entreprise Voisine", kind=Kind.COMPANY)
        cls.admin = make_user("alice@example.org", full_name="Alice Admin")
        cls.editor = make_user("eddie@example.org", full_name="Eddie Editor")
        cls.viewer = make_user("vera@example.org", full_name="Vera Viewer")
        cls.outsider = make_user("oscar@example.org", full_name="Oscar Outsider")
        cls.staff = make_user("sam@example.org", full_name="Sam Staff", is_staff=True)
        add_member(cls.admin, cls.org, Role.ADMIN)
        add_member(cls.editor, cls.org, Role.EDITOR)
        add_member(cls.viewer, cls.org, Role.VIEWER)
        add_member(cls.outsider, cls.other_org, Role.ADMIN)

    def login(self, user: User | None) -> None:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
