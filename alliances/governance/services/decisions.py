"""The decision log: proposals, votes, closing under the rule, withdrawals and corrections.

A decision fixes its rule and quorum when it is proposed, so votes are counted under the terms
that were announced. A closed decision is never changed: a correction is a new decision that
names the one it corrects (`supersedes`) and replaces it only once adopted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
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
from alliances.governance.rules import decision_outcome, rule_in_force_for_partnership
from alliances.governance.selectors.decisions import CORRECTS_KEY
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.governance.services.common import ensure_active_party, ensure_partnership_open
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Partnership, Party, PartyStatus
from alliances.partnerships.services.activity import activity_record, actor_name, notify


def decision_url(decision: Decision) -> str:
    return reverse("governance:decision_detail", args=[decision.partnership.uuid, decision.uuid])


def _ensure_in_partnership(access: PartnershipAccess, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.partnership_id != access.partnership.pk:
            raise PermissionDenied


def _lock_open(decision: Decision) -> Decision:
    """The decision read again under a lock, refused unless still open: a vote and a closing
    arriving together must not both win."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.OPEN:
        raise ValidationError(
            _(
                "Decision %(reference)s is closed (%(status)s): it can no longer change. To "
                "correct it, propose a new decision that corrects it."
            )
            % {"reference": locked.reference, "status": locked.get_status_display()},
            code="decision_closed",
        )
    locked.partnership = decision.partnership
    return locked


def _is_chair(partnership: Partnership, user) -> bool:
    return CommitteeMember.objects.filter(
        partnership=partnership, user_id=getattr(user, "pk", None), is_chair=True
    ).exists()


def may_close_decisions(access: PartnershipAccess, user) -> bool:
    """The coordinator's editors and administrators, and the committee's chair."""
    return access.can(Action.CLOSE_DECISIONS) or _is_chair(access.partnership, user)


def may_change_proposal(access: PartnershipAccess, user, decision: Decision) -> bool:
    """Whoever proposed it, or someone who closes decisions for the coordinator."""
    proposer = decision.created_by_id is not None and decision.created_by_id == user.pk
    return proposer or access.can(Action.CLOSE_DECISIONS)


def _committee_people(partnership: Partnership, *, exclude=None) -> list:
    seats = CommitteeMember.objects.filter(
        partnership=partnership, party__status=PartyStatus.ACTIVE, user__is_active=True
    ).select_related("user")
    people = {seat.user_id: seat.user for seat in seats}
    if exclude is not None:
        people.pop(exclude.pk, None)
    return list(people.values())


def _check_meeting(meeting: Meeting | None) -> None:
    if meeting is not None and meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            {"meeting": _("This meeting was cancelled: choose another one, or none.")}
        )


def _check_supersedes(partnership: Partnership, target: Decision) -> None:
    if target.partnership_id != partnership.pk:
        raise PermissionDenied
    values = {"reference": target.reference}
    if target.status == DecisionStatus.OPEN:
        raise ValidationError(
            _(
                "Decision %(reference)s is still open to votes: it can be edited until the "
                "first vote, or withdrawn, but not corrected."
            )
            % values,
            code="supersedes",
        )
    if target.status == DecisionStatus.WITHDRAWN:
        raise ValidationError(
            _(
                "Decision %(reference)s was withdrawn: there is nothing to correct. Make a new "
                "proposal instead."
            )
            % values,
            code="supersedes",
        )
    existing = Decision.objects.filter(supersedes=target).first()
    if existing is None:
        return
    values["other"] = existing.reference
    if existing.status == DecisionStatus.OPEN:
        message = _(
            "Decision %(other)s already proposes a correction of %(reference)s: vote on it, or "
            "withdraw it first."
        )
    else:
        message = _(
            "Decision %(reference)s was already corrected by %(other)s: correct %(other)s instead."
        )
    raise ValidationError(message % values, code="supersedes")


