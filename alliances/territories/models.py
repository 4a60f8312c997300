"""French geography (communes, EPCI, départements, régions) and the runs of register imports.

These models hold reference data only and import nothing from the other apps, so every app
may use them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliances.core.models import TimeStampedModel


class TerritoryKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunality (EPCI)")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Region")


class Territory(models.Model):
    """A French territory. `code` is the INSEE code, or the SIREN number for an EPCI."""

    kind = models.CharField(_("type"), max_length=12, choices=TerritoryKind.choices)
    code = models.CharField(_("code"), max_length=9)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"),
        max_length=4,
        blank=True,
        help_text=_("For an EPCI: CC, CA, CU or ME."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    epci = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    departement = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # WGS 84 degrees: the town hall, else the centre of the commune's outline; for the other
    # kinds, the seat (chef-lieu) or the most populous commune.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    postal_codes = models.CharField(_("postal codes"), max_length=200, blank=True)
    town_hall_address = models.TextField(_("town hall address"), blank=True)
    town_hall_email = models.CharField(_("town hall e-mail"), max_length=254, blank=True)
    town_hall_phone = models.CharField(_("town hall telephone"), max_length=40, blank=True)
    town_hall_website = models.CharField(_("town hall website"), max_length=300, blank=True)
    # [["lundi", "vendredi", [["08:30:00", "12:30:00"], ...]], ...] as published.
    town_hall_hours = models.JSONField(_("town hall opening hours"), default=list, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_kind_code_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=TerritoryKind.values), name="territory_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ImportSource(models.TextChoices):
    TERRITORIES = "territories", _("French territories")
    RNA = "rna", _("National register of associations (RNA)")
    SIRENE = "sirene", _("SIRENE register of companies")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class ImportRun(TimeStampedModel):
    """One run of a register import over one file, with its counts. `lines_done` is the last
    line whose rows are committed: an interrupted run resumes after it."""

    source = models.CharField(max_length=12, choices=ImportSource.choices)
    file_name = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    lines_done = models.PositiveBigIntegerField(default=0)
    read = models.PositiveBigIntegerField(default=0)
    inserted = models.PositiveBigIntegerField(default=0)
    updated = models.PositiveBigIntegerField(default=0)
    unchanged = models.PositiveBigIntegerField(default=0)
    rejected = models.PositiveBigIntegerField(default=0)
    rejects_file = models.CharField(max_length=500, blank=True)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.file_name} ({self.get_status_display()})"
