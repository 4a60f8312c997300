"""What a funder report says about one partnership over one period, assembled in one place.

Every renderer (PDF, DOCX, XLSX) reads the same `ReportContent`, so the three files never
disagree and the confidentiality rules are applied once, here:
- indicator figures are approved values only (survey computations are written approved);
- no figure resting on fewer respondents than the small-cell threshold is ever shown
  (`indicators.grouping.is_small_cell`), nor a figure the computation suppressed;
- health checks are shown only as `governance.anonymity` aggregates them (at least 3 people),
  never as individual answers.

Call it inside `translation.override(language)`: labels, dates and amounts are put into words
in the active language.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliances.governance.models import (
    ActionItem,
    ActionStatus,
    Decision,
    DecisionStatus,
    Dimension,
    HealthCheckRound,
    Meeting,
    MeetingStatus,
    Rating,
    RoundStatus,
)
from alliances.governance.selectors.health import round_label, round_results_for_round
from alliances.indicators.grouping import SMALL_CELL_THRESHOLD, is_small_cell
from alliances.indicators.models import Indicator, Target, Value, ValueStatus
from alliances.indicators.periods import period_end as indicator_period_end
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.dashboards import format_figure, status_labels
from alliances.indicators.selectors.dashboards.series import indicator_series
from alliances.partnerships.models import (
    Partnership,
    Party,
    PartyStatus,
)
from alliances.partnerships.selectors.contributions import (
    KindTotal,
    LedgerLine,
    Money,
    Rate,
    contributions_in_partnership,
    kind_totals,
    realisation,
    totals_by_kind,
)
from alliances.partnerships.selectors.ledger import ZERO
from alliances.surveys.models import Response, SurveyIndicator
from alliances.surveys.selectors.surveys import surveys_in_partnership


def day_text(day: date | datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return date_format(day, "DATE_FORMAT")


def _aware(day: date, *, end: bool = False) -> datetime:
    """The first (or last) instant of a local day, to compare with stored datetimes."""
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


# Parties


@dataclass
class PartyRow:
    name: str
    kind: str
    roles: list[str]
    status: str


def parties_in_report(*, partnership: Partnership, period_start: date) -> list[PartyRow]:
    """The parties taking part, and those that left during or after the period."""
    parties = (
        Party.objects.filter(partnership=partnership, organisation__isnull=False)
        .filter(
            Q(status=PartyStatus.ACTIVE)
            | Q(status=PartyStatus.LEFT, left_at__gte=_aware(period_start))
        )
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    return [
        PartyRow(
            name=str(party),
            kind=str(party.organisation.get_kind_display()),
            roles=party.role_labels(),
            status=str(party.get_status_display()),
        )
        for party in parties
    ]


# Contributions


@dataclass
class PartyTotal:
    name: str
    planned: Money
    actual: Money

    @property
    def rate(self) -> Rate | None:
        return realisation(self.planned.amount, self.actual.amount)


@dataclass
class ContributionSection:
    currency: str
    lines: list[LedgerLine]
    parties: list[PartyTotal]
    kinds: list[KindTotal]
    planned: Money
    actual: Money

    @property
    def rate(self) -> Rate | None:
        return realisation(self.planned.amount, self.actual.amount)


def _overlaps(line, start: date, end: date) -> bool:
    """A line counts in the period when its dates meet it; a line without dates runs over the
    whole partnership, so it counts in every period."""
    if line.period_start and line.period_start > end:
        return False
    return not (line.period_end and line.period_end < start)


def contributions_in_report(
    *, partnership: Partnership, period_start: date, period_end: date
) -> ContributionSection:
    currency = partnership.currency
    lines = [
        line
        for line in contributions_in_partnership(partnership=partnership)
        if _overlaps(line, period_start, period_end)
    ]
    party_planned: dict[int, Decimal] = defaultdict(lambda: ZERO)
    party_actual: dict[int, Decimal] = defaultdict(lambda: ZERO)
    names: dict[int, str] = {}
    for line in lines:
        names[line.party_id] = str(line.party)
        party_planned[line.party_id] += line.planned_amount
        party_actual[line.party_id] += line.actual_amount or ZERO
    planned, actual = totals_by_kind(lines)
    return ContributionSection(
        currency=currency,
        lines=[LedgerLine(line, currency) for line in lines],
        parties=[
            PartyTotal(name, Money(party_planned[pk], currency), Money(party_actual[pk], currency))
            for pk, name in names.items()
        ],
        kinds=kind_totals(planned, actual, currency),
        planned=Money(sum(planned.values(), ZERO), currency),
        actual=Money(sum(actual.values(), ZERO), currency),
    )


# Activities and decisions


@dataclass
class MeetingRow:
    title: str
    day: str
    status: str
    decisions: int


@dataclass
class DecisionRow:
    reference: str
    title: str
    status: str
    day: str
    rationale: str


@dataclass
class ActionRow:
    title: str
    party: str
    status: str
    due: str
    done: str


@dataclass
class ActivitySection:
    meetings: list[MeetingRow]
    decisions: list[DecisionRow]
    actions_done: list[ActionRow]
    actions_open: list[ActionRow]


def _action_row(action: ActionItem) -> ActionRow:
    return ActionRow(
        title=action.title,
        party=str(action.owner_party),
        status=str(action.get_status_display()),
        due=day_text(action.due_on),
        done=day_text(action.completed_at),
    )


def activities_in_report(
    *, partnership: Partnership, period_start: date, period_end: date
) -> ActivitySection:
    """Meetings held (or planned) in the period, decisions closed in it, actions completed in
    it, and the actions still open when the report is made (what remains to be done)."""
    start, end = _aware(period_start), _aware(period_end, end=True)
    meetings = (
        Meeting.objects.filter(partnership=partnership, starts_at__range=(start, end))
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(decision_count=Count("decisions"))
        .order_by("starts_at", "id")
    )
    decisions = (
        Decision.objects.filter(partnership=partnership, closed_at__range=(start, end))
        .exclude(status=DecisionStatus.WITHDRAWN)
        .order_by("number")
    )
    actions = ActionItem.objects.filter(partnership=partnership).select_related(
        "owner_party__organisation"
    )
    done = actions.filter(status=ActionStatus.DONE, completed_at__range=(start, end)).order_by(
        "completed_at", "id"
    )
    still_open = actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]).order_by(
        "due_on", "id"
    )
    return ActivitySection(
        meetings=[
            MeetingRow(
                title=meeting.title,
                day=day_text(meeting.starts_at),
                status=str(meeting.get_status_display()),
                decisions=meeting.decision_count,
            )
            for meeting in meetings
        ],
        decisions=[
            DecisionRow(
                reference=decision.reference,
                title=decision.title,
                status=str(decision.get_status_display()),
                day=day_text(decision.closed_at),
                rationale=decision.rationale,
            )
            for decision in decisions
        ],
        actions_done=[_action_row(action) for action in done],
        actions_open=[_action_row(action) for action in still_open],
    )


# Indicators


@dataclass
class PointRow:
    label: str
    start: date
    value: Decimal | None
    value_text: str
    target: Decimal | None
    target_text: str
    in_period: bool
    hidden: bool  # a figure exists but rests on too few respondents


@dataclass
class IndicatorSection:
    key: str
    title: str
    objective: str
    outcome: str
    unit: str
    baseline: Decimal | None
    baseline_text: str
    points: list[PointRow]
    status: str
    summary: str
    reason: str
    progress: int | None
    final_target_text: str
    final_target: Decimal | None

    @property
    def period_points(self) -> list[PointRow]:
        return [point for point in self.points if point.in_period]


def _hidden(value: Value) -> bool:
    return value.suppressed or value.value is None or is_small_cell(value.respondents)


def indicators_in_report(
    *, partnership: Partnership, period_start: date, period_end: date
) -> list[IndicatorSection]:
    """Each indicator's approved totals up to the end of the period, judged as the dashboard
    judges them on the period's last day."""
    indicators = list(
        Indicator.objects.filter(partnership=partnership)
        .select_related("outcome__objective")
        .order_by("outcome__objective__position", "outcome__position", "position", "id")
    )
    if not indicators:
        return []
    rows: dict[int, dict] = defaultdict(dict)
    values = Value.objects.filter(
        partnership=partnership,
        indicator__in=indicators,
        status=ValueStatus.APPROVED,
        disaggregation_key="",
        period_start__lte=period_end,
    ).order_by()
    for value in values:
        if _hidden(value):
            rows[value.indicator_id][value.period_start] = (None, None, True)
        else:
            rows[value.indicator_id][value.period_start] = (
                value.value,
                value.respondents,
                False,
            )
    targets: dict[int, dict] = defaultdict(dict)
    for indicator_id, start, target in Target.objects.filter(indicator__in=indicators).values_list(
        "indicator_id", "period_start", "value"
    ):
        targets[indicator_id][start] = target
    labels = status_labels()
    sections = []
    for indicator in indicators:
        indicator.partnership = partnership
        series = indicator_series(
            indicator, rows.get(indicator.pk, {}), targets.get(indicator.pk, {}), period_end
        )
        points = []
        for point in series.points:
            if point.start > period_end:
                continue
            ends = indicator_period_end(point.start, indicator.frequency)
            points.append(
                PointRow(
                    label=point.label,
                    start=point.start,
                    value=point.value,
                    value_text=point.value_text,
                    target=point.target,
                    target_text=point.target_text,
                    in_period=ends >= period_start,
                    hidden=point.suppressed,
                )
            )
        final = series.final_target
        sections.append(
            IndicatorSection(
                key=str(indicator.uuid),
                title=indicator.title,
                objective=indicator.outcome.objective.title,
                outcome=indicator.outcome.title,
                unit=indicator.unit,
                baseline=indicator.baseline_value,
                baseline_text=format_figure(indicator.baseline_value, indicator),
                points=points,
                status=str(labels[series.status]),
                summary=series.summary,
                reason=series.reason,
                progress=series.progress,
                final_target_text=final.value_text if final else "",
                final_target=final.value if final else None,
            )
        )
    return sections


