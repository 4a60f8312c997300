"""The partnership agreement (convention de partenariat): numbered versions and approvals.

Every saved change makes a new version holding the whole text, so any two versions can be
compared and an approval always names exactly what was approved. A version approved by every
active party is in force and frozen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel
from alliances.partnerships.models import DecisionRule


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class MeetingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class AgreementVersion(PublicIdModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    # Governance terms, read by the governance records (decision rule of the agreement in force).
    decision_rule = models.CharField(
        _("decision rule"), max_length=12, choices=DecisionRule.choices
    )
    meeting_frequency = models.CharField(
        _("steering committee meetings"), max_length=12, choices=MeetingFrequency.choices
    )
    # The structured data the text was assembled from, as it was when the version was saved,
    # and the free-text clauses per section: {"snapshot": {...}, "clauses": {section: text}}.
    content = models.JSONField(default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    in_force_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="agreement_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status="in_force"),
                name="agreement_one_version_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status == VersionStatus.IN_FORCE


class Approval(models.Model):
    """An administrator of a party approves one specific version on its behalf."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    party = models.ForeignKey(
        "partnerships.Party", on_delete=models.CASCADE, related_name="approvals"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="approval_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.version} / {self.party_id}"
