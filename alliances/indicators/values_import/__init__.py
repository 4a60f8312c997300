"""Indicator values as spreadsheets: the template to fill in, reading it back, and the export.

The template has one row per indicator × group (the total, then each category) for a period,
with the columns below. People edit it in Excel or LibreOffice, so reading is forgiving:
XLSX or CSV, ";" or "," between fields, UTF-8 (with or without BOM) or Windows-1252, decimal
commas, dates or period labels in French or English, columns found by their header in either
language. Reading never saves anything: it says, row by row, what would change and what is
wrong (row number, column, message).
"""

from alliances.indicators.values_import.columns import (
    COLUMNS,
    MAX_ROWS,
    ImportFileError,
    column_labels,
)
from alliances.indicators.values_import.reading import read_table
from alliances.indicators.values_import.rows import ImportPreview, PreviewRow, import_preview
from alliances.indicators.values_import.writing import (
    TemplateRow,
    download_name,
    export_csv,
    export_xlsx,
    template_csv,
    template_rows,
    template_xlsx,
)

__all__ = [
    "COLUMNS",
    "ImportFileError",
    "ImportPreview",
    "MAX_ROWS",
    "PreviewRow",
    "TemplateRow",
    "column_labels",
    "download_name",
    "export_csv",
    "export_xlsx",
    "import_preview",
    "read_table",
    "template_csv",
    "template_rows",
    "template_xlsx",
]
