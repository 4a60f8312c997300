from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel
from alliances.core.permissions import Role


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PRIVATE = "private", _("Private sector")
    PUBLIC = "public", _("Public sector")


class Kind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    COMPANY = "company", _("Company")
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunality (EPCI)")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Region")
    STATE_AGENCY = "state_agency", _("State agency or public body")
    SCHOOL = "school", _("School or university")
    RESIDENTS_GROUP = "residents_group", _("Residents' group")


SECTOR_OF_KIND: dict[str, str] = {
    Kind.ASSOCIATION: Sector.CIVIL_SOCIETY,
    Kind.FOUNDATION: Sector.CIVIL_SOCIETY,
    Kind.RESIDENTS_GROUP: Sector.CIVIL_SOCIETY,
    Kind.COMPANY: Sector.PRIVATE,
    Kind.COMMUNE: Sector.PUBLIC,
    Kind.EPCI: Sector.PUBLIC,
    Kind.DEPARTEMENT: Sector.PUBLIC,
    Kind.REGION: Sector.PUBLIC,
    Kind.STATE_AGENCY: Sector.PUBLIC,
    Kind.SCHOOL: Sector.PUBLIC,
}


def kinds_of_sector(sector: str) -> list[str]:
    return [kind for kind, kind_sector in SECTOR_OF_KIND.items() if kind_sector == sector]


class Resource(models.TextChoices):
    FUNDING = "funding", _("Funding")
    SKILLS = "skills", _("Skills")
    VOLUNTEERS = "volunteers", _("Volunteers")
    IN_KIND = "in_kind", _("In-kind goods or services")
    PREMISES = "premises", _("Premises")
    NETWORK_AUDIENCE = "network_audience", _("Network and audience")
    FIELD_EXPERTISE = "field_expertise", _("Field expertise")
    DATA = "data", _("Data")
    POLICY_LEVER = "policy_lever", _("Policy lever")
    CREDIBILITY = "credibility", _("Credibility")


class Source(models.TextChoices):
    MEMBER = "member", _("Created by its members")
    TERRITORY = "territory", _("French territories (INSEE)")
    RNA = "rna", _("National register of associations (RNA)")
    SIRENE = "sirene", _("SIRENE register of companies")


# Fields an import may write. Once a member has changed one of them (`edited_fields`), an
# import keeps the member's value and only refreshes its own copy in `imported`.
IMPORTABLE_FIELDS: tuple[str, ...] = (
    "name",
    "address",
    "postal_code",
    "commune_code",
    "city",
    "website",
    "email",
    "phone",
    "mission",
    "siret",
    "causes",
)


class BudgetBand(models.TextChoices):
    UNDER_10K = "lt10k", _("Under €10,000")
    FROM_10K = "10k-50k", _("€10,000 to €50,000")
    FROM_50K = "50k-200k", _("€50,000 to €200,000")
    FROM_200K = "200k-1m", _("€200,000 to €1 million")
    FROM_1M = "1m-10m", _("€1 million to €10 million")
    OVER_10M = "gt10m", _("Over €10 million")


def _english() -> bool:
    return (translation.get_language() or "fr").startswith("en")


