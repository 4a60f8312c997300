"""Builds the demo through the same services the pages use. Idempotent: what exists is kept."""

from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings
from stdnum import luhn

from alliances.accounts.models import User
from alliances.accounts.services import user_create_verified
from alliances.core.models import Interface
from alliances.demo import data
from alliances.demo.cohesion import demo_cohesion
from alliances.demo.matching import demo_matching
from alliances.demo.partnerships import demo_partnerships
from alliances.demo.reports import demo_reports
from alliances.organisations.models import Cause, Membership, Organisation
from alliances.organisations.services import members as member_services
from alliances.organisations.services import profiles as profile_services
from alliances.organisations.services.profiles import ResourceChoice
from alliances.territories.services import TerritoriesImport, territories_import


@dataclass
class DemoReport:
    created_users: list[str] = field(default_factory=list)
    created_organisations: list[str] = field(default_factory=list)
    # Public actors of the imported territories that the demo gives a profile and members.
    adopted_organisations: list[str] = field(default_factory=list)
    created_memberships: int = 0
    created_partnerships: list[str] = field(default_factory=list)
    territories: TerritoriesImport | None = None

    @property
    def changed(self) -> bool:
        return bool(
            self.created_users
            or self.created_organisations
            or self.adopted_organisations
            or self.created_memberships
            or self.created_partnerships
            or (self.territories is not None and self.territories.changed)
        )


def _email(local: str) -> str:
    return f"{local}@{data.DOMAIN}"


def _profile_data(spec: dict) -> dict:
    profile = {
        key: spec[key]
        for key in (
            "name",
            "kind",
            "rna",
            "siren",
            "insee_code",
            "address",
            "postal_code",
            "website",
            "mission",
            "staff_count",
            "volunteer_count",
            "budget_band",
        )
        if key in spec
    }
    if "siren_seed" in spec:
        profile["siren"] = spec["siren_seed"] + luhn.calc_check_digit(spec["siren_seed"])
    # Most demo organisations are in Poitiers; a few elsewhere in the Vienne show distances.
    place = spec.get("place", data.CITY)
    profile.setdefault("postal_code", place["postal_code"])
    profile["city"] = place["city"]
    profile["commune_code"] = place["commune_code"]
    profile["is_public"] = True
    return profile


def _existing(spec: dict) -> Organisation | None:
    """The public actors are found by their identifiers: the territories import made them."""
    if spec.get("insee_code"):
        found = Organisation.objects.filter(kind=spec["kind"], insee_code=spec["insee_code"])
    elif spec.get("siren"):
        found = Organisation.objects.filter(siren=spec["siren"])
    else:
        found = Organisation.objects.filter(name=spec["name"], kind=spec["kind"])
    return found.first()


def _adopt(spec: dict, organisation: Organisation, report: DemoReport) -> None:
    """Give an imported public actor the demo's name and mission, and the demo's contact
    details where the register has none. Done once: afterwards the names match."""
    profile = _profile_data(spec)
    data = {"name": spec["name"], "mission": spec["mission"]}
    data.update(
        {
            name: profile[name]
            for name in ("address", "postal_code", "website")
            if profile.get(name) and not getattr(organisation, name)
        }
    )
    profile_services.organisation_update(
        organisation=organisation,
        user=None,
        data=data,
        causes=list(Cause.objects.filter(code__in=spec.get("causes", []))),
        interface=Interface.COMMAND,
    )
    _set_resources(spec, organisation, None)
    report.adopted_organisations.append(organisation.name)


def _set_resources(spec: dict, organisation: Organisation, user) -> None:
    choices = [ResourceChoice("offered", r, d) for r, d in spec.get("offered", [])]
    choices += [ResourceChoice("needed", r, d) for r, d in spec.get("needed", [])]
    if choices:
        profile_services.organisation_set_resources(
            organisation=organisation, user=user, choices=choices, interface=Interface.COMMAND
        )


def _ensure_users(report: DemoReport) -> dict[str, User]:
    users = {}
    for local, full_name, is_staff in data.USERS:
        email = _email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create_verified(
                email=email,
                full_name=full_name,
                password=data.PASSWORD,
                is_staff=is_staff,
                interface=Interface.COMMAND,
            )
            report.created_users.append(email)
        users[local] = user
    return users


