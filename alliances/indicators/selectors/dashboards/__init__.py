"""Dashboards: where each indicator stands against its targets, per partnership and across an
organisation's portfolio.

What counts: approved values, and values computed from surveys (approved when written).
Drafts, submitted and returned figures never reach a dashboard, and suppressed cells (too few
respondents) never produce a figure.

How each indicator is judged: see `series`.

Scale: the values table may hold millions of rows. Every query is scoped to the partnership
(or the portfolio's partnerships) and the indicators shown, which the (partnership,
period_start) index serves, and only totals are read except for each indicator's latest period.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    Target,
    Value,
    ValueSource,
    ValueStatus,
)
from alliances.indicators.selectors.dashboards.series import (
    Breakdown,
    Cell,
    IndicatorDashboard,
    Point,
    Status,
    StatusCounts,
    format_figure,
    indicator_series,
    status_labels,
)
from alliances.partnerships.models import Partnership, PartyStatus

__all__ = [
    "PORTFOLIO_PAGE_SIZE",
    "Breakdown",
    "Cell",
    "IndicatorDashboard",
    "PartnershipDashboard",
    "Point",
    "Portfolio",
    "PortfolioLine",
    "Status",
    "counted_values",
    "dashboard_for_partnership",
    "format_figure",
    "portfolio_for_organisation",
    "status_labels",
]


def counted_values():
    """The values a dashboard may show: approved ones and survey computations."""
    return Value.objects.filter(Q(status=ValueStatus.APPROVED) | Q(source=ValueSource.SURVEY))


@dataclass
class PartnershipDashboard(StatusCounts):
    partnership: Partnership
    indicators: list[IndicatorDashboard]

    def all_items(self) -> list:
        return self.indicators

    @property
    def alerts(self) -> list[IndicatorDashboard]:
        return [item for item in self.indicators if item.status == Status.OFF_TRACK]

    @property
    def survey_results(self) -> list[IndicatorDashboard]:
        return [item for item in self.indicators if item.is_survey and item.latest]


def _totals(indicators: list[Indicator], partnership_ids: list[int]) -> dict:
    rows: dict[int, dict] = defaultdict(dict)
    values = (
        counted_values()
        .filter(
            partnership_id__in=partnership_ids,
            indicator_id__in=[indicator.pk for indicator in indicators],
            disaggregation_key="",
        )
        .values_list("indicator_id", "period_start", "value", "respondents", "suppressed")
        .order_by()
    )
    for indicator_id, start, value, respondents, suppressed in values:
        if suppressed:
            value, respondents = None, None
        rows[indicator_id][start] = (value, respondents, suppressed)
    return rows


def _targets(indicators: list[Indicator]) -> dict:
    targets: dict[int, dict] = defaultdict(dict)
    rows = Target.objects.filter(indicator__in=indicators).values_list(
        "indicator_id", "period_start", "value"
    )
    for indicator_id, start, value in rows:
        targets[indicator_id][start] = value
    return targets


def _breakdowns(items: list[IndicatorDashboard], partnership: Partnership) -> None:
    """The latest period's groups of every indicator, in one query."""
    wanted = Q(pk__in=[])
    for item in items:
        if item.latest is not None and item.indicator.disaggregations:
            wanted |= Q(indicator_id=item.indicator.pk, period_start=item.latest.start)
    rows = defaultdict(list)
    values = (
        counted_values()
        .filter(wanted, partnership=partnership)
        .exclude(disaggregation_key="")
        .values_list("indicator_id", "disaggregation", "value", "respondents", "suppressed")
        .order_by()
    )
    for indicator_id, groups, value, respondents, suppressed in values:
        if len(groups or {}) != 1:
            continue  # crossed groups are not charted
        ((name, category),) = groups.items()
        if suppressed:
            value, respondents = None, None
        rows[(indicator_id, name)].append(Cell(str(category), value, respondents, suppressed))
    for item in items:
        for dimension in item.indicator.disaggregations or []:
            cells = rows.get((item.indicator.pk, dimension.get("name")))
            if not cells:
                continue
            order = [
                str(c.get("label", c) if isinstance(c, dict) else c)
                for c in dimension.get("categories", [])
            ]
            largest = max((abs(cell.value) for cell in cells if cell.value is not None), default=0)
            for cell in cells:
                cell.value_text = format_figure(cell.value, item.indicator)
                if largest and cell.value is not None:
                    cell.share = f"{abs(cell.value) / largest:.3f}"
            cells.sort(
                key=lambda cell: (
                    order.index(cell.category) if cell.category in order else len(order)
                )
            )
            item.breakdown.append(
                Breakdown(
                    dimension.get("name"), dimension.get("label") or dimension.get("name"), cells
                )
            )


def _indicators(partnership_ids: list[int]) -> list[Indicator]:
    return list(
        Indicator.objects.filter(partnership_id__in=partnership_ids)
        .select_related("outcome__objective", "survey_source__survey")
        .defer(
            "survey_source__survey__definition",
            "survey_source__survey__description",
            "survey_source__survey__consent_text",
        )
        .order_by(
            "partnership_id", "outcome__objective__position", "outcome__position", "position", "id"
        )
    )


def _survey_uuid(indicator: Indicator) -> str | None:
    # Reached by name: the indicators app does not import the surveys app.
    link = getattr(indicator, "survey_source", None)
    return str(link.survey.uuid) if link is not None else None