class Cause(models.Model):
    """A UN Sustainable Development Goal (code "4") or one of its targets (code "4.1")."""

    code = models.CharField(max_length=8, unique=True)
    goal = models.PositiveSmallIntegerField(db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(default=0)
    short_fr = models.CharField(max_length=120, blank=True)
    short_en = models.CharField(max_length=120, blank=True)
    title_fr = models.TextField()
    title_en = models.TextField()

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("cause")
        verbose_name_plural = _("causes")

    def __str__(self) -> str:
        return f"{self.code}. {self.label}"

    @property
    def is_goal(self) -> bool:
        return self.parent_id is None

    @property
    def label(self) -> str:
        """Short name of a goal, or full title of a target, in the active language."""
        if self.is_goal:
            return (self.short_en if _english() else self.short_fr) or self.title
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_fr


class Organisation(PublicIdModel, TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    siret = models.CharField(_("SIRET of the head office"), max_length=14, blank=True)
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    insee_code = models.CharField(
        _("INSEE code"),
        max_length=5,
        blank=True,
        help_text=_("For a commune: its INSEE code."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    commune_code = models.CharField(_("commune (INSEE code)"), max_length=5, blank=True)
    city = models.CharField(_("town"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    mission = models.TextField(_("mission"), blank=True, max_length=5000)
    causes = models.ManyToManyField(
        Cause, verbose_name=_("causes"), blank=True, related_name="organisations"
    )
    staff_count = models.PositiveIntegerField(_("paid staff"), null=True, blank=True)
    volunteer_count = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    budget_band = models.CharField(
        _("annual budget"), max_length=10, choices=BudgetBand.choices, blank=True
    )
    is_public = models.BooleanField(
        _("public profile"),
        default=True,
        help_text=_("A public profile appears in the directory and can be read by anyone."),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where it is: the commune of `commune_code` once that commune is known.
    commune = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # For a commune, EPCI, département or région: the territory it governs.
    territory = models.OneToOneField(
        "territories.Territory",
        verbose_name=_("territory governed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation",
    )
    accepts_introductions = models.BooleanField(
        _("accept introductions"),
        default=True,
        help_text=_(
            "Other organisations may send an introduction message to your administrators "
            "through Alliances. Your e-mail addresses are never shown to them."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Dissolved associations and closed companies are kept, but inactive."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MEMBER
    )
    # What the registers say, apart from what members wrote.
    imported = models.JSONField(default=dict, blank=True, editable=False)
    edited_fields = models.JSONField(default=list, blank=True, editable=False)
    registry_updated_at = models.DateTimeField(
        _("last update in the register"), null=True, blank=True, editable=False
    )
    registry_hash = models.CharField(max_length=32, blank=True, editable=False)
    registered_on = models.DateField(_("created on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved or closed on"), null=True, blank=True)
    naf_code = models.CharField(_("activity code (NAF)"), max_length=6, blank=True)
    employee_band = models.CharField(_("employee band"), max_length=2, blank=True)
    company_category = models.CharField(_("company category"), max_length=3, blank=True)
    is_social_economy = models.BooleanField(_("social and solidarity economy"), default=False)
    # A sole trader's name is a person's name: it is never shown on public pages.
    is_legal_person = models.BooleanField(_("legal person"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(Lower("name"), name="org_name_lower_idx"),
            models.Index(fields=["kind"]),
            models.Index(fields=["commune_code"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"], condition=~Q(siren=""), name="org_siren_unique"
            ),
            models.UniqueConstraint(
                fields=["siret"], condition=~Q(siret=""), name="org_siret_unique"
            ),
            models.UniqueConstraint(fields=["rna"], condition=~Q(rna=""), name="org_rna_unique"),
            models.UniqueConstraint(
                fields=["kind", "insee_code"],
                condition=~Q(insee_code=""),
                name="org_kind_insee_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR_OF_KIND[self.kind]

    def get_sector_display(self) -> str:
        return Sector(self.sector).label


class ResourceDirection(models.TextChoices):
    OFFERED = "offered", _("Offered")
    NEEDED = "needed", _("Needed")


class OrganisationResource(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="resources"
    )
    direction = models.CharField(max_length=8, choices=ResourceDirection.choices)
    resource = models.CharField(_("resource"), max_length=20, choices=Resource.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["direction", "resource"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "direction", "resource"], name="org_resource_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.get_resource_display()}"


class Membership(PublicIdModel, TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Invitation(PublicIdModel, TimeStampedModel):
    """An invitation by e-mail; the secret token in the link is what lets someone accept it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class JoinRequestKind(models.TextChoices):
    JOIN = "join", _("Request to join")
    CLAIM = "claim", _("Claim of an organisation without members")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(PublicIdModel, TimeStampedModel):
    """A user asks to join an organisation (decided by its admins) or to claim one that has
    no members yet (decided by the platform's staff)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    kind = models.CharField(max_length=8, choices=JoinRequestKind.choices)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="joinrequest_pending_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_kind_display()})"
