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


def make_partnership(title: str, *, coordinator: Organisation, partners=(), **fields):
    """A partnership coordinated by `coordinator`, with each (organisation, roles) of `partners`
    already taking part. Returns (partnership, {organisation pk: party})."""
    from alliances.partnerships.models import (
        Partnership,
        PartnershipType,
        Party,
        PartyRole,
        PartyStatus,
    )

    fields.setdefault("purpose", "Aide aux devoirs et sorties culturelles pour les collégiens.")
    fields.setdefault("kind", PartnershipType.PATRONAGE)
    partnership = Partnership.objects.create(title=title, **fields)
    parties = {
        coordinator.pk: Party.objects.create(
            partnership=partnership,
            organisation=coordinator,
            roles=[PartyRole.COORDINATOR],
            status=PartyStatus.ACTIVE,
        )
    }
    for organisation, roles in partners:
        parties[organisation.pk] = Party.objects.create(
            partnership=partnership,
            organisation=organisation,
            roles=list(roles),
            status=PartyStatus.ACTIVE,
        )
    return partnership, parties


class PartnershipTestCase(BaseTestCase):
    """The lead organisation (an association) coordinates a partnership with a company that
    funds it and a commune that enables it, each with its own administrator.

    Extra personas: `company_admin` (Paula), `commune_admin` (Pierre).
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from alliances.partnerships.models import PartyRole

        cls.company = make_organisation("Solidaires Industries", kind=Kind.COMPANY)
        cls.commune = make_organisation("Ville de Poitiers", kind=Kind.COMMUNE)
        cls.company_admin = make_user("paula@example.org", full_name="Paula Partner")
        cls.commune_admin = make_user("pierre@example.org", full_name="Pierre Public")
        add_member(cls.company_admin, cls.company, Role.ADMIN)
        add_member(cls.commune_admin, cls.commune, Role.ADMIN)
        cls.partnership, parties = make_partnership(
            "Réussir au collège",
            coordinator=cls.org,
            partners=[
                (cls.company, [PartyRole.FUNDER]),
                (cls.commune, [PartyRole.PUBLIC_ENABLER]),
            ],
        )
        cls.lead_party = parties[cls.org.pk]
        cls.company_party = parties[cls.company.pk]
        cls.commune_party = parties[cls.commune.pk]
