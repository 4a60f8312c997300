"""Which results of a health check may be shown, computed from the answer sheets alone.

Pure: no database, no request. The selectors feed it the sheets of a round; the result pages,
the trend chart, the alerts and the follow-ups all read its answer, so the anonymity rules
live in this one place.

The rules (HEALTH_MIN_GROUP is 3):

1. Nothing at all is shown of a round with fewer than 3 answer sheets in total.
2. A party is shown on its own only when at least 3 of its people answered.
3. Parties with 1 or 2 answers are merged into one group, "other parties", which never
   carries a party name.
4. When that merged group would hold only 1 or 2 answers, the party shown on its own with the
   fewest answers joins it, and again, until the merged group holds 3 answers or more. Without
   this, the overall result minus the parties shown would give the small group away. After it,
   every group shown holds 0 or at least 3 answers, so no sum or difference of shown groups
   can single out 1 or 2 people.
5. The merged group is shown only next to at least one party shown on its own; otherwise it
   would repeat the overall result.
6. Comments are shown with their group only, sorted alphabetically, so their order tells
   nothing about who answered first.

Scores: a rating counts green 100, amber 50, red 0 (`RATING_SCORES`); a score is the mean of
the ratings, rounded to the nearest whole point (halves up), on a 0-100 scale. The level of a
score is green at 75 or more, amber at 40 or more, red below 40.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from alliances.governance.models import HEALTH_MIN_GROUP, RATING_SCORES, Dimension, Rating

GREEN_FROM = 75
AMBER_FROM = 40

OVERALL = "overall"
OTHERS = "others"

KIND_OVERALL = "overall"
KIND_PARTY = "party"
KIND_OTHERS = "others"


def level_of(score: int | None) -> str | None:
    """The colour of a 0-100 score: green from 75, amber from 40, red below."""
    if score is None:
        return None
    if score >= GREEN_FROM:
        return Rating.GREEN
    if score >= AMBER_FROM:
        return Rating.AMBER
    return Rating.RED


def mean_score(points: Sequence[int]) -> int | None:
    """The mean of 0-100 points, rounded half up to a whole point (exact integer arithmetic)."""
    if not points:
        return None
    return (2 * sum(points) + len(points)) // (2 * len(points))


@dataclass(frozen=True)
class AnswerSheet:
    """One person's answers: a rating per dimension and, where they wrote one, a comment."""

    ratings: Mapping[str, str]
    comments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PartyAnswers:
    """The sheets answered for one party. `key` identifies the party (its public UUID)."""

    key: str
    name: str
    sheets: Sequence[AnswerSheet]


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    answers: int
    score: int | None
    level: str | None
    green: int = 0
    amber: int = 0
    red: int = 0

    @property
    def needs_attention(self) -> bool:
        return self.level in (Rating.AMBER, Rating.RED)


@dataclass(frozen=True)
class GroupResult:
    """The results of one group shown: the overall result, a party, or the merged parties.
    `name` is the party's name for a party alone, and empty otherwise."""

    key: str
    kind: str
    name: str
    respondents: int
    score: int | None
    dimensions: tuple[DimensionResult, ...]
    comments: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def level(self) -> str | None:
        return level_of(self.score)

    def dimension(self, code: str) -> DimensionResult | None:
        return next((item for item in self.dimensions if item.dimension == code), None)

    def comments_on(self, code: str) -> tuple[str, ...]:
        return next((texts for dimension, texts in self.comments if dimension == code), ())


@dataclass(frozen=True)
class RoundResults:
    respondents: int
    overall: GroupResult | None
    # Parties shown on their own (most answers first), then the merged group when shown.
    groups: tuple[GroupResult, ...]
    # Some answers are counted only in the overall result or the merged group.
    merged: bool

    @property
    def shown(self) -> bool:
        return self.overall is not None

    def group(self, key: str) -> GroupResult | None:
        if key == OVERALL:
            return self.overall
        return next((group for group in self.groups if group.key == key), None)

    @property
    def party_groups(self) -> tuple[GroupResult, ...]:
        return tuple(group for group in self.groups if group.kind == KIND_PARTY)


