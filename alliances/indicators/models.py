"""Results frameworks: objectives → outcomes → indicators, their targets and their values.

A partnership has one framework (its objectives). Values are entered per indicator, period
and disaggregation by the party responsible, submitted, then approved or returned by the
coordinator; an approved period can be locked. Indicators computed from a survey get their
values written by the surveys app (source "survey"), with the number of respondents.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel


class IndicatorType(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantity")
    PERCENTAGE = "percentage", _("Percentage")
    SCORE = "score", _("Qualitative score")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Accumulation(models.TextChoices):
    PER_PERIOD = "per_period", _("Per period")
    CUMULATIVE = "cumulative", _("Cumulative")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Entered by the parties")
    SURVEY = "survey", _("Computed from a survey")


class Objective(PublicIdModel, TimeStampedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="results_objectives"
    )
    title = models.CharField(_("objective"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title


class Outcome(PublicIdModel, TimeStampedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="outcomes"
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(_("outcome"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.title


class Indicator(PublicIdModel, TimeStampedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="indicators"
    )
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicator"), max_length=300)
    definition = models.TextField(_("definition"), blank=True, max_length=4000)
    type = models.CharField(
        _("type"), max_length=16, choices=IndicatorType.choices, default=IndicatorType.QUANTITATIVE
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    # A qualitative score runs from score_min to score_max (e.g. 1 to 5).
    score_min = models.DecimalField(
        _("lowest score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    score_max = models.DecimalField(
        _("highest score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    accumulation = models.CharField(
        _("accumulation"),
        max_length=12,
        choices=Accumulation.choices,
        default=Accumulation.PER_PERIOD,
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    # First period reported; periods run from here to the partnership's end date.
    reporting_start = models.DateField(_("first period starts"), null=True, blank=True)
    # [{"name": "neighbourhood", "label": "Quartier", "categories": ["Couronneries", ...]}]
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    responsible_party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("responsible party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    # SDG indicator ids, e.g. ["11.7.1", "16.1.4"] (indicators/data/sdg_indicators.csv).
    sdg_indicators = models.JSONField(_("SDG indicators"), default=list, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    template_key = models.CharField(max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField(_("period"))
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="target_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}: {self.value}"


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class ValueSource(models.TextChoices):
    ENTRY = "entry", _("Entered")
    IMPORT = "import", _("Imported")
    SURVEY = "survey", _("Computed from a survey")


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.partnership.uuid}/{instance.uuid}/{filename}"


class Value(PublicIdModel, TimeStampedModel):
    """One figure: an indicator, a period, and a disaggregation ("" is the total)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period"))
    # {"neighbourhood": "Couronneries", "gender": "f"}; {} for the total.
    disaggregation = models.JSONField(default=dict, blank=True)
    # Canonical form of `disaggregation`: "gender=f|neighbourhood=Couronneries", "" for the total.
    disaggregation_key = models.CharField(max_length=300, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=8, choices=ValueSource.choices, default=ValueSource.ENTRY
    )
    # Survey values: how many respondents the figure rests on; below the small-cell
    # threshold the figure is not stored at all (value NULL, suppressed True).
    respondents = models.PositiveIntegerField(null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    party = models.ForeignKey(
        "partnerships.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_message = models.TextField(_("message"), blank=True, max_length=4000)

    class Meta:
        ordering = ["period_start", "disaggregation_key"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "disaggregation_key"],
                name="value_once_per_period_and_group",
            ),
            models.CheckConstraint(
                condition=Q(suppressed=False) | Q(value__isnull=True),
                name="value_suppressed_has_no_figure",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start} {self.disaggregation_key}: {self.value}"


class ValueEventKind(models.TextChoices):
    SAVED = "saved", _("Saved as draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    IMPORTED = "imported", _("Imported")


class ValueEvent(models.Model):
    """The history of one value: who did what, when, with which message."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=ValueEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figure = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    message = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.value} {self.kind}"


class PeriodLock(models.Model):
    """An approved period of an indicator, closed to any change."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="locks")
    period_start = models.DateField()
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="lock_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}"


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """A reporting reminder already sent, so that running the command twice sends nothing."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "kind"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start} {self.kind}"
