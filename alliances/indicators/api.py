"""API endpoints of indicators (mounted by alliances.api under /partnerships): a partnership's
indicators, their values, and the entry of a period's values by the responsible party.

Figures are strings (exact decimals, up to 4 places); a disaggregated figure is named by its
group key, as `disaggregation_key` shows it ("" is the total, sent as `total`).
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import field_validator

from alliances.core.permissions import Action
from alliances.indicators.models import (
    Accumulation,
    Direction,
    Frequency,
    IndicatorSource,
    IndicatorType,
    ValueSource,
    ValueStatus,
)
from alliances.indicators.selectors import values as selectors
from alliances.indicators.services import values as services
from alliances.lib.api import ERRORS, ApiError, page_schema, paginate, require_write
from alliances.partnerships.access import access_partnership_by_uuid

router = Router(tags=["indicators"])

INDICATORS = "/{partnership_uuid}/indicators"
INDICATOR = INDICATORS + "/{indicator_uuid}"


def _text(value) -> str | None:
    return None if value is None else str(value)


class IndicatorOut(Schema):
    uuid: UUID
    title: str
    definition: str
    type: IndicatorType
    unit: str
    score_min: str | None
    score_max: str | None
    baseline_value: str | None
    baseline_date: date | None
    direction: Direction
    accumulation: Accumulation
    frequency: Frequency
    reporting_start: date | None
    disaggregations: list[dict]
    data_source: str
    source: IndicatorSource
    sdg_indicators: list[str]
    responsible_party: UUID | None
    outcome: UUID
    outcome_title: str
    objective: UUID
    objective_title: str

    @staticmethod
    def resolve_score_min(obj) -> str | None:
        return _text(obj.score_min)

    @staticmethod
    def resolve_score_max(obj) -> str | None:
        return _text(obj.score_max)

    @staticmethod
    def resolve_baseline_value(obj) -> str | None:
        return _text(obj.baseline_value)

    @staticmethod
    def resolve_responsible_party(obj) -> UUID | None:
        return obj.responsible_party.uuid if obj.responsible_party_id else None

    @staticmethod
    def resolve_outcome(obj) -> UUID:
        return obj.outcome.uuid

    @staticmethod
    def resolve_outcome_title(obj) -> str:
        return obj.outcome.title

    @staticmethod
    def resolve_objective(obj) -> UUID:
        return obj.outcome.objective.uuid

    @staticmethod
    def resolve_objective_title(obj) -> str:
        return obj.outcome.objective.title


class TargetOut(Schema):
    period_start: date
    value: str


class IndicatorDetailOut(IndicatorOut):
    targets: list[TargetOut]
    # The party that enters the values: the responsible one while it takes part, else the
    # coordinator; and whether the caller may enter them.
    entering_party: UUID | None
    can_enter: bool

    @staticmethod
    def resolve_targets(obj) -> list:
        return obj.target_list


class ValueOut(Schema):
    uuid: UUID
    period_start: date
    disaggregation: dict
    disaggregation_key: str
    # Null when nothing was entered, or when a survey had too few respondents to show it.
    value: str | None
    status: ValueStatus
    source: ValueSource
    respondents: int | None
    suppressed: bool
    party: UUID | None
    submitted_at: datetime | None
    reviewed_at: datetime | None

    @staticmethod
    def resolve_value(obj) -> str | None:
        return None if obj.suppressed else _text(obj.value)

    @staticmethod
    def resolve_party(obj) -> UUID | None:
        return obj.party.uuid if obj.party_id else None


class PeriodOut(Schema):
    indicator: UUID
    period_start: date
    status: str  # not_started, draft, submitted, returned, approved or locked
    values: list[ValueOut]
    warnings: list[str]


class ValuesIn(Schema):
    """A period's figures: the total and, for a disaggregated indicator, each group by its key
    (for example "age_group=15-24"). Submitted at once unless `submit` is false (a draft)."""

    period_start: date
    total: Decimal | None = None
    groups: dict[str, Decimal | None] = {}
    comment: str = ""
    submit: bool = True

    @field_validator("comment")
    @classmethod
    def _printable(cls, value: str) -> str:
        # PostgreSQL refuses the NUL character in text.
        if "\x00" in value:
            raise ValueError("The NUL character is not allowed.")
        return value


IndicatorPage = page_schema(IndicatorOut, "IndicatorPage")
ValuePage = page_schema(ValueOut, "ValuePage")


class PageQuery(Schema):
    cursor: str | None = None
    limit: int | None = None


class ValueFilters(Schema):
    period: date | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get(INDICATORS, response={200: IndicatorPage, **ERRORS}, url_name="indicator_list")
def indicator_list(request, partnership_uuid: UUID, page: Query[PageQuery]):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = selectors.indicators_in_partnership(partnership=access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit)
    return {"items": rows, "next_cursor": next_cursor}


@router.get(INDICATOR, response={200: IndicatorDetailOut, **ERRORS}, url_name="indicator_detail")
def indicator_detail(request, partnership_uuid: UUID, indicator_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    indicator = selectors.indicator_in_partnership(
        partnership=access.partnership, indicator_uuid=indicator_uuid
    )
    parties = selectors.active_parties_in_partnership(partnership=access.partnership)
    entering = selectors.entering_party(indicator, parties)
    indicator.target_list = [
        TargetOut(period_start=target.period_start, value=str(target.value))
        for target in indicator.targets.all()
    ]
    indicator.entering_party = entering.uuid if entering is not None else None
    indicator.can_enter = selectors.may_enter(access, indicator, parties)
    return indicator


@router.get(INDICATOR + "/values", response={200: ValuePage, **ERRORS}, url_name="value_list")
def value_list(request, partnership_uuid: UUID, indicator_uuid: UUID, filters: Query[ValueFilters]):
    """The indicator's values, every period and status, as the values pages show them to any
    member; `period` keeps one period (its first day)."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    indicator = selectors.indicator_in_partnership(
        partnership=access.partnership, indicator_uuid=indicator_uuid
    )
    query = selectors.values_for_export_in_partnership(partnership=access.partnership).filter(
        indicator=indicator
    )
    if filters.period:
        query = query.filter(period_start=filters.period)
    rows, next_cursor = paginate(query, cursor=filters.cursor, limit=filters.limit)
    return {"items": rows, "next_cursor": next_cursor}


