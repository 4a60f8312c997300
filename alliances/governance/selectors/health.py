"""Reads of the health checks, always scoped to a partnership or a round.

Ratings only ever leave this module aggregated by `anonymity.round_results`, so no page, chart,
alert or follow-up can show a group of fewer than HEALTH_MIN_GROUP people.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliances.governance.anonymity import (
    OVERALL,
    AnswerSheet,
    DimensionResult,
    GroupResult,
    PartyAnswers,
    RoundResults,
    group_parties,
    round_results,
)
from alliances.governance.models import (
    ActionItem,
    AgendaItem,
    Concern,
    Dimension,
    HealthCheckParticipation,
    HealthCheckRating,
    HealthCheckRound,
    RoundStatus,
)
from alliances.partnerships.models import Partnership, Party


def parties_by_id_in_partnership(*, partnership: Partnership) -> dict[int, Party]:
    """Every party that ever took part (a party that left keeps its answers)."""
    parties = Party.objects.filter(partnership=partnership).select_related("organisation")
    return {party.pk: party for party in parties}


def open_round_in_partnership(*, partnership: Partnership) -> HealthCheckRound | None:
    return HealthCheckRound.objects.filter(partnership=partnership, status=RoundStatus.OPEN).first()


def rounds_in_partnership(*, partnership: Partnership) -> list[HealthCheckRound]:
    """Every round, the latest first, each with `answers` (how many people answered)."""
    return list(
        HealthCheckRound.objects.filter(partnership=partnership)
        .annotate(answers=Count("participations"))
        .order_by("-number")
    )


def has_answered_round(*, round: HealthCheckRound, user) -> bool:
    return HealthCheckParticipation.objects.filter(round=round, user=user).exists()


@dataclass(frozen=True)
class AnswerCounts:
    """How many people answered an open round: the total, and per party only for the parties
    whose count may be shown (the same grouping as the results)."""

    total: int
    parties: tuple[tuple[Party, int], ...]


def answer_counts_for_round(*, round: HealthCheckRound, parties: dict[int, Party]) -> AnswerCounts:
    rows = (
        HealthCheckParticipation.objects.filter(round=round)
        .values_list("party_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_key = {str(parties[party_id].uuid): count for party_id, count in rows}
    grouping = group_parties(by_key)
    party_by_key = {str(party.uuid): party for party in parties.values()}
    return AnswerCounts(
        total=grouping.total,
        parties=tuple((party_by_key[key], by_key[key]) for key in grouping.shown),
    )


def _party_answers(rows, parties: dict[int, Party]) -> list[PartyAnswers]:
    """Rows of (party id, sheet, dimension, rating, comment) → the sheets of each party."""
    sheets: dict[int, dict[str, tuple[dict, dict]]] = defaultdict(dict)
    for party_id, sheet, dimension, rating, comment in rows:
        ratings, comments = sheets[party_id].setdefault(sheet, ({}, {}))
        ratings[dimension] = rating
        if comment:
            comments[dimension] = comment
    return [
        PartyAnswers(
            key=str(parties[party_id].uuid),
            name=str(parties[party_id]),
            sheets=[AnswerSheet(ratings=r, comments=c) for r, c in by_sheet.values()],
        )
        for party_id, by_sheet in sheets.items()
    ]


def round_results_for_round(
    *, round: HealthCheckRound, parties: dict[int, Party] | None = None
) -> RoundResults:
    """What may be shown of a round (shown or not, the caller decides whether the round is
    closed: open rounds show only their count)."""
    if parties is None:
        parties = parties_by_id_in_partnership(partnership=round.partnership)
    rows = (
        HealthCheckRating.objects.filter(round=round)
        .order_by()
        .values_list("party_id", "sheet", "dimension", "rating", "comment")
    )
    return round_results(_party_answers(rows, parties))


def previous_closed_round(*, round: HealthCheckRound) -> HealthCheckRound | None:
    return (
        HealthCheckRound.objects.filter(
            partnership_id=round.partnership_id,
            status=RoundStatus.CLOSED,
            number__lt=round.number,
        )
        .order_by("-number")
        .first()
    )


@dataclass
class TrendRow:
    round: HealthCheckRound
    label: str
    # (dimension code, DimensionResult or None) in the order of the dimensions.
    cells: list = field(default_factory=list)


@dataclass
class TrendGroup:
    key: str
    name: str
    rows: list[TrendRow] = field(default_factory=list)

    def series(self) -> list[list[int | None]]:
        """Per dimension, the score of each round (None where the group was not shown)."""
        return [
            [row.cells[index][1].score if row.cells[index][1] else None for row in self.rows]
            for index in range(len(Dimension.values))
        ]


@dataclass
class HealthTrend:
    groups: list[TrendGroup]
    selected: TrendGroup | None

    def chart_data(self) -> dict:
        dimensions = [{"code": code, "label": str(label)} for code, label in Dimension.choices]
        return {
            "labels": [row.label for row in self.selected.rows] if self.selected else [],
            "dimensions": dimensions,
            "selected": self.selected.key if self.selected else OVERALL,
            "groups": {
                group.key: {"name": group.name, "series": group.series()} for group in self.groups
            },
            "axis": _("Score (0 to 100)"),
            "roundsLabel": _("Health check"),
        }


def round_label(round: HealthCheckRound) -> str:
    return _("No. %(number)s, %(month)s") % {
        "number": round.number,
        "month": date_format(round.opens_on, "M Y"),
    }


def health_trend_in_partnership(
    *, partnership: Partnership, parties: dict[int, Party], selected: str = OVERALL
) -> HealthTrend:
    """The closed rounds in order, overall and per party for the rounds where that party was
    shown on its own. One query for every rating of every closed round."""
    rounds = list(
        HealthCheckRound.objects.filter(
            partnership=partnership, status=RoundStatus.CLOSED
        ).order_by("number")
    )
    rows_by_round: dict[int, list] = defaultdict(list)
    ratings = (
        HealthCheckRating.objects.filter(round__in=rounds)
        .order_by()
        .values_list("round_id", "party_id", "sheet", "dimension", "rating")
    )
    for round_id, party_id, sheet, dimension, rating in ratings:
        rows_by_round[round_id].append((party_id, sheet, dimension, rating, ""))
    results = [round_results(_party_answers(rows_by_round[r.pk], parties)) for r in rounds]
    names = {str(party.uuid): str(party) for party in parties.values()}
    keys = [OVERALL]
    for result in results:
        keys.extend(g.key for g in result.party_groups if g.key not in keys)
    groups = []
    for key in keys:
        name = _("All parties") if key == OVERALL else names.get(key, "")
        group = TrendGroup(key=key, name=name)
        for round, result in zip(rounds, results, strict=True):
            shown = result.group(key)
            cells = [(code, shown.dimension(code) if shown else None) for code in Dimension.values]
            group.rows.append(TrendRow(round=round, label=round_label(round), cells=cells))
        groups.append(group)
    chosen = next((g for g in groups if g.key == selected), groups[0])
    return HealthTrend(groups=groups, selected=chosen if rounds else None)


def concerns_for_round(*, round: HealthCheckRound) -> list[Concern]:
    """The concerns followed up, with the actions and agenda items that answer them."""
    return list(
        Concern.objects.filter(round=round)
        .select_related("party__organisation")
        .prefetch_related(
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_party")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting")),
        )
    )


@dataclass
class HealthPage:
    open_round: HealthCheckRound | None
    answered: bool
    counts: AnswerCounts | None
    rounds: list[HealthCheckRound]
    trend: HealthTrend


def health_page_for_user(*, access, user, selected: str = OVERALL) -> HealthPage:
    partnership = access.partnership
    parties = parties_by_id_in_partnership(partnership=partnership)
    open_round = open_round_in_partnership(partnership=partnership)
    return HealthPage(
        open_round=open_round,
        answered=bool(open_round and has_answered_round(round=open_round, user=user)),
        counts=answer_counts_for_round(round=open_round, parties=parties) if open_round else None,
        rounds=rounds_in_partnership(partnership=partnership),
        trend=health_trend_in_partnership(
            partnership=partnership, parties=parties, selected=selected
        ),
    )


@dataclass
class Attention:
    """An amber or red result that may be followed up, with the concerns already raised."""

    group: GroupResult
    item: DimensionResult
    concerns: list[Concern]

    @property
    def anchor(self) -> str:
        return f"concern-{self.item.dimension}-{self.group.key}"


@dataclass
class RoundPage:
    round: HealthCheckRound
    counts: AnswerCounts
    # None while the round is open: only the count is shown, to avoid early identification.
    results: RoundResults | None
    attention: list[Attention]

    @property
    def columns(self) -> list[GroupResult]:
        if self.results is None or self.results.overall is None:
            return []
        return [self.results.overall, *self.results.groups]

    @property
    def rows(self) -> list[tuple[str, list[DimensionResult | None]]]:
        """The results table: a row per question, a cell per group shown."""
        columns = self.columns
        return [
            (label, [group.dimension(code) for group in columns])
            for code, label in Dimension.choices
        ]

    @property
    def comments(self) -> list[tuple[GroupResult, list[tuple[str, tuple[str, ...]]]]]:
        """Comments with their group only: per group shown, or all together when only the
        overall result is shown."""
        if self.results is None or self.results.overall is None:
            return []
        groups = list(self.results.groups) or [self.results.overall]
        labels = dict(Dimension.choices)
        sections = []
        for group in groups:
            texts = [(labels[code], texts) for code, texts in group.comments]
            if texts:
                sections.append((group, texts))
        return sections


def round_page_in_partnership(*, round: HealthCheckRound) -> RoundPage:
    parties = parties_by_id_in_partnership(partnership=round.partnership)
    counts = answer_counts_for_round(round=round, parties=parties)
    if round.is_open:
        return RoundPage(round=round, counts=counts, results=None, attention=[])
    results = round_results_for_round(round=round, parties=parties)
    concerns = concerns_for_round(round=round)
    attention = []
    # The overall result and the parties shown on their own may be followed up; the merged
    # group has no party to name, and the overall result covers it.
    followable = [results.overall, *results.party_groups] if results.overall else []
    for group in followable:
        party_uuid = None if group.key == OVERALL else group.key
        for item in group.dimensions:
            if not item.needs_attention:
                continue
            raised = [
                concern
                for concern in concerns
                if concern.dimension == item.dimension
                and (str(concern.party.uuid) if concern.party else None) == party_uuid
            ]
            attention.append(Attention(group=group, item=item, concerns=raised))
    return RoundPage(round=round, counts=counts, results=results, attention=attention)
