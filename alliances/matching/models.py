"""Finding partners: calls for partners and their answers, proposals sent without a call,
what organisations did with their suggestions, and introductions sent through the platform.

Suggestions themselves are computed, never stored (`alliances.matching.ranking`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel


class CallKind(models.TextChoices):
    NEED = "need", _("We are looking for partners")
    OFFER = "offer", _("We offer our support")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Open")
    CLOSED = "closed", _("Closed")


class Call(PublicIdModel, TimeStampedModel):
    """An appel à partenaires: what an organisation seeks or brings, where, on which causes,
    until when, and the criteria (weights summing to 100) its answers will be scored on."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="calls"
    )
    kind = models.CharField(_("type"), max_length=8, choices=CallKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    # Resource values (organisations.Resource): what the publisher seeks and what it brings.
    resources_sought = models.JSONField(_("resources sought"), default=list, blank=True)
    resources_offered = models.JSONField(_("resources offered"), default=list, blank=True)
    # Sector values (organisations.Sector) the publisher wants to hear from; empty: any.
    sectors_sought = models.JSONField(_("partners sought"), default=list, blank=True)
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
    deadline = models.DateField(_("deadline for answers"))
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "-id"]
        verbose_name = _("call for partners")
        verbose_name_plural = _("calls for partners")
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CallKind.values), name="call_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=CallStatus.values), name="call_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CallCriterion(models.Model):
    """One criterion the publisher scores answers on; the weights of a call sum to 100."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.weight})"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting a decision")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(PublicIdModel, TimeStampedModel):
    """An answer to a call, or (without a call) a proposal sent straight to an organisation.
    Accepting it creates a partnership coordinated by the organisation that receives it."""

    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="proposals_sent"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="proposals_received",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    message = models.TextField(_("proposal"), max_length=3000)
    resources_offered = models.JSONField(_("what you bring"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="proposal_not_to_self",
            ),
            # One live answer per organisation and call; a withdrawn one may be sent again.
            models.UniqueConstraint(
                fields=["call", "from_organisation"],
                condition=Q(call__isnull=False) & ~Q(status="withdrawn"),
                name="proposal_one_live_answer_per_call",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.from_organisation} → {self.to_organisation}"


class ProposalScore(models.Model):
    """The publisher's mark of an answer on one criterion, from 0 to 5."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CallCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "criterion"], name="proposal_score_unique"),
            models.CheckConstraint(condition=Q(score__lte=5), name="proposal_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}/5"


class FeedbackState(models.TextChoices):
    SAVED = "saved", _("Saved")
    DISMISSED = "dismissed", _("Dismissed")


class DismissReason(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant for us")
    ALREADY_IN_TOUCH = "in_touch", _("We already know them")
    TOO_FAR = "too_far", _("Too far away")
    WRONG_KIND = "wrong_kind", _("Not this type of organisation")
    OTHER = "other", _("Another reason")


class SuggestionFeedback(TimeStampedModel):
    """What an organisation did with a suggested partner: kept it, or set it aside and why.
    The ranking reads it back (`alliances.matching.feedback`)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="suggestion_feedback"
    )
    candidate = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=10, choices=FeedbackState.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=DismissReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The distance when dismissed as too far: farther candidates are not suggested any more.
    distance_km = models.FloatField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "candidate"], name="suggestion_feedback_unique"
            ),
            models.CheckConstraint(
                condition=Q(state__in=FeedbackState.values), name="suggestion_feedback_state"
            ),
            models.CheckConstraint(
                condition=Q(state="saved", reason="") | Q(state="dismissed") & ~Q(reason=""),
                name="suggestion_feedback_reason_when_dismissed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.candidate} ({self.get_state_display()})"


class Introduction(PublicIdModel, TimeStampedModel):
    """An introduction message sent through the platform: the recipients' administrators get
    it by e-mail, and neither side sees the other's addresses."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="introductions_sent"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="introductions_received",
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=3000)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sender", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="introduction_not_to_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}"