# Surveys


@dataclass
class BreakdownCell:
    group: str
    value_text: str  # "" when hidden


@dataclass
class SurveyFigure:
    indicator: str
    period: str
    value_text: str  # "" when hidden
    respondents: int | None
    breakdown: list[BreakdownCell]
    hidden_groups: int


@dataclass
class SurveyHighlight:
    title: str
    responses: int | None  # None: fewer than the threshold, not shown as a number
    figures: list[SurveyFigure]

    @property
    def responses_text(self) -> str:
        if self.responses is None:
            return _("fewer than %(count)s") % {"count": SMALL_CELL_THRESHOLD}
        return str(self.responses)


def _group_label(groups: dict) -> str:
    return ", ".join(str(category) for _name, category in sorted(groups.items()))


def surveys_in_report(
    *, partnership: Partnership, period_start: date, period_end: date
) -> list[SurveyHighlight]:
    """Per survey: the responses collected in the period, and for each indicator it feeds the
    latest figure of the period with its breakdown. A group of fewer respondents than the
    threshold is counted as hidden, never shown."""
    surveys = list(surveys_in_partnership(partnership=partnership))
    if not surveys:
        return []
    counts = dict(
        Response.objects.filter(survey__in=surveys, collected_on__range=(period_start, period_end))
        .values_list("survey_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    links = defaultdict(list)
    for link in SurveyIndicator.objects.filter(survey__in=surveys).select_related("indicator"):
        links[link.survey_id].append(link)
    values = defaultdict(list)
    indicator_ids = [link.indicator_id for group in links.values() for link in group]
    for value in Value.objects.filter(
        indicator_id__in=indicator_ids,
        status=ValueStatus.APPROVED,
        period_start__range=(period_start, period_end),
    ).order_by("period_start", "disaggregation_key"):
        values[value.indicator_id].append(value)
    highlights = []
    for survey in surveys:
        count = counts.get(survey.pk, 0)
        figures = []
        for link in links.get(survey.pk, []):
            indicator = link.indicator
            totals = [v for v in values[indicator.pk] if v.disaggregation_key == ""]
            if not totals:
                continue
            latest = totals[-1]
            cells, hidden_groups = [], 0
            for value in values[indicator.pk]:
                if value.period_start != latest.period_start or not value.disaggregation_key:
                    continue
                if _hidden(value):
                    hidden_groups += 1
                    continue
                cells.append(
                    BreakdownCell(
                        _group_label(value.disaggregation), format_figure(value.value, indicator)
                    )
                )
            hidden = _hidden(latest)
            figures.append(
                SurveyFigure(
                    indicator=indicator.title,
                    period=period_label(latest.period_start, indicator.frequency),
                    value_text="" if hidden else format_figure(latest.value, indicator),
                    respondents=None if hidden else latest.respondents,
                    breakdown=cells,
                    hidden_groups=hidden_groups,
                )
            )
        highlights.append(
            SurveyHighlight(
                title=survey.title,
                responses=None if 0 < count < SMALL_CELL_THRESHOLD else count,
                figures=figures,
            )
        )
    return highlights


# Health checks


@dataclass
class HealthColumn:
    name: str
    respondents: int
    score: int | None


@dataclass
class HealthCell:
    score: int | None
    level: str

    def __str__(self) -> str:
        return "" if self.score is None else f"{self.score} ({self.level})"


@dataclass
class HealthRow:
    dimension: str
    cells: list[HealthCell]  # one per column


@dataclass
class HealthSummary:
    round_label: str
    closes_on: str
    respondents: int
    shown: bool
    columns: list[HealthColumn] = field(default_factory=list)
    rows: list[HealthRow] = field(default_factory=list)
    overall_score: int | None = None
    overall_level: str = ""


def _level_label(level: str | None) -> str:
    return str(dict(Rating.choices).get(level, "")) if level else ""


def health_in_report(*, partnership: Partnership, period_end: date) -> HealthSummary | None:
    """The last health check closed by the end of the period, aggregated only: nothing when
    fewer than 3 people answered, parties on their own only with 3 answers or more."""
    round = (
        HealthCheckRound.objects.filter(
            partnership=partnership, status=RoundStatus.CLOSED, closes_on__lte=period_end
        )
        .order_by("-number")
        .first()
    )
    if round is None:
        return None
    round.partnership = partnership
    results = round_results_for_round(round=round)
    summary = HealthSummary(
        round_label=round_label(round),
        closes_on=day_text(round.closes_on),
        respondents=results.respondents,
        shown=results.shown,
    )
    if not results.shown:
        return summary
    groups = [results.overall, *results.groups]
    for group in groups:
        name = group.name or (_("All parties") if group.key == "overall" else _("Other parties"))
        summary.columns.append(HealthColumn(name, group.respondents, group.score))
    for code, label in Dimension.choices:
        cells = []
        for group in groups:
            item = group.dimension(code)
            if item is None or item.score is None:
                cells.append(HealthCell(None, ""))
            else:
                cells.append(HealthCell(item.score, _level_label(item.level)))
        summary.rows.append(HealthRow(str(label), cells))
    summary.overall_score = results.overall.score
    summary.overall_level = _level_label(results.overall.level)
    return summary


# The whole report


@dataclass
class ReportContent:
    partnership: Partnership
    title: str
    period_start: date
    period_end: date
    period_text: str
    generated_on: str
    purpose: str
    parties: list[PartyRow]
    contributions: ContributionSection
    activities: ActivitySection
    indicators: list[IndicatorSection]
    surveys: list[SurveyHighlight]
    health: HealthSummary | None
    next_steps: str

    @property
    def small_cell_threshold(self) -> int:
        return SMALL_CELL_THRESHOLD


def report_content_in_partnership(
    *,
    partnership: Partnership,
    title: str,
    period_start: date,
    period_end: date,
    next_steps: str = "",
) -> ReportContent:
    period = {"period_start": period_start, "period_end": period_end}
    return ReportContent(
        partnership=partnership,
        title=title,
        period_start=period_start,
        period_end=period_end,
        period_text=_("From %(start)s to %(end)s")
        % {"start": day_text(period_start), "end": day_text(period_end)},
        generated_on=day_text(timezone.localdate()),
        purpose=partnership.purpose,
        parties=parties_in_report(partnership=partnership, period_start=period_start),
        contributions=contributions_in_report(partnership=partnership, **period),
        activities=activities_in_report(partnership=partnership, **period),
        indicators=indicators_in_report(partnership=partnership, **period),
        surveys=surveys_in_report(partnership=partnership, **period),
        health=health_in_report(partnership=partnership, period_end=period_end),
        next_steps=next_steps,
    )
