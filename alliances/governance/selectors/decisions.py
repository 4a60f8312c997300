"""Reads of the decision log: the log and its filters, one decision's page, the export."""

from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import (
    CommitteeMember,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Vote,
    VoteChoice,
)
from alliances.governance.rules import (
    Outcome,
    decision_outcome,
    quorum_required,
    rule_explanation,
    rule_source_label,
)
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Partnership, Party, PartyStatus

CLOSED_BY_VOTE = (DecisionStatus.ADOPTED, DecisionStatus.REJECTED, DecisionStatus.NO_QUORUM)
# Corrections that did not pass let go of the decision they aimed at (which still stands), so
# that it can be corrected again; their tally keeps which one they aimed at, under this key.
CORRECTS_KEY = "corrects"


def decision_in_partnership(*, partnership: Partnership, decision_uuid: UUID | str) -> Decision:
    try:
        decision = Decision.objects.select_related(
            "meeting", "supersedes", "superseded_by", "created_by", "closed_by"
        ).get(partnership=partnership, uuid=decision_uuid)
    except (Decision.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    decision.partnership = partnership
    return decision


def decisions_query_in_partnership(*, partnership: Partnership) -> QuerySet[Decision]:
    """Every decision of the partnership, as a query (the API pages it)."""
    return Decision.objects.filter(partnership=partnership).select_related(
        "meeting", "supersedes", "superseded_by"
    )


def meeting_choices_in_partnership(
    *, partnership: Partnership, keep: Meeting | None = None
) -> QuerySet[Meeting]:
    """Meetings a decision can be linked to: any not cancelled, and the one it already names."""
    meetings = Meeting.objects.filter(partnership=partnership).exclude(
        status=MeetingStatus.CANCELLED
    )
    if keep is not None:
        meetings = meetings | Meeting.objects.filter(pk=keep.pk)
    return meetings.order_by("-starts_at", "-id")


def correctable_decisions_in_partnership(*, partnership: Partnership) -> QuerySet[Decision]:
    """Closed decisions a correction may name (the service says why one is refused)."""
    return Decision.objects.filter(partnership=partnership, status__in=CLOSED_BY_VOTE)


# The log


@dataclass(frozen=True)
class DecisionFilters:
    status: str = ""
    meeting: Meeting | None = None

    @property
    def active(self) -> bool:
        return bool(self.status or self.meeting)

    def params(self) -> dict[str, str]:
        values = {}
        if self.status:
            values["status"] = self.status
        if self.meeting:
            values["meeting"] = str(self.meeting.uuid)
        return values


@dataclass(frozen=True)
class Reference:
    """Another decision named by a line: its reference, its page and its status."""

    uuid: str
    reference: str
    status: str = ""

    @property
    def status_label(self) -> str:
        return str(dict(DecisionStatus.choices).get(self.status, self.status))


@dataclass
class LogLine:
    decision: Decision
    # The decision this one corrects (or tried to, when the correction did not pass).
    corrects: Reference | None = None
    # An adopted correction replaced this decision.
    superseded_by: Reference | None = None
    # A correction open to votes: this decision stands until it is adopted.
    correction_pending: Reference | None = None
    # Corrections that were not adopted: this decision stands.
    corrections_failed: list[Reference] = field(default_factory=list)

    @property
    def date(self):
        return self.decision.closed_at or self.decision.created_at

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by is not None


def _reference(decision: Decision) -> Reference:
    return Reference(str(decision.uuid), decision.reference, decision.status)


def _failed_corrections(partnership: Partnership) -> dict[str, list[Reference]]:
    """Corrections that were not adopted, by the decision they aimed at."""
    failed: dict[str, list[Reference]] = {}
    rows = Decision.objects.filter(partnership=partnership, tally__has_key=CORRECTS_KEY).only(
        "uuid", "number", "status", "tally"
    )
    for row in rows.order_by("number"):
        target = row.tally.get(CORRECTS_KEY) or {}
        if target.get("uuid"):
            failed.setdefault(target["uuid"], []).append(_reference(row))
    return failed


def _line(decision: Decision, failed: dict[str, list[Reference]]) -> LogLine:
    line = LogLine(decision, corrections_failed=failed.get(str(decision.uuid), []))
    if decision.supersedes_id:
        line.corrects = _reference(decision.supersedes)
    elif CORRECTS_KEY in (decision.tally or {}):
        target = decision.tally[CORRECTS_KEY]
        line.corrects = Reference(target.get("uuid", ""), target.get("reference", ""))
    correction = getattr(decision, "superseded_by", None)
    if correction is not None:
        if correction.status == DecisionStatus.ADOPTED:
            line.superseded_by = _reference(correction)
        else:
            line.correction_pending = _reference(correction)
    return line


def decision_log_in_partnership(
    *, partnership: Partnership, filters: DecisionFilters | None = None
) -> list[LogLine]:
    """The log, newest first, each line with its correction marks. Two queries."""
    filters = filters or DecisionFilters()
    decisions = Decision.objects.filter(partnership=partnership).select_related(
        "meeting", "supersedes", "superseded_by"
    )
    if filters.status:
        decisions = decisions.filter(status=filters.status)
    if filters.meeting:
        decisions = decisions.filter(meeting=filters.meeting)
    failed = _failed_corrections(partnership)
    return [_line(decision, failed) for decision in decisions.order_by("-number")]


def decision_meetings_in_partnership(*, partnership: Partnership) -> list[Meeting]:
    """Meetings in which decisions were taken, for the log's filter."""
    return list(
        Meeting.objects.filter(partnership=partnership, decisions__isnull=False)
        .distinct()
        .order_by("-starts_at", "-id")
    )


# One decision


@dataclass
class PartyVote:
    """One eligible party and its vote so far (or at the closing)."""

    party_name: str
    choice: str = ""
    comment: str = ""
    by: str = ""
    party: Party | None = None

    @property
    def choice_label(self) -> str:
        return str(dict(VoteChoice.choices).get(self.choice, self.choice))

    @property
    def has_voted(self) -> bool:
        return bool(self.choice)


@dataclass
class BallotParty:
    """A party the reader may vote for, with the vote it has cast so far."""

    party: Party
    vote: Vote | None


@dataclass
class DecisionPage:
    decision: Decision
    line: LogLine
    rule_label: str
    rule_source: str
    rule_explanation: str
    quorum_required: int
    eligible: int
    votes: list[PartyVote]
    # Votes of parties that left since they voted: kept, not counted.
    left_votes: list[PartyVote]
    not_voted: int
    # The outcome if the decision were closed now (open), or as it was counted (closed).
    outcome: Outcome | None
    ballots: list[BallotParty]


def _counts(votes: list[PartyVote]) -> dict[str, int]:
    counts = dict.fromkeys(VoteChoice.values, 0)
    for vote in votes:
        if vote.choice in counts:
            counts[vote.choice] += 1
    return counts


def _outcome(decision: Decision, eligible: int, counts: dict[str, int]) -> Outcome:
    return decision_outcome(
        rule=decision.rule,
        quorum_percent=decision.quorum_percent,
        eligible=eligible,
        votes_for=counts[VoteChoice.FOR],
        votes_against=counts[VoteChoice.AGAINST],
        abstentions=counts[VoteChoice.ABSTAIN],
    )


def _vote_row(party: Party, vote: Vote | None) -> PartyVote:
    if vote is None:
        return PartyVote(party_name=str(party), party=party)
    by = (vote.cast_by.full_name or vote.cast_by.email) if vote.cast_by else ""
    return PartyVote(
        party_name=str(party), party=party, choice=vote.choice, comment=vote.comment, by=by
    )


def _open_votes(decision: Decision, parties: list[Party]):
    """Each eligible party with its vote; then the votes of parties that left, not counted."""
    votes = {
        vote.party_id: vote
        for vote in Vote.objects.filter(decision=decision).select_related(
            "cast_by", "party__organisation"
        )
    }
    rows = [_vote_row(party, votes.pop(party.pk, None)) for party in parties]
    left = [_vote_row(vote.party, vote) for vote in votes.values()]
    return rows, left


def voting_parties_for_user(*, access: PartnershipAccess, user) -> list[Party]:
    """The parties this person votes for: those taking part for which they hold a committee
    seat, and whose member role lets them vote."""
    seated = set(
        CommitteeMember.objects.filter(partnership=access.partnership, user=user).values_list(
            "party_id", flat=True
        )
    )
    return [
        party
        for party in access.parties_for(Action.VOTE)
        if party.pk in seated and party.status == PartyStatus.ACTIVE
    ]


def _ballots(access: PartnershipAccess, user, decision: Decision) -> list[BallotParty]:
    if not decision.is_open or access.partnership.is_closed:
        return []
    mine = voting_parties_for_user(access=access, user=user)
    if not mine:
        return []
    votes = {
        vote.party_id: vote
        for vote in Vote.objects.filter(decision=decision, party__in=[p.pk for p in mine])
    }
    return [BallotParty(party, votes.get(party.pk)) for party in mine]


def decision_page_in_partnership(
    *, access: PartnershipAccess, user, decision: Decision
) -> DecisionPage:
    partnership = access.partnership
    failed = _failed_corrections(partnership)
    line = _line(decision, failed)
    parties = list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    outcome = None
    left: list[PartyVote] = []
    if decision.is_open:
        votes, left = _open_votes(decision, parties)
        eligible = len(parties)
        outcome = _outcome(decision, eligible, _counts(votes))
    else:
        tally = decision.tally or {}
        eligible = int(tally.get("eligible", 0))
        votes = [
            PartyVote(
                party_name=voter.get("party", ""),
                choice=voter.get("choice", ""),
                comment=voter.get("comment", ""),
                by=voter.get("by", ""),
            )
            for voter in tally.get("voters", [])
        ] + [PartyVote(party_name=name) for name in tally.get("absent", [])]
        # A tally written elsewhere (an import, say) may lack the count: no outcome then.
        if decision.status in CLOSED_BY_VOTE and "eligible" in tally:
            counts = _counts(votes)
            outcome = _outcome(decision, max(eligible, sum(counts.values())), counts)
    voted = sum(1 for vote in votes if vote.has_voted)
    return DecisionPage(
        decision=decision,
        line=line,
        rule_label=decision.get_rule_display(),
        rule_source=rule_source_label(decision.rule_source),
        rule_explanation=rule_explanation(decision.rule),
        quorum_required=quorum_required(quorum_percent=decision.quorum_percent, eligible=eligible),
        eligible=eligible,
        votes=votes,
        left_votes=left,
        not_voted=max(eligible - voted, 0),
        outcome=outcome,
        ballots=_ballots(access, user, decision),
    )


# The export


def export_headers() -> list[str]:
    return [
        _("Reference"),
        _("Proposal"),
        _("Context"),
        _("Meeting"),
        _("Meeting date"),
        _("Decision rule"),
        _("Rule from"),
        _("Quorum (%)"),
        _("Status"),
        _("Proposed on"),
        _("Proposed by"),
        _("Closed on"),
        _("Closed by"),
        _("Parties that could vote"),
        _("For"),
        _("Against"),
        _("Abstaining"),
        _("Votes"),
        _("Rationale"),
        _("Corrects"),
        _("Superseded by"),
    ]


def _person(user) -> str:
    return (user.full_name or user.email) if user is not None else ""


def _votes_text(tally: dict) -> str:
    choices = dict(VoteChoice.choices)
    parts = []
    for voter in tally.get("voters", []):
        text = f"{voter.get('party', '')}: {choices.get(voter.get('choice'), '')}"
        if voter.get("comment"):
            text += f" ({voter['comment']})"
        parts.append(text)
    return " ; ".join(parts)


def decision_export_rows_in_partnership(*, partnership: Partnership) -> list[list]:
    """The whole log, oldest first, one row per decision with its tally and rationale."""
    failed = _failed_corrections(partnership)
    decisions = (
        Decision.objects.filter(partnership=partnership)
        .select_related("meeting", "supersedes", "superseded_by", "created_by", "closed_by")
        .order_by("number")
    )
    rows = []
    for decision in decisions:
        line = _line(decision, failed)
        tally = decision.tally or {}
        counted = decision.status in CLOSED_BY_VOTE
        meeting = decision.meeting
        rows.append(
            [
                decision.reference,
                decision.title,
                decision.context,
                meeting.title if meeting else "",
                timezone.localtime(meeting.starts_at).date() if meeting else None,
                decision.get_rule_display(),
                rule_source_label(decision.rule_source),
                decision.quorum_percent,
                decision.get_status_display(),
                timezone.localtime(decision.created_at).date(),
                _person(decision.created_by),
                timezone.localtime(decision.closed_at).date() if decision.closed_at else None,
                _person(decision.closed_by),
                tally.get("eligible") if counted else None,
                tally.get("for") if counted else None,
                tally.get("against") if counted else None,
                tally.get("abstain") if counted else None,
                _votes_text(tally),
                decision.rationale,
                line.corrects.reference if line.corrects else "",
                line.superseded_by.reference if line.superseded_by else "",
            ]
        )
    return rows
