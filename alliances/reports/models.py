from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel
from alliances.organisations.models import Organisation
from alliances.partnerships.models import Partnership, Party


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(PublicIdModel, TimeStampedModel):
    """A funder report of one partnership over one period, generated in the background as PDF,
    DOCX and XLSX files that stay downloadable."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    docx = models.FileField(upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/", blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_ordered"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max"),
        ]

    def __str__(self) -> str:
        return self.title


class OpenLicence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte / Open Licence 2.0 (Etalab)")
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    ODBL = "odbl-1.0", _("Open Database License 1.0")
    CC0 = "cc0-1.0", _("Creative Commons Zero 1.0 (public domain)")


class PublicPageStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for every party's agreement")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicPage(PublicIdModel, TimeStampedModel):
    """The public impact page of a partnership. The coordinator proposes its content; it is
    published only once every active party has agreed to that `version`. Changing the proposal
    starts a new version, which needs everyone's agreement again."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="public_page"
    )
    summary = models.TextField(_("summary for the public"), max_length=3000, blank=True)
    licence = models.CharField(
        _("open data licence"),
        max_length=16,
        choices=OpenLicence.choices,
        default=OpenLicence.ETALAB,
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report shown"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=PublicPageStatus.choices, default=PublicPageStatus.PROPOSED
    )
    version = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public impact page")
        verbose_name_plural = _("public impact pages")

    def __str__(self) -> str:
        return str(self.partnership)


class PublicPageConsent(models.Model):
    """One party's agreement to one version of the public page."""

    page = models.ForeignKey(PublicPage, on_delete=models.CASCADE, related_name="consents")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "party", "version"], name="public_page_one_consent_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.version}"


class IatiImport(PublicIdModel):
    """One IATI activity file read into a new partnership, with what was mapped and skipped."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="iati_imports"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    iati_identifier = models.CharField(max_length=255, blank=True)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
