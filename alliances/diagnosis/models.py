from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel
from alliances.organisations.models import Organisation


class DiagnosisStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")


class Diagnosis(PublicIdModel, TimeStampedModel):
    """An organisation's self-diagnosis of its partnership policy. `answers` holds the maturity
    questionnaire; on completion, `portfolio` and `scores` keep the figures of that day so a
    later self-diagnosis can be compared with it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="diagnoses"
    )
    status = models.CharField(
        max_length=10, choices=DiagnosisStatus.choices, default=DiagnosisStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    portfolio = models.JSONField(default=dict, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("self-diagnosis")
        verbose_name_plural = _("self-diagnoses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="draft"),
                name="diagnosis_one_draft_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.created_at:%Y-%m-%d}"
