"""Partnerships: the shared workspace, its parties, stages, assessments and contributions.

A partnership is the tenant boundary for shared work: everything below hangs from it, and a
user reaches it only through an accepted party organisation (see `access.py`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel


class PartnershipType(models.TextChoices):
    PATRONAGE = "patronage", _("Patronage (mécénat)")
    RESPONSIBLE_PRACTICES = "responsible_practices", _("Responsible practices")
    ECONOMIC_COOPERATION = "economic_cooperation", _("Economic cooperation")
    SOCIETAL_INNOVATION = "societal_innovation", _("Societal innovation")


class PatronageForm(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    SKILLS = "skills", _("Skills")
    IN_KIND = "in_kind", _("In kind")


class Stage(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    QUALIFICATION = "qualification", _("Qualification")
    FORMALISATION = "formalisation", _("Formalisation")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")
    RENEWAL = "renewal", _("Renewal")
    CLOSED = "closed", _("Closed")


class DecisionRule(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    MAJORITY = "majority", _("Majority")
    UNANIMITY = "unanimity", _("Unanimity")


class Partnership(PublicIdModel, TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000)
    objectives = models.TextField(
        _("shared objectives"),
        blank=True,
        max_length=5000,
        help_text=_("One objective per line."),
    )
    kind = models.CharField(_("type"), max_length=32, choices=PartnershipType.choices)
    patronage_forms = models.JSONField(_("forms of patronage"), default=list, blank=True)
    causes = models.ManyToManyField(
        "organisations.Cause", verbose_name=_("causes"), blank=True, related_name="+"
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.EXPLORATION
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    decision_rule = models.CharField(
        _("decision rule"),
        max_length=12,
        choices=DecisionRule.choices,
        default=DecisionRule.CONSENSUS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by the agreements app when every party has approved a version: the stage gate
    # to implementation reads it, and partnerships never import agreements.
    agreement_in_force = models.PositiveIntegerField(
        _("agreement version in force"), null=True, blank=True, editable=False
    )
    closure_reason = models.TextField(_("reason for closing"), blank=True, max_length=2000)
    lessons_learned = models.TextField(_("lessons learned"), blank=True, max_length=5000)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


class StageChange(models.Model):
    """One move of a partnership from a stage to another; never edited."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class PartyRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")
    EXPERT = "expert", _("Expert")
    PUBLIC_ENABLER = "public_enabler", _("Public enabler")
    COMMUNITY_RELAY = "community_relay", _("Community relay")


class PartyStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Taking part")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class Party(PublicIdModel, TimeStampedModel):
    """An organisation in a partnership, or an invitation to one.

    An invitation by e-mail has no organisation yet: the person who receives it creates or
    chooses theirs when accepting. A party that leaves or declines stays, so that what it
    contributed stays attributed.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parties",
    )
    roles = models.JSONField(_("roles"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=PartyStatus.choices, default=PartyStatus.INVITED
    )
    invited_email = models.EmailField(_("e-mail address"), blank=True)
    invited_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    token = models.CharField(max_length=64, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    leave_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(organisation__isnull=False),
                name="party_once_per_partnership",
            ),
            models.UniqueConstraint(
                fields=["token"], condition=~Q(token=""), name="party_token_unique"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(invited_email=""),
                name="party_has_organisation_or_email",
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.invited_name or self.invited_email

    @property
    def is_active(self) -> bool:
        return self.status == PartyStatus.ACTIVE

    @property
    def is_coordinator(self) -> bool:
        return PartyRole.COORDINATOR in self.roles

    def role_labels(self) -> list[str]:
        labels = dict(PartyRole.choices)
        return [str(labels.get(role, role)) for role in self.roles]


# Opportunity assessment (the qualify step)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ValueKind(models.TextChoices):
    """What a party gives to or gets from a partnership (the pillar of values)."""

    FUNDING = "funding", _("Funding")
    EXPERTISE = "expertise", _("Expertise")
    AUDIENCE = "audience", _("Audience")
    CREDIBILITY = "credibility", _("Credibility")
    VOLUNTEERS = "volunteers", _("Volunteers")
    IN_KIND = "in_kind", _("Goods, services or premises")
    NETWORK = "network", _("Network and access")
    DATA = "data", _("Data and knowledge")


class DecisionRights(models.TextChoices):
    SHARED = "shared", _("Shared between the parties")
    US = "us", _("Held by us")
    THEM = "them", _("Held by another party")
    FUNDER = "funder", _("Held by whoever holds the money")


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Assessment(PublicIdModel, TimeStampedModel):
    """One party's own answers to the opportunity assessment, hidden from the others until
    every party has submitted its own."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="assessments"
    )
    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="assessment")
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The three questions
    lacks = models.TextField(_("what we lack internally"), blank=True, max_length=3000)
    lacks_resources = models.JSONField(default=list, blank=True)
    our_bandwidth = models.PositiveSmallIntegerField(
        _("our bandwidth and commitment"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    their_bandwidth = models.PositiveSmallIntegerField(
        _("the other parties' bandwidth and commitment"),
        null=True,
        blank=True,
        validators=LEVEL_VALIDATORS,
    )
    bandwidth_note = models.TextField(blank=True, max_length=3000)
    admin_load = models.PositiveSmallIntegerField(
        _("administrative load"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    expected_benefit = models.PositiveSmallIntegerField(
        _("expected benefit"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    load_note = models.TextField(blank=True, max_length=3000)
    # Pillar 1: selfish clarity
    non_negotiables = models.TextField(_("our non-negotiables"), blank=True, max_length=3000)
    # Pillar 2: values and the exchange of value
    shared_values = models.TextField(_("shared values"), blank=True, max_length=3000)
    gives = models.JSONField(default=list, blank=True)
    gets = models.JSONField(default=list, blank=True)
    exchange_note = models.TextField(blank=True, max_length=3000)
    # Pillar 3: reach is not impact
    audience = models.TextField(_("who must hear or act"), blank=True, max_length=3000)
    influencers = models.TextField(_("who influences them"), blank=True, max_length=3000)
    expected_action = models.TextField(_("which action"), blank=True, max_length=3000)
    success_measure = models.TextField(_("what result would count"), blank=True, max_length=3000)
    # Pillar 4: power imbalances
    holds_money = models.BooleanField(_("we hold the money"), default=False)
    asks_in_return = models.TextField(_("what is asked in return"), blank=True, max_length=3000)
    guard_rails = models.TextField(_("guard-rails"), blank=True, max_length=3000)
    decision_rights = models.CharField(
        _("decision rights"), max_length=8, choices=DecisionRights.choices, blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.partnership} / {self.party}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


# Contributions ledger


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Money")
    SKILLS = "skills", _("Skills (days × daily rate)")
    VOLUNTEERING = "volunteering", _("Volunteering (hours × hourly rate)")
    IN_KIND = "in_kind", _("In kind")
    PREMISES = "premises", _("Premises")
    OTHER = "other", _("Other")


# Kinds valued as a quantity of time times a rate.
TIMED_KINDS = frozenset({ContributionKind.SKILLS, ContributionKind.VOLUNTEERING})


class Contribution(PublicIdModel, TimeStampedModel):
    """What a party brings, planned and actual, valued in the partnership's currency."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contributions"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="contributions")
    recipient = models.ForeignKey(
        Party,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions_received",
    )
    kind = models.CharField(_("type"), max_length=16, choices=ContributionKind.choices)
    description = models.CharField(_("description"), max_length=300)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    unit_rate = models.DecimalField(
        _("rate"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    planned_quantity = models.DecimalField(
        _("planned days or hours"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    actual_quantity = models.DecimalField(
        _("actual days or hours"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    planned_amount = models.DecimalField(
        _("planned value"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    actual_amount = models.DecimalField(
        _("actual value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["period_start", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0), name="contribution_planned_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="contribution_actual_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="contribution_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.description


# Activity feed and notifications


class Activity(models.Model):
    """One line of a partnership's activity feed: who did what, when. Never edited."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="activities"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    # A confidential line (about a conflict) is shown only to the members of these parties.
    restricted = models.BooleanField(default=False)
    audience = models.ManyToManyField(Party, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "-created_at"])]

    def __str__(self) -> str:
        return self.verb


class Notification(PublicIdModel):
    """Something a person should know about, shown in the site and sent by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    verb = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
