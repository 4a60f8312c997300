"""What an organisation did with its suggestions, read back into what it asks for.

- a dismissed candidate is never suggested to that organisation again;
- dismissed as too far: no candidate at least as far as the nearest one set aside for that
  reason comes back either (the distance kept with the feedback, else the distance between the
  two places now);
- dismissed as not the right type of organisation: no candidate of that type comes back.
Saved candidates are only flagged (`feedback_by_candidate`).
"""

from collections.abc import Iterable
from dataclasses import replace

from alliances.matching.features import PlaceBook
from alliances.matching.models import DismissReason, FeedbackState, SuggestionFeedback
from alliances.matching.ranking import Need, distance_km
from alliances.organisations.models import Organisation

# Taken off the nearest too-far distance, so that this candidate goes too (the ranking keeps
# candidates at exactly `max_km`); 10 m is far below what separates two town halls.
HAIR_KM = 0.01


def dismissed_in(*, organisation: Organisation):
    return SuggestionFeedback.objects.filter(
        organisation=organisation, state=FeedbackState.DISMISSED
    )


def need_with_feedback(need: Need, *, organisation: Organisation) -> Need:
    """`need` without what `organisation` set aside: one query, two when a candidate was
    dismissed as too far without a recorded distance."""
    rows = list(
        dismissed_in(organisation=organisation)
        .order_by()
        .values_list(
            "candidate_id",
            "reason",
            "distance_km",
            "candidate__kind",
            "candidate__commune_id",
            "candidate__commune_code",
            "candidate__territory_id",
            named=True,
        )
    )
    if not rows:
        return need
    exclude = set(need.exclude)
    kinds = set(need.exclude_kinds)
    too_far = []
    unmeasured = []
    for row in rows:
        exclude.add(row.candidate_id)
        if row.reason == DismissReason.WRONG_KIND and row.candidate__kind:
            kinds.add(row.candidate__kind)
        elif row.reason == DismissReason.TOO_FAR:
            if row.distance_km is not None:
                too_far.append(row.distance_km)
            else:
                unmeasured.append(row)
    if unmeasured and need.place.has_point:
        too_far.extend(_distances_now(need, unmeasured))
    max_km = need.max_km
    if too_far:
        limit = max(0.0, min(too_far) - HAIR_KM)
        max_km = limit if max_km is None else min(max_km, limit)
    return replace(need, exclude=frozenset(exclude), exclude_kinds=frozenset(kinds), max_km=max_km)


class _Row:
    """A feedback row seen as an organisation row, for `PlaceBook`."""

    __slots__ = ("commune_id", "commune_code", "territory_id")

    def __init__(self, row):
        self.commune_id = row.candidate__commune_id
        self.commune_code = row.candidate__commune_code
        self.territory_id = row.candidate__territory_id


def _distances_now(need: Need, rows) -> list[float]:
    places = [_Row(row) for row in rows]
    book = PlaceBook.for_rows(places)
    distances = (distance_km(need.place, book.place_of(place)) for place in places)
    return [distance for distance in distances if distance is not None]


def feedback_by_candidate(
    *, organisation: Organisation, ids: Iterable[int]
) -> dict[int, SuggestionFeedback]:
    """The organisation's feedback on these candidates, by candidate id: one query."""
    ids = list(ids)
    if not ids:
        return {}
    rows = SuggestionFeedback.objects.filter(organisation=organisation, candidate_id__in=ids)
    return {feedback.candidate_id: feedback for feedback in rows}


def dismissed_count(*, organisation: Organisation) -> int:
    return dismissed_in(organisation=organisation).count()