def _first_admin(spec: dict) -> str | None:
    for local, role in data.MEMBERS.get(spec["key"], []):
        if role == "admin":
            return local
    return None


def _ensure_organisation(spec: dict, users: dict[str, User], report: DemoReport):
    organisation = _existing(spec)
    if organisation is not None:
        if organisation.name != spec["name"]:
            _adopt(spec, organisation, report)
        return organisation
    profile = _profile_data(spec)
    admin_key = _first_admin(spec)
    if spec.get("unclaimed") or admin_key is None:
        organisation = profile_services.organisation_import(
            data=profile, interface=Interface.COMMAND
        )
        creator = None
    else:
        creator = users[admin_key]
        organisation = profile_services.organisation_create(
            user=creator, data=profile, interface=Interface.COMMAND
        )
        report.created_memberships += 1
    causes = list(Cause.objects.filter(code__in=spec.get("causes", [])))
    profile_services.organisation_update(
        organisation=organisation,
        user=creator,
        data={},
        causes=causes,
        interface=Interface.COMMAND,
    )
    _set_resources(spec, organisation, creator)
    report.created_organisations.append(organisation.name)
    return organisation


def _ensure_members(spec: dict, organisation, users: dict[str, User], report: DemoReport):
    for local, role in data.MEMBERS.get(spec["key"], []):
        user = users[local]
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            continue
        admin = Membership.objects.filter(organisation=organisation, role="admin").first()
        if admin is None:
            # An imported public actor that nobody manages yet: its first administrator
            # claims it and the platform's staff approve, as on the site.
            claim = member_services.join_request_create(organisation=organisation, user=user)
            member_services.claim_decide(join_request=claim, approve=True, actor=users["staff"])
        else:
            invitation = member_services.invitation_create(
                organisation=organisation, email=user.email, role=role, invited_by=admin.user
            )
            member_services.invitation_accept(invitation=invitation, user=user)
        report.created_memberships += 1


# Demo e-mails (invitations between demo users) are not worth printing.
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
@transaction.atomic
def demo_load() -> DemoReport:
    report = DemoReport()
    # The real communes, EPCI, département and région around Poitiers, as public actors:
    # the demo's town and intercommunality are two of them.
    report.territories = territories_import(
        departements=[data.DEPARTEMENT], interface=Interface.COMMAND
    )
    users = _ensure_users(report)
    organisations = {}
    for spec in data.ORGANISATIONS:
        organisation = _ensure_organisation(spec, users, report)
        _ensure_members(spec, organisation, users, report)
        organisations[spec["key"]] = organisation
    report.created_partnerships = demo_partnerships(users, organisations)
    cohesion = demo_cohesion(users, organisations)
    if cohesion is not None:
        report.created_partnerships.append(cohesion.title)
    demo_matching(users, organisations)
    demo_reports(users, organisations)
    return report


def demo_accounts() -> list[tuple[str, str]]:
    """(e-mail, what the account is for), in the order the README lists them."""
    roles = {
        "lea": "Maison de quartier des Trois-Cités (administratrice)",
        "karim": "Maison de quartier des Trois-Cités (éditeur)",
        "ines": "Maison de quartier des Trois-Cités (lecture seule)",
        "marc": "Clain Énergies, responsable RSE (administrateur)",
        "sophie": "Ville de Poitiers, agente de la politique de la ville (administratrice)",
        "thomas": "Sciences en Quartiers (administrateur)",
        "amina": "Coup de Pouce Emploi 86 (administratrice)",
        "julien": "Fondation Vienne Solidaire (administrateur)",
        "claire": "Collège des Trois-Cités (administratrice)",
        "marion": "Ville de Poitiers (éditrice)",
        "hugo": "Ville de Poitiers (lecture seule)",
        "nadia": "Fondation Vienne Solidaire (éditrice)",
        "olivier": "Fondation Vienne Solidaire (lecture seule)",
        "staff": "équipe de la plateforme : revendications, /admin/",
    }
    return [(_email(local), roles[local]) for local, _name, _staff in data.USERS]
