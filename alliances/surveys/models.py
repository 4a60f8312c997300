"""Resident surveys: their definition, their public link and the responses they collect.

A survey's questions live in `definition` (JSON, described in docs/surveys.md), written by the
builder or by the XLSForm import. Responses are anonymous by default: no account, no IP
address; each carries the identifier its device generated, unique per survey, so that a retry
never stores the same questionnaire twice.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel


def new_public_token() -> str:
    return secrets.token_urlsafe(12)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyOrigin(models.TextChoices):
    BUILDER = "builder", _("Built here")
    XLSFORM = "xlsform", _("Imported from XLSForm")


class Survey(PublicIdModel, TimeStampedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), blank=True, max_length=4000)
    consent_text = models.TextField(_("consent text"), blank=True, max_length=4000)
    definition = models.JSONField(default=dict, blank=True)
    # Bumped on every change of the definition; each response records the version it answered.
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    origin = models.CharField(
        max_length=8, choices=SurveyOrigin.choices, default=SurveyOrigin.BUILDER
    )
    source_filename = models.CharField(max_length=255, blank=True)
    # The public collection link: /s/<public_token>/
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How long answers to identity questions (e-mail, phone, or marked "identity") are kept,
    # in days after receipt; empty keeps them. `apply_survey_retention` erases them.
    retention_days = models.PositiveIntegerField(
        _("keep contact details for (days)"), null=True, blank=True, default=365
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class ResponseChannel(models.TextChoices):
    WEB = "web", _("Online")
    OFFLINE = "offline", _("Filled offline, sent later")
    PAPER = "paper", _("Paper questionnaire")


class Response(PublicIdModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Generated on the device (or for a paper entry, by the page): the same identifier with the
    # same content is accepted again harmlessly; with other content it is refused (409).
    submission_id = models.UUIDField()
    content_hash = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    language = models.CharField(max_length=16, blank=True)
    survey_version = models.PositiveIntegerField(default=1)
    channel = models.CharField(
        max_length=8, choices=ResponseChannel.choices, default=ResponseChannel.WEB
    )
    # The day the questionnaire was answered (device date, or the date on the paper form);
    # it decides the reporting period.
    collected_on = models.DateField()
    received_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the retention job went through this response (whether or not it held identity
    # answers): set once, so the job never handles a response twice.
    identity_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_id"], name="response_once_per_submission"
            )
        ]
        indexes = [models.Index(fields=["survey", "collected_on"])]

    def __str__(self) -> str:
        return f"{self.survey} {self.submission_id}"


class Method(models.TextChoices):
    SHARE = "share", _("Share of respondents giving one of the chosen answers (%)")
    MEAN = "mean", _("Mean of the answers")
    COUNT = "count", _("Number of respondents giving one of the chosen answers")
    RESPONDENTS = "respondents", _("Number of respondents")


class SurveyIndicator(models.Model):
    """An indicator computed from one survey question, per period and disaggregation."""

    indicator = models.OneToOneField(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="survey_source"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="indicators")
    question = models.CharField(_("question"), max_length=100)
    # For a matrix question: the statement whose answers count.
    statement = models.CharField(_("statement"), max_length=100, blank=True)
    method = models.CharField(_("calculation"), max_length=12, choices=Method.choices)
    # Answers that count for SHARE and COUNT, e.g. ["4", "5"] for agree and strongly agree.
    choices = models.JSONField(default=list, blank=True)
    # Indicator dimension → survey question giving it, e.g. {"neighbourhood": "quartier"}.
    disaggregate_by = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.survey}:{self.question}"
