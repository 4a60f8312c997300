"""Indicator values: entry, submission, review, and locking of approved periods.

The party responsible for an indicator (the coordinator when there is none) enters its values
for a period: the total and each category of each dimension. It saves drafts, then submits;
the coordinator's editors approve or return the whole indicator-period at once, with a message
when they return it. An approved period can be locked: from then on nothing changes it, until
an administrator of the coordinator unlocks it, giving a reason.

Every write locks the indicator row first, so that an entry, a review and a lock of the same
indicator never interleave.
"""

# The values views read the source of an entry as `services.ValueSource`.
from alliances.indicators.models import ValueSource
from alliances.indicators.services.values.entry import (
    EntriesError,
    Entry,
    values_save,
    values_save_many,
)
from alliances.indicators.services.values.review import period_lock, period_unlock, values_review
from alliances.indicators.services.values.rules import (
    FOUR_DECIMALS,
    MAX_FIGURE,
    Figures,
    SaveOutcome,
    entry_url,
    figure_error,
    sum_warnings,
)

__all__ = [
    "EntriesError",
    "Entry",
    "FOUR_DECIMALS",
    "Figures",
    "MAX_FIGURE",
    "SaveOutcome",
    "ValueSource",
    "entry_url",
    "figure_error",
    "period_lock",
    "period_unlock",
    "sum_warnings",
    "values_review",
    "values_save",
    "values_save_many",
]
