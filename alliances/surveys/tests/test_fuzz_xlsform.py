"""Any file given to the XLSForm import gets a result or an XLSFormError, nothing else."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from alliances.surveys.xlsform import XLSFormError, XLSFormResult, import_xlsform

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# What a spreadsheet cell can hold: no control characters.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=15)
CELL = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "type",
            "name",
            "label",
            "label::English (en)",
            "text",
            "integer",
            "select_one yn",
            "select_multiple",
            "begin_group",
            "end_group",
            "begin_repeat",
            "calculate",
            "geopoint",
            "list_name",
            "yn",
            "relevance",
            "${q1} > 3",
            "q1",
            "form_title",
            "default_language",
        ]
    ),
    TEXT,
    st.integers(-5, 5),
)
ROWS = st.lists(st.lists(CELL, max_size=5), max_size=6)


def workbook(sheets: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def answer(data: bytes) -> None:
    try:
        result = import_xlsform(data, filename="form.xlsx", leave_out_unsupported=True)
    except XLSFormError as exc:
        assert exc.problems
    else:
        assert isinstance(result, XLSFormResult)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(data):
    answer(data)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_behind_a_zip_signature(data):
    answer(b"PK\x03\x04" + data)


@FUZZ
@given(ROWS, ROWS, st.booleans())
def test_small_workbooks_of_random_cells(survey, choices, with_settings):
    sheets = {"survey": [["type", "name", "label"], *survey], "choices": choices}
    if with_settings:
        sheets["settings"] = [["form_title", "default_language"], ["Titre", "fr"]]
    answer(workbook(sheets))


@FUZZ
@given(st.dictionaries(st.from_regex(r"[a-z]{1,10}", fullmatch=True), ROWS, min_size=1, max_size=3))
def test_workbooks_with_any_sheets(sheets):
    answer(workbook(sheets))
