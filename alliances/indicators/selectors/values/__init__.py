"""Reads of indicator values: which periods an indicator reports, where each stands in the
review workflow, what concerns the reader, and the reporting schedule.

An indicator reports once per period of its frequency, from its first period (its own start,
else the partnership's, else the first of January of the year it was created) to the
partnership's end (or today). Its values are entered by its responsible party, or by the
coordinator when it has none.
"""

from alliances.indicators.selectors.values.indicators import (
    FREQUENCY_ORDER,
    OPEN_STATUSES,
    Group,
    PeriodStatus,
    active_parties_in_partnership,
    entering_party,
    first_period,
    indicator_groups,
    indicator_in_partnership,
    indicator_periods,
    indicators_in_partnership,
    is_indicator_period,
    may_enter,
    period_deadline,
    period_status,
    status_label,
)
from alliances.indicators.selectors.values.page import (
    EntryState,
    IndicatorRow,
    Pending,
    ValuesPage,
    value_entry_in_partnership,
    values_page_in_partnership,
)
from alliances.indicators.selectors.values.schedule import (
    ScheduleItem,
    may_unlock,
    reporting_schedule_in_partnership,
    values_for_export_in_partnership,
)

__all__ = [
    "EntryState",
    "FREQUENCY_ORDER",
    "Group",
    "IndicatorRow",
    "OPEN_STATUSES",
    "Pending",
    "PeriodStatus",
    "ScheduleItem",
    "ValuesPage",
    "active_parties_in_partnership",
    "entering_party",
    "first_period",
    "indicator_groups",
    "indicator_in_partnership",
    "indicator_periods",
    "indicators_in_partnership",
    "is_indicator_period",
    "may_enter",
    "may_unlock",
    "period_deadline",
    "period_status",
    "reporting_schedule_in_partnership",
    "status_label",
    "value_entry_in_partnership",
    "values_for_export_in_partnership",
    "values_page_in_partnership",
]
