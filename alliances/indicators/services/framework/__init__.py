"""The results framework: objectives, outcomes and indicators, created, changed, moved and
deleted by the editors of any party (the framework is shared by the partnership).

Values are evidence: an indicator that has values cannot be deleted, nor lose a category its
values were entered for, and neither can the outcome or objective that holds it. A closed
partnership is read-only. The same rules check an indicator typed in the form, picked from the
library or read from an imported sheet (`indicator_clean`).
"""

from alliances.indicators.services.framework.importing import framework_import_save
from alliances.indicators.services.framework.indicators import (
    indicator_change,
    indicator_create,
    indicator_delete,
)
from alliances.indicators.services.framework.library import indicators_create_from_library
from alliances.indicators.services.framework.objectives import (
    item_move,
    objective_change,
    objective_create,
    objective_delete,
    outcome_change,
    outcome_create,
    outcome_delete,
)
from alliances.indicators.services.framework.rules import (
    KEY_SIGNS,
    MAX_CATEGORIES,
    MAX_DIMENSIONS,
    MAX_FIGURE,
    SURVEY_FIELDS,
    IndicatorData,
    indicator_clean,
)

__all__ = [
    "IndicatorData",
    "KEY_SIGNS",
    "MAX_CATEGORIES",
    "MAX_DIMENSIONS",
    "MAX_FIGURE",
    "SURVEY_FIELDS",
    "framework_import_save",
    "indicator_change",
    "indicator_clean",
    "indicator_create",
    "indicator_delete",
    "indicators_create_from_library",
    "item_move",
    "objective_change",
    "objective_create",
    "objective_delete",
    "outcome_change",
    "outcome_create",
    "outcome_delete",
]