def _next_number(partnership: Partnership) -> int:
    # The partnership's row is the lock: two proposals at once get consecutive numbers instead
    # of colliding on the unique constraint.
    Partnership.objects.select_for_update(no_key=True).only("pk").get(pk=partnership.pk)
    last = Decision.objects.filter(partnership=partnership).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def decision_propose(
    *,
    access: PartnershipAccess,
    actor,
    title: str,
    context: str,
    meeting: Meeting | None = None,
    supersedes: Decision | None = None,
) -> Decision:
    """Put a proposal to the vote under the rule and quorum in force; the committee is told."""
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    partnership = access.partnership
    _ensure_in_partnership(access, meeting, supersedes)
    ensure_partnership_open(partnership)
    _check_meeting(meeting)
    if supersedes is not None:
        _check_supersedes(partnership, supersedes)
    rule = rule_in_force_for_partnership(partnership)
    settings = governance_settings_for_partnership(partnership=partnership)
    decision = Decision(
        partnership=partnership,
        number=_next_number(partnership),
        title=title.strip(),
        context=context.strip(),
        rule=rule.rule,
        rule_source=rule.source,
        quorum_percent=settings.quorum_percent,
        meeting=meeting,
        supersedes=supersedes,
        created_by=actor,
    )
    decision.full_clean()
    decision.save()
    data = {"reference": decision.reference, "title": decision.title}
    audit_record(actor=actor, verb="decision.proposed", obj=decision, data=data)
    activity_record(partnership=partnership, actor=actor, verb="decision.proposed", data=data)
    notify(
        users=_committee_people(partnership, exclude=actor),
        partnership=partnership,
        verb="decision.proposed",
        url=decision_url(decision),
        data=data,
        actor=actor,
    )
    return decision


@transaction.atomic
def decision_edit(
    *,
    access: PartnershipAccess,
    actor,
    decision: Decision,
    title: str,
    context: str,
    meeting: Meeting | None = None,
) -> Decision:
    """Reword a proposal, only while nobody has voted on it yet."""
    _ensure_in_partnership(access, decision, meeting)
    if not access.can(Action.RECORD_GOVERNANCE) or not may_change_proposal(access, actor, decision):
        raise PermissionDenied
    ensure_partnership_open(access.partnership)
    locked = _lock_open(decision)
    if locked.votes.exists():
        raise ValidationError(
            _(
                "Votes have been cast on %(reference)s: it can no longer be edited, so that "
                "everyone voted on the same text. Withdraw it and make a new proposal instead."
            )
            % {"reference": locked.reference},
            code="decision_voted",
        )
    _check_meeting(meeting)
    locked.title = title.strip()
    locked.context = context.strip()
    locked.meeting = meeting
    locked.full_clean()
    locked.save(update_fields=["title", "context", "meeting", "updated_at"])
    # No feed line: nobody has voted, and the feed tells of the proposal itself.
    audit_record(
        actor=actor,
        verb="decision.edited",
        obj=locked,
        data={"reference": locked.reference, "title": locked.title},
    )
    return locked


def _voting_seat(access: PartnershipAccess, actor, party: Party) -> None:
    """The vote belongs to the party: cast by one of its people on the committee, whose role
    lets them vote for it."""
    access.party_for(Action.VOTE, party.uuid)
    seated = CommitteeMember.objects.filter(
        partnership=access.partnership, party=party, user_id=getattr(actor, "pk", None)
    ).exists()
    if not seated:
        raise PermissionDenied


@transaction.atomic
def vote_cast(
    *,
    access: PartnershipAccess,
    actor,
    decision: Decision,
    party: Party,
    choice: str,
    comment: str = "",
) -> Vote:
    """One vote per party; voting again while the decision is open replaces the vote."""
    _ensure_in_partnership(access, decision, party)
    _voting_seat(access, actor, party)
    ensure_partnership_open(access.partnership)
    locked = _lock_open(decision)
    ensure_active_party(access.partnership, party)
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose for, against or abstain.")})
    vote = Vote.objects.filter(decision=locked, party=party).first() or Vote(
        decision=locked, party=party
    )
    vote.choice = choice
    vote.comment = comment.strip()
    vote.cast_by = actor
    vote.full_clean()
    vote.save()
    data = {"reference": locked.reference, "choice": choice}
    audit_record(actor=actor, verb="decision.voted", obj=locked, data={**data, "party": str(party)})
    activity_record(
        partnership=access.partnership, actor=actor, verb="decision.voted", party=party, data=data
    )
    return vote