@dataclass(frozen=True)
class Grouping:
    """Which parties are shown alone, and how many answers the merged group holds."""

    total: int
    shown: tuple[str, ...]
    merged: tuple[str, ...]
    merged_count: int

    @property
    def overall_shown(self) -> bool:
        return self.total >= HEALTH_MIN_GROUP

    @property
    def others_shown(self) -> bool:
        return self.overall_shown and bool(self.shown) and self.merged_count > 0


def group_parties(counts: Mapping[str, int]) -> Grouping:
    """Apply rules 1 to 4 to the number of answers per party (a party key → count).

    Parties without answers are neither shown nor merged. The party moved into the merged
    group is always the one shown with the fewest answers (then by key, so the choice is
    stable)."""
    total = sum(counts.values())
    answered = {key: count for key, count in counts.items() if count > 0}
    if total < HEALTH_MIN_GROUP:
        return Grouping(total=total, shown=(), merged=tuple(sorted(answered)), merged_count=total)
    alone = sorted(
        (key for key, count in answered.items() if count >= HEALTH_MIN_GROUP),
        key=lambda key: (answered[key], key),
    )
    merged = sorted(key for key, count in answered.items() if count < HEALTH_MIN_GROUP)
    merged_count = sum(answered[key] for key in merged)
    while 0 < merged_count < HEALTH_MIN_GROUP and alone:
        smallest = alone.pop(0)
        merged.append(smallest)
        merged_count += answered[smallest]
    shown = tuple(sorted(alone, key=lambda key: (-answered[key], key)))
    return Grouping(
        total=total, shown=shown, merged=tuple(sorted(merged)), merged_count=merged_count
    )


def _group_result(
    *, key: str, kind: str, name: str, sheets: Sequence[AnswerSheet], dimensions: Sequence[str]
) -> GroupResult:
    all_points = []
    results = []
    comments = []
    for dimension in dimensions:
        ratings = [sheet.ratings[dimension] for sheet in sheets if dimension in sheet.ratings]
        points = [RATING_SCORES[rating] for rating in ratings]
        all_points.extend(points)
        score = mean_score(points)
        results.append(
            DimensionResult(
                dimension=dimension,
                answers=len(ratings),
                score=score,
                level=level_of(score),
                green=ratings.count(Rating.GREEN),
                amber=ratings.count(Rating.AMBER),
                red=ratings.count(Rating.RED),
            )
        )
        texts = [sheet.comments.get(dimension, "").strip() for sheet in sheets]
        texts = sorted((text for text in texts if text), key=lambda text: (text.casefold(), text))
        if texts:
            comments.append((dimension, tuple(texts)))
    return GroupResult(
        key=key,
        kind=kind,
        name=name,
        respondents=len(sheets),
        score=mean_score(all_points),
        dimensions=tuple(results),
        comments=tuple(comments),
    )


def round_results(
    parties: Iterable[PartyAnswers], *, dimensions: Sequence[str] | None = None
) -> RoundResults:
    """The groups of a round that may be shown, with their scores and comments."""
    dimensions = list(dimensions or Dimension.values)
    by_key: dict[str, PartyAnswers] = {}
    for party in parties:
        known = by_key.get(party.key)
        sheets = [*known.sheets, *party.sheets] if known else list(party.sheets)
        by_key[party.key] = PartyAnswers(key=party.key, name=party.name, sheets=sheets)
    grouping = group_parties({key: len(party.sheets) for key, party in by_key.items()})
    if not grouping.overall_shown:
        return RoundResults(respondents=grouping.total, overall=None, groups=(), merged=False)
    every_sheet = [sheet for party in by_key.values() for sheet in party.sheets]
    overall = _group_result(
        key=OVERALL, kind=KIND_OVERALL, name="", sheets=every_sheet, dimensions=dimensions
    )
    groups = [
        _group_result(
            key=key,
            kind=KIND_PARTY,
            name=by_key[key].name,
            sheets=by_key[key].sheets,
            dimensions=dimensions,
        )
        for key in grouping.shown
    ]
    if grouping.others_shown:
        merged_sheets = [sheet for key in grouping.merged for sheet in by_key[key].sheets]
        groups.append(
            _group_result(
                key=OTHERS, kind=KIND_OTHERS, name="", sheets=merged_sheets, dimensions=dimensions
            )
        )
    return RoundResults(
        respondents=grouping.total,
        overall=overall,
        groups=tuple(groups),
        merged=grouping.merged_count > 0,
    )