def _figure_fields(error: ValidationError) -> dict[str, list[str]]:
    """The service names figures by group key ("" for the total): say `total` and
    `groups.<key>`, as the request does."""
    if not hasattr(error, "error_dict"):
        return {"__all__": [str(message) for message in error.messages]}
    fields = {}
    for key, messages in error.message_dict.items():
        if key == "":
            name = "total"
        elif key in {"comment", "__all__"}:
            name = key
        else:
            name = f"groups.{key}"
        fields[name] = [str(message) for message in messages]
    return fields


@router.post(INDICATOR + "/values", response={200: PeriodOut, **ERRORS}, url_name="value_submit")
def value_submit(
    request, partnership_uuid: UUID, indicator_uuid: UUID, payload: ValuesIn | None = None
):
    """Enter a period's figures for the responsible party and submit them to the coordinator
    (or keep them as a draft with `"submit": false`)."""
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.RECORD_VALUES)
    require_write(request)
    partnership = access.partnership
    indicator = selectors.indicator_in_partnership(
        partnership=partnership, indicator_uuid=indicator_uuid
    )
    parties = selectors.active_parties_in_partnership(partnership=partnership)
    if not selectors.may_enter(access, indicator, parties):
        raise PermissionDenied
    if payload is None:
        raise ApiError(
            422,
            "invalid",
            _("Send the period and its figures as a JSON object in the request body."),
            fields={"period_start": [_("This field is required.")]},
        )
    today = timezone.localdate()
    if not selectors.is_indicator_period(
        indicator, payload.period_start, partnership=partnership, today=today
    ):
        raise ApiError(
            422,
            "invalid",
            _("Some values are not valid."),
            fields={"period_start": [_("This is not one of the indicator's reporting periods.")]},
        )
    figures = services.Figures(
        values={"": payload.total, **payload.groups}, comment=payload.comment
    )
    try:
        outcome = services.values_save(
            indicator=indicator,
            period_start=payload.period_start,
            actor=request.user,
            figures=figures,
            submit=payload.submit,
        )
    except ValidationError as error:
        raise ApiError(
            422, "invalid", _("Some values are not valid."), fields=_figure_fields(error)
        ) from error
    state = selectors.value_entry_in_partnership(
        partnership=partnership, indicator=indicator, period_start=payload.period_start
    )
    return {
        "indicator": indicator.uuid,
        "period_start": payload.period_start,
        "status": state.status,
        "values": list(state.values.values()),
        "warnings": [str(warning) for warning in outcome.warnings],
    }
