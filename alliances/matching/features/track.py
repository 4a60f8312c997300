"""What an organisation has shown on the platform: partnerships carried to evaluation, and how
its partners rate the relationship in health checks. Read in bulk, one grouped query each.

- Evaluated: partnerships in which the organisation takes part (an active party) and that
  reached the evaluation stage once (a stage change to `evaluation`; renewal and closing come
  after it).
- Health: for each such partnership, the overall score of its latest closed health-check round
  whose result may be shown (at least HEALTH_MIN_GROUP answer sheets, as on the round's page);
  the organisation's score is the mean over its partnerships that have one, on 0-100.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Sum, Value, When

from alliances.governance.models import (
    HEALTH_MIN_GROUP,
    RATING_SCORES,
    RoundStatus,
)
from alliances.partnerships.models import Party, PartyStatus, Stage, StageChange

ROUNDS = "partnership__health_rounds"
RATINGS = f"{ROUNDS}__ratings"


@dataclass(frozen=True)
class TrackRecord:
    evaluated: int = 0
    health: float | None = None  # 0 to 100


NO_TRACK_RECORD = TrackRecord()


def _active_parties(organisation_ids: Iterable[int] | None):
    parties = Party.objects.filter(status=PartyStatus.ACTIVE, organisation_id__isnull=False)
    if organisation_ids is not None:
        parties = parties.filter(organisation_id__in=list(organisation_ids))
    return parties.order_by()


def evaluated_counts(organisation_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Organisation id → partnerships carried to evaluation (only organisations with some)."""
    evaluated = StageChange.objects.filter(to_stage=Stage.EVALUATION).values("partnership_id")
    rows = (
        _active_parties(organisation_ids)
        .filter(partnership_id__in=evaluated)
        .values_list("organisation_id")
        .annotate(count=Count("partnership_id", distinct=True))
    )
    return dict(rows)


def _points():
    return Sum(
        Case(
            *(
                When(**{f"{RATINGS}__rating": rating}, then=Value(points))
                for rating, points in RATING_SCORES.items()
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def health_scores(organisation_ids: Iterable[int] | None = None) -> dict[int, float]:
    """Organisation id → mean health-check score of its partnerships (only those with one)."""
    rows = (
        _active_parties(organisation_ids)
        .filter(**{f"{ROUNDS}__status": RoundStatus.CLOSED})
        .values_list("organisation_id", "partnership_id", f"{ROUNDS}__number")
        .annotate(
            sheets=Count(f"{RATINGS}__sheet", distinct=True),
            ratings=Count(f"{RATINGS}__id"),
            points=_points(),
        )
    )
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    for organisation_id, partnership_id, number, sheets, ratings, points in rows:
        if sheets < HEALTH_MIN_GROUP or not ratings:
            continue
        # The round's overall score, rounded half up as `anonymity.mean_score` does.
        score = (2 * points + ratings) // (2 * ratings)
        key = (organisation_id, partnership_id)
        if key not in latest or latest[key][0] < number:
            latest[key] = (number, score)
    by_organisation: dict[int, list[int]] = defaultdict(list)
    for (organisation_id, _partnership_id), (_number, score) in latest.items():
        by_organisation[organisation_id].append(score)
    return {
        organisation_id: sum(scores) / len(scores)
        for organisation_id, scores in by_organisation.items()
    }


def track_records(organisation_ids: Iterable[int] | None = None) -> dict[int, TrackRecord]:
    """Organisation id → its track record, for the given organisations (None: all of them);
    organisations without any are left out (their record is NO_TRACK_RECORD)."""
    if organisation_ids is not None:
        organisation_ids = list(organisation_ids)
        if not organisation_ids:
            return {}
    evaluated = evaluated_counts(organisation_ids)
    health = health_scores(organisation_ids)
    return {
        organisation_id: TrackRecord(
            evaluated=evaluated.get(organisation_id, 0), health=health.get(organisation_id)
        )
        for organisation_id in evaluated.keys() | health.keys()
    }
