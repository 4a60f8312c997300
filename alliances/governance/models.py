"""Shared governance of a partnership: the steering committee and its meetings, the decision
log with votes, actions, the conflict register and the partner health checks (baromètre).

Every record hangs from a partnership, the tenant boundary; `access.py` decides who reaches
what. Conflicts are confidential to the parties they name, health-check answers are only ever
shown aggregated (at least `HEALTH_MIN_GROUP` people), and closed decisions are never edited.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.core.models import PublicIdModel, TimeStampedModel
from alliances.partnerships.models import DecisionRule

# Results of a health check are shown per party only when at least this many of its people
# answered; smaller groups are merged so that nobody can be singled out.
HEALTH_MIN_GROUP = 3


class Frequency(models.TextChoices):
    NONE = "none", _("Not scheduled")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class GovernanceSettings(models.Model):
    """The partnership's governance settings; the agreement in force, when there is one,
    decides the decision rule instead of `Partnership.decision_rule`."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="governance_settings"
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percentage of the parties that must vote)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    health_frequency = models.CharField(
        _("health checks"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    health_next_on = models.DateField(_("next health check"), null=True, blank=True)
    health_open_days = models.PositiveSmallIntegerField(
        _("days to answer a health check"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    # Alerts to the coordinator, on the 0-100 score scale (green 100, amber 50, red 0).
    health_alert_drop = models.PositiveSmallIntegerField(
        _("alert when a dimension drops by (points)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    health_alert_below = models.PositiveSmallIntegerField(
        _("alert when a party's score falls below"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    conflict_stale_days = models.PositiveSmallIntegerField(
        _("flag a conflict with no news after (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    def __str__(self) -> str:
        return f"{self.partnership}"


# Steering committee and meetings


class CommitteeMember(PublicIdModel, TimeStampedModel):
    """A person on the steering committee, for one party. Each party has at most one
    representative (who votes for it; any of its members on the committee may stand in)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="committee_members"
    )
    party = models.ForeignKey(
        "partnerships.Party", on_delete=models.CASCADE, related_name="committee_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seats"
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["party__created_at", "-is_representative", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"], name="committee_member_once_per_partnership"
            ),
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(is_chair=True), name="committee_one_chair"
            ),
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(is_representative=True),
                name="committee_one_representative_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.party})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(PublicIdModel, TimeStampedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=50000)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Bumped on every change calendars must see (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(PublicIdModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("item"), max_length=300)
    description = models.TextField(_("details"), blank=True, max_length=5000)
    # Set when the item came from a health-check concern, so the concern is tracked to it.
    concern = models.ForeignKey(
        "governance.Concern",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """A person invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    party = models.ForeignKey(
        "partnerships.Party", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )

    class Meta:
        ordering = ["party_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.meeting}"


def meeting_document_path(instance, filename: str) -> str:
    return f"meetings/{instance.meeting.uuid}/{secrets.token_hex(8)}/{filename}"


class MeetingDocument(PublicIdModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=meeting_document_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


# Decisions


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open to votes")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    NO_QUORUM = "no_quorum", _("Not taken: no quorum")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_DECISION_STATUSES = frozenset(
    {
        DecisionStatus.ADOPTED,
        DecisionStatus.REJECTED,
        DecisionStatus.NO_QUORUM,
        DecisionStatus.WITHDRAWN,
    }
)


class Decision(PublicIdModel, TimeStampedModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="decisions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(_("proposal"), max_length=300)
    context = models.TextField(_("context"), blank=True, max_length=10000)
    # The rule and quorum are fixed when the proposal opens, so votes are counted under the
    # terms that were announced; `rule_source` says where the rule came from.
    rule = models.CharField(_("decision rule"), max_length=12, choices=DecisionRule.choices)
    rule_source = models.CharField(max_length=100, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(default=50)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    rationale = models.TextField(_("rationale"), blank=True, max_length=10000)
    # What the count was when the decision closed: eligible parties, for, against, abstain.
    tally = models.JSONField(default=dict, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="decision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"D-{self.number:03d} {self.title}"

    @property
    def reference(self) -> str:
        return f"D-{self.number:03d}"

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """One party's vote on a decision, cast by one of its people on the committee."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["party_id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "party"], name="vote_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} / {self.party_id}: {self.choice}"


# Actions


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class ActionItem(PublicIdModel, TimeStampedModel):
    """An action: who does what by when. Named ActionItem so as not to be confused with the
    permission actions of `core.permissions`."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("details"), blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    owner_party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    concern = models.ForeignKey(
        "governance.Concern",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES


class ActionReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ActionReminder(models.Model):
    """Written before an e-mail leaves: whoever writes the row sends, nobody sends twice.
    Keyed on the due date too, so that a new date earns new reminders."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=ActionReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "due_on", "kind"], name="action_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind} {self.due_on}"


# Conflicts


class ConflictStage(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue")
    MEDIATION = "mediation", _("Mediation")
    RESOLVED = "resolved", _("Resolved")
    EXIT = "exit", _("Exit clause invoked")


OPEN_CONFLICT_STAGES = frozenset({ConflictStage.DIALOGUE, ConflictStage.MEDIATION})


class MediatorKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (a person of a party)")
    EXTERNAL = "external", _("External mediator")


class Conflict(PublicIdModel, TimeStampedModel):
    """A disagreement raised by a party. Only the parties it names (the raising party always
    among them) see it, and the coordinator when the raiser chose so."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="conflicts"
    )
    number = models.PositiveIntegerField()
    topic = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("what is at stake"), max_length=10000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_party = models.ForeignKey(
        "partnerships.Party", on_delete=models.PROTECT, related_name="conflicts_raised"
    )
    parties = models.ManyToManyField(
        "partnerships.Party", verbose_name=_("parties concerned"), related_name="conflicts"
    )
    coordinator_informed = models.BooleanField(_("the coordinator may see it"), default=False)
    stage = models.CharField(
        _("stage"), max_length=10, choices=ConflictStage.choices, default=ConflictStage.DIALOGUE
    )
    mediator_kind = models.CharField(
        _("mediator"), max_length=10, choices=MediatorKind.choices, blank=True
    )
    mediator_name = models.CharField(_("mediator's name"), max_length=200, blank=True)
    mediator_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(_("how it ended"), blank=True, max_length=10000)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Any note or stage change; a conflict without news for a while is flagged stale.
    last_activity_at = models.DateTimeField(auto_now_add=True)
    stale_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("conflict")
        verbose_name_plural = _("conflicts")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="conflict_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_CONFLICT_STAGES


class ConflictNoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    STAGE = "stage", _("Stage change")


class ConflictNote(models.Model):
    """One line of a conflict's timeline; never edited."""

    conflict = models.ForeignKey(Conflict, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=8, choices=ConflictNoteKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    party = models.ForeignKey(
        "partnerships.Party", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_stage = models.CharField(max_length=10, choices=ConflictStage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=ConflictStage.choices, blank=True)
    text = models.TextField(_("note"), blank=True, max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.conflict_id} {self.kind}"


# Health checks (baromètre de la relation)


class Dimension(models.TextChoices):
    TRUST = "trust", _("Trust")
    COMMUNICATION = "communication", _("Quality of communication")
    FAIRNESS = "fairness", _("Fairness and balance of power")
    VALUE = "value", _("Value received")
    WORKLOAD = "workload", _("Workload against benefit")
    ROLES = "roles", _("Clarity of roles")
    CONTINUE = "continue", _("Likelihood to continue")


class Rating(models.TextChoices):
    GREEN = "green", _("No concern")
    AMBER = "amber", _("Some concern")
    RED = "red", _("Serious concern")


# Scores on a 0-100 scale, so that averages and drops read as points.
RATING_SCORES = {Rating.GREEN: 100, Rating.AMBER: 50, Rating.RED: 0}


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class HealthCheckRound(PublicIdModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="health_rounds"
    )
    number = models.PositiveIntegerField()
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    status = models.CharField(max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="health_round_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status="open"),
                name="health_round_one_open",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="health_round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class HealthCheckParticipation(models.Model):
    """That a person answered a round for a party, so they answer once. Deliberately not
    linked to their ratings, which are stored apart."""

    round = models.ForeignKey(
        HealthCheckRound, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="health_participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} / {self.user_id}"


class HealthCheckRating(models.Model):
    """One anonymous rating of one dimension. `sheet` groups the ratings of one answer sheet
    under a random key, so answers can be counted without knowing whose they are."""

    round = models.ForeignKey(HealthCheckRound, on_delete=models.CASCADE, related_name="ratings")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    sheet = models.CharField(max_length=32)
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    rating = models.CharField(max_length=8, choices=Rating.choices)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["round", "sheet", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "sheet", "dimension"], name="health_rating_once_per_sheet"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.dimension} {self.rating}"


class Concern(PublicIdModel):
    """A red or amber result of a round that someone chose to follow up, with what answers it
    (an action or an agenda item). `party` is empty when the result was for merged groups."""

    round = models.ForeignKey(HealthCheckRound, on_delete=models.CASCADE, related_name="concerns")
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    party = models.ForeignKey(
        "partnerships.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=8, choices=Rating.choices)
    score = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.round_id} {self.dimension}"


class HealthAlert(models.Model):
    """An alert sent to the coordinator after a round closed; unique so it is sent once."""

    round = models.ForeignKey(HealthCheckRound, on_delete=models.CASCADE, related_name="alerts")
    key = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="health_alert_once")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.key}"


# Personal calendar feed and weekly digest


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A user's secret calendar address. Only the token's hash is kept: the address is shown
    once when made; making a new one revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}"


class DigestPreference(models.Model):
    """Whether a person gets the weekly digest (on unless they opted out), and the last week
    sent, which makes the weekly job idempotent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    weekly = models.BooleanField(_("weekly e-mail digest"), default=True)
    last_week_sent = models.DateField(null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"{self.user}"
