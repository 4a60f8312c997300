"""The results framework as a spreadsheet: read a sheet (XLSX or CSV) into rows, check every
row against the same rules as the form, and write the template and the export in the same
format, so that a framework round-trips. docs/framework-import.md describes the format.

Nothing here writes to the database: `services.framework.framework_import_save` does, once
the person has seen the preview.
"""

from alliances.indicators.framework_import.columns import (
    ALIASES,
    COLUMNS,
    FREQUENCY_ORDER,
    MAX_BYTES,
    MAX_ROWS,
    REQUIRED,
    TARGET_WORDS,
    VALUE_ALIASES,
    ImportFileError,
    normalise,
    parse_disaggregations,
)
from alliances.indicators.framework_import.reading import Sheet, read_sheet
from alliances.indicators.framework_import.rows import ImportPlan, RowPlan, plan_import
from alliances.indicators.framework_import.writing import (
    WORDS,
    export_workbook,
    target_header,
    template_workbook,
)

__all__ = [
    "ALIASES",
    "COLUMNS",
    "FREQUENCY_ORDER",
    "ImportFileError",
    "ImportPlan",
    "MAX_BYTES",
    "MAX_ROWS",
    "REQUIRED",
    "RowPlan",
    "Sheet",
    "TARGET_WORDS",
    "VALUE_ALIASES",
    "WORDS",
    "export_workbook",
    "normalise",
    "parse_disaggregations",
    "plan_import",
    "read_sheet",
    "target_header",
    "template_workbook",
]