def _build(indicators, partnership_ids, today) -> list[IndicatorDashboard]:
    if not indicators:
        return []
    totals = _totals(indicators, partnership_ids)
    targets = _targets(indicators)
    items = []
    for indicator in indicators:
        item = indicator_series(
            indicator, totals.get(indicator.pk, {}), targets.get(indicator.pk, {}), today
        )
        if indicator.source == IndicatorSource.SURVEY:
            item.survey_uuid = _survey_uuid(indicator)
        items.append(item)
    return items


def dashboard_for_partnership(
    *, partnership: Partnership, today: date | None = None
) -> PartnershipDashboard:
    """Every indicator of the partnership with its series, status and latest breakdown
    (four queries whatever the number of indicators and values)."""
    today = today or timezone.localdate()
    indicators = _indicators([partnership.pk])
    for indicator in indicators:
        indicator.partnership = partnership
    items = _build(indicators, [partnership.pk], today)
    if items:
        _breakdowns(items, partnership)
    return PartnershipDashboard(partnership=partnership, indicators=items)


@dataclass
class PortfolioLine(StatusCounts):
    partnership: Partnership
    indicators: list[IndicatorDashboard]
    responses: int

    def all_items(self) -> list:
        return self.indicators


PORTFOLIO_PAGE_SIZE = 20


@dataclass
class Portfolio:
    """One page of an organisation's partnerships (all of them without pagination), with
    the counts of the whole portfolio."""

    organisation: object
    lines: list[PortfolioLine]
    on_track: int = 0
    off_track: int = 0
    no_data: int = 0
    no_target: int = 0
    responses: int = 0
    partnerships: int = 0  # in the whole portfolio
    page: int = 1
    pages: int = 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1


def _responses(partnership_ids: list[int]) -> dict[int, int]:
    # Responses belong to the surveys app, reached through the app registry, not an import.
    # Count("*"), not Count("pk"): the (survey, collected_on) index answers it alone.
    response_model = apps.get_model("surveys", "Response")
    rows = (
        response_model.objects.filter(survey__partnership_id__in=partnership_ids)
        .values_list("survey__partnership_id")
        .annotate(count=Count("*"))
        .order_by()
    )
    return dict(rows)


def portfolio_for_organisation(
    *,
    organisation,
    user,
    today: date | None = None,
    page: int | None = None,
    per_page: int = PORTFOLIO_PAGE_SIZE,
) -> Portfolio:
    """The partnerships in which the organisation takes part and the user is one of its
    members, with their indicators' statuses (five queries in all).

    With a page number: that page of `per_page` partnerships, those with an indicator off
    track first, then by title (a page past the end gives the last one). Every partnership's
    status is decided, but only the page's are put into words and figures, which is what
    grows with the portfolio. Without: every partnership, by title (the exports).
    """
    today = today or timezone.localdate()
    partnerships = list(
        Partnership.objects.filter(
            parties__organisation=organisation,
            parties__status=PartyStatus.ACTIVE,
            parties__organisation__memberships__user=user,
        )
        .distinct()
        .order_by("title", "id")
    )
    if not partnerships:
        return Portfolio(organisation=organisation, lines=[])
    ids = [partnership.pk for partnership in partnerships]
    by_id = {partnership.pk: partnership for partnership in partnerships}
    indicators = _indicators(ids)
    for indicator in indicators:
        indicator.partnership = by_id[indicator.partnership_id]
    totals = _totals(indicators, ids) if indicators else {}
    targets = _targets(indicators) if indicators else {}
    responses = _responses(ids)

    def series(indicator, formatted):
        return indicator_series(
            indicator,
            totals.get(indicator.pk, {}),
            targets.get(indicator.pk, {}),
            today,
            formatted=formatted,
        )

    portfolio = Portfolio(
        organisation=organisation,
        lines=[],
        responses=sum(responses.values()),
        partnerships=len(partnerships),
    )
    indicators_of = defaultdict(list)
    for indicator in indicators:
        indicators_of[indicator.partnership_id].append(indicator)
    if page is None:
        shown = partnerships
    else:
        off_track = defaultdict(int)
        for indicator in indicators:
            status = series(indicator, formatted=False).status
            _count(portfolio, status)
            off_track[indicator.partnership_id] += status == Status.OFF_TRACK
        partnerships.sort(key=lambda partnership: not off_track[partnership.pk])
        portfolio.pages = max(1, -(-len(partnerships) // per_page))
        portfolio.page = min(max(1, page), portfolio.pages)
        first = (portfolio.page - 1) * per_page
        shown = partnerships[first : first + per_page]
    for partnership in shown:
        items = []
        for indicator in indicators_of[partnership.pk]:
            item = series(indicator, formatted=True)
            if indicator.source == IndicatorSource.SURVEY:
                item.survey_uuid = _survey_uuid(indicator)
            if page is None:
                _count(portfolio, item.status)
            items.append(item)
        portfolio.lines.append(PortfolioLine(partnership, items, responses.get(partnership.pk, 0)))
    return portfolio


def _count(portfolio: Portfolio, status: str) -> None:
    if status in STATUS_FIELDS:
        field = STATUS_FIELDS[status]
        setattr(portfolio, field, getattr(portfolio, field) + 1)


STATUS_FIELDS = {
    Status.ON_TRACK: "on_track",
    Status.OFF_TRACK: "off_track",
    Status.NO_DATA: "no_data",
    Status.NO_TARGET: "no_target",
}
