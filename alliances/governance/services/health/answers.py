"""Answers to a health check, and the follow-up of the concerns its results show.

A person's participation (so they answer once) and their ratings are stored apart; the ratings
carry only a random sheet key. Results are read through `anonymity` only."""

import secrets
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.anonymity import KIND_OVERALL, KIND_PARTY, OVERALL
from alliances.governance.models import (
    Concern,
    Dimension,
    HealthCheckParticipation,
    HealthCheckRating,
    HealthCheckRound,
    Rating,
    RoundStatus,
)
from alliances.governance.selectors.health import round_results_for_round
from alliances.governance.selectors.meetings import next_meeting_in_partnership
from alliances.governance.services.actions import action_create
from alliances.governance.services.common import ensure_active_party, ensure_partnership_open
from alliances.governance.services.meetings import agenda_item_add
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Party
from alliances.partnerships.services.activity import activity_record

COMMENT_MAX = 2000
FOLLOW_UP_KINDS = ("action", "agenda")


# Answers


def _clean_ratings(ratings: dict) -> dict[str, tuple[str, str]]:
    errors = {}
    cleaned = {}
    unknown = set(ratings) - set(Dimension.values)
    if unknown:
        raise ValidationError(_("Unknown question in the answers."), code="unknown_dimension")
    for dimension in Dimension.values:
        rating, comment = ratings.get(dimension, ("", ""))
        comment = (comment or "").strip()
        if rating not in Rating.values:
            errors[dimension] = _("Choose one of the three answers for this question.")
        if len(comment) > COMMENT_MAX:
            errors[f"{dimension}_comment"] = _("Keep the comment under %(max)s characters.") % {
                "max": COMMENT_MAX
            }
        cleaned[dimension] = (rating, comment)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _already_answered() -> ValidationError:
    return ValidationError(
        _("You have already answered this health check: each person answers once. Thank you!"),
        code="already_answered",
    )


@transaction.atomic
def health_answer(
    *,
    access: PartnershipAccess,
    actor,
    round: HealthCheckRound,
    party: Party,
    ratings: dict,
    today: date | None = None,
) -> HealthCheckParticipation:
    """Record one person's answer sheet for one of their parties.

    `ratings` maps each dimension to (rating, comment); every dimension is required. The
    ratings are stored under a fresh random sheet key, with no link to the person."""
    if not access.can(Action.ANSWER_HEALTH_CHECK):
        raise PermissionDenied
    partnership = access.partnership
    if round.partnership_id != partnership.pk:
        raise PermissionDenied
    if party.pk not in {p.pk for p in access.parties_for(Action.ANSWER_HEALTH_CHECK)}:
        raise PermissionDenied(_("You may answer for your own party only."))
    ensure_partnership_open(partnership)
    ensure_active_party(partnership, party)
    today = today or timezone.localdate()
    locked = HealthCheckRound.objects.select_for_update().get(pk=round.pk)
    if locked.status != RoundStatus.OPEN or today > locked.closes_on:
        raise ValidationError(
            _("This health check is closed: answers are no longer taken."), code="round_closed"
        )
    if HealthCheckParticipation.objects.filter(round=round, user=actor).exists():
        raise _already_answered()
    cleaned = _clean_ratings(ratings)
    participation = HealthCheckParticipation(round=round, user=actor, party=party)
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError as exc:
        raise _already_answered() from exc
    sheet = secrets.token_hex(16)
    rows = [
        HealthCheckRating(
            round=round,
            party=party,
            sheet=sheet,
            dimension=dimension,
            rating=rating,
            comment=comment,
        )
        for dimension, (rating, comment) in cleaned.items()
    ]
    for row in rows:
        row.full_clean(
            exclude=["round", "party"], validate_unique=False, validate_constraints=False
        )
    HealthCheckRating.objects.bulk_create(rows)
    # No activity line: a line per answer would tell everyone who answered when, next to the
    # results. The page shows how many answered, which is all that is news.
    return participation


# Follow-up of concerns


@transaction.atomic
def concern_follow_up(
    *,
    access: PartnershipAccess,
    actor,
    round: HealthCheckRound,
    dimension: str,
    party_uuid_or_none: UUID | str | None,
    kind: str,
    title: str,
    owner_party: Party | None = None,
    owner=None,
    due_on: date | None = None,
    now: datetime | None = None,
) -> Concern:
    """Turn an amber or red result into an action, or an item of the next meeting's agenda.

    `party_uuid_or_none` names the party whose result it is, or None for the overall result.
    Only results that are shown may be followed up: a party with fewer than 3 answers has no
    result of its own."""
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    partnership = access.partnership
    if round.partnership_id != partnership.pk:
        raise PermissionDenied
    round.partnership = partnership
    ensure_partnership_open(partnership)
    if round.status != RoundStatus.CLOSED:
        raise ValidationError(
            _("Results are shown, and can be followed up, once the health check is closed."),
            code="round_open",
        )
    if kind not in FOLLOW_UP_KINDS:
        raise ValidationError(_("Choose an action or an agenda item."), code="kind")
    if dimension not in Dimension.values:
        raise ValidationError(_("Unknown question."), code="dimension")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the follow-up a title.")})
    results = round_results_for_round(round=round)
    key = str(party_uuid_or_none) if party_uuid_or_none else OVERALL
    group = results.group(key)
    if group is None or group.kind not in (KIND_PARTY, KIND_OVERALL):
        raise ValidationError(
            _("This result is not shown, so it cannot be followed up."), code="not_shown"
        )
    item = group.dimension(dimension)
    if item is None or not item.needs_attention:
        raise ValidationError(
            _("Only an amber or red result can be followed up."), code="not_a_concern"
        )
    party = None
    if group.kind == KIND_PARTY:
        party = Party.objects.get(partnership=partnership, uuid=group.key)
    meeting = None
    if kind == "agenda":
        meeting = next_meeting_in_partnership(partnership=partnership, now=now or timezone.now())
        if meeting is None:
            raise ValidationError(
                _(
                    "No steering meeting is scheduled: schedule one first, "
                    "or make this concern an action."
                ),
                code="no_meeting",
            )
    concern = Concern(
        round=round,
        dimension=dimension,
        party=party,
        level=item.level,
        score=item.score,
        created_by=actor,
    )
    concern.full_clean()
    concern.save()
    description = _(
        "Health check %(number)s: %(dimension)s, %(group)s, %(level)s (%(score)s/100)."
    ) % {
        "number": round.number,
        "dimension": Dimension(dimension).label,
        "group": group.name or _("all parties"),
        "level": Rating(item.level).label.lower(),
        "score": item.score,
    }
    if kind == "action":
        action_create(
            access=access,
            actor=actor,
            title=title,
            owner_party=owner_party or access.party_for(Action.RECORD_GOVERNANCE),
            owner=owner,
            due_on=due_on,
            description=description,
            concern=concern,
        )
    else:
        agenda_item_add(
            access=access,
            actor=actor,
            meeting=meeting,
            title=title,
            description=description,
            concern=concern,
        )
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="health.concern_followed_up",
        data={"dimension": dimension, "title": title},
    )
    return concern