@transaction.atomic
def decision_close(*, access: PartnershipAccess, actor, decision: Decision, rationale: str):
    """Count the votes of the parties taking part now, under the decision's rule and quorum,
    and record the outcome with its rationale. The committee is told."""
    _ensure_in_partnership(access, decision)
    if not may_close_decisions(access, actor):
        raise PermissionDenied
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError(
            {"rationale": _("Say in a few words why the decision is taken (or not).")}
        )
    partnership = access.partnership
    ensure_partnership_open(partnership)
    locked = _lock_open(decision)
    eligible = list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    eligible_ids = {party.pk for party in eligible}
    votes = {
        vote.party_id: vote
        for vote in Vote.objects.filter(decision=locked, party_id__in=eligible_ids).select_related(
            "cast_by"
        )
    }
    counted = dict.fromkeys(VoteChoice.values, 0)
    for vote in votes.values():
        counted[vote.choice] += 1
    outcome = decision_outcome(
        rule=locked.rule,
        quorum_percent=locked.quorum_percent,
        eligible=len(eligible),
        votes_for=counted[VoteChoice.FOR],
        votes_against=counted[VoteChoice.AGAINST],
        abstentions=counted[VoteChoice.ABSTAIN],
    )
    voters = [
        {
            "party": str(party),
            "party_uuid": str(party.uuid),
            "choice": votes[party.pk].choice,
            "comment": votes[party.pk].comment,
            "by": actor_name(votes[party.pk].cast_by),
        }
        for party in eligible
        if party.pk in votes
    ]
    locked.tally = {
        "eligible": len(eligible),
        "for": counted[VoteChoice.FOR],
        "against": counted[VoteChoice.AGAINST],
        "abstain": counted[VoteChoice.ABSTAIN],
        "quorum_required": outcome.quorum_required,
        "voters": voters,
        # Named too, so the log still says who did not vote after a party is renamed or gone.
        "absent": [str(party) for party in eligible if party.pk not in votes],
    }
    fields = ["status", "rationale", "tally", "closed_by", "closed_at", "updated_at"]
    if locked.supersedes_id and not outcome.is_adopted:
        _release_correction(locked)
        fields.append("supersedes")
    locked.status = outcome.status
    locked.rationale = rationale
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=fields)
    _closed_log(access, actor, locked)
    return locked


def _release_correction(decision: Decision) -> None:
    target = decision.supersedes
    decision.tally[CORRECTS_KEY] = {"uuid": str(target.uuid), "reference": target.reference}
    decision.supersedes = None


def _closed_log(access: PartnershipAccess, actor, decision: Decision) -> None:
    data = {"reference": decision.reference, "title": decision.title, "outcome": decision.status}
    audit_record(actor=actor, verb="decision.closed", obj=decision, data=data)
    activity_record(partnership=access.partnership, actor=actor, verb="decision.closed", data=data)
    notify(
        users=_committee_people(access.partnership, exclude=actor),
        partnership=access.partnership,
        verb="decision.closed",
        url=decision_url(decision),
        data=data,
        actor=actor,
    )


@transaction.atomic
def decision_withdraw(*, access: PartnershipAccess, actor, decision: Decision, reason: str):
    """Take a proposal off the vote, saying why; it stays in the log, marked withdrawn."""
    _ensure_in_partnership(access, decision)
    if not may_change_proposal(access, actor, decision):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say in a few words why the proposal is withdrawn.")})
    ensure_partnership_open(access.partnership)
    locked = _lock_open(decision)
    fields = ["status", "rationale", "tally", "closed_by", "closed_at", "updated_at"]
    locked.tally = {}
    if locked.supersedes_id:
        _release_correction(locked)
        fields.append("supersedes")
    locked.status = DecisionStatus.WITHDRAWN
    locked.rationale = reason
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=fields)
    _closed_log(access, actor, locked)
    return locked
