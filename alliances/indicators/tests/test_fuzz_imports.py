"""Any file given to the framework or values import gets a result or the module's
ImportFileError, nothing else."""

import io
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import Workbook

from alliances.indicators import framework_import, values_import
from alliances.indicators.tests.test_framework_base import FrameworkTestCase
from alliances.indicators.tests.test_values_setup import ValuesTestCase
from alliances.partnerships.access import access_partnership_by_uuid

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
FRAMEWORK_WORDS = st.sampled_from(
    [
        "Objective",
        "Outcome",
        "Indicator",
        "Type",
        "quantity",
        "percentage",
        "score",
        "Lowest score",
        "Highest score",
        "Baseline",
        "Baseline date",
        "31/02/2025",
        "Direction",
        "higher",
        "Frequency",
        "quarterly",
        "Disaggregations",
        "Genre: f, m | Quartier: a",
        "Target 2026",
        "Target 2026-Q5",
        "Responsible party",
        "SDG indicators",
        "99.9.9",
        "1e999",
        "-0",
        "NaN",
    ]
)
VALUES_WORDS = st.sampled_from(
    [
        "Indicator",
        "Indicator id",
        "Period",
        "Group",
        "Value",
        "Comment",
        "Élèves accompagnés",
        "Q1 2026",
        "Q9 2026",
        "2026-01-01",
        "31/02/2026",
        "Genre=f",
        "gender=x",
        "12,5",
        "1e999",
        "NaN",
        "-",
        "00000000-0000-0000-0000-000000000000",
    ]
)
FRAMEWORK_CELL = st.one_of(st.none(), FRAMEWORK_WORDS, TEXT, st.integers(), st.floats())
VALUES_CELL = st.one_of(st.none(), VALUES_WORDS, TEXT, st.integers(), st.floats())


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_bytes(rows, delimiter=";") -> bytes:
    lines = (delimiter.join(str(cell if cell is not None else "") for cell in r) for r in rows)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def table(cell):
    return st.lists(st.lists(cell, max_size=8), max_size=6)


class FrameworkImportFuzzTests(HypothesisTestCase, FrameworkTestCase):
    def answer(self, content: bytes, filename: str):
        try:
            sheet = framework_import.read_sheet(content, filename=filename)
        except framework_import.ImportFileError as exc:
            self.assertTrue(str(exc))
            return
        framework_import.plan_import(sheet, partnership=self.partnership)

    @FUZZ
    @given(st.binary(max_size=300))
    # A UTF-16 byte-order mark followed by a truncated character, found by this test.
    @example(b"\xfe\xff\x00a\x00")
    def test_random_bytes(self, content):
        self.answer(content, "cadre.csv")
        self.answer(b"PK\x03\x04" + content, "cadre.xlsx")

    @FUZZ
    @given(table(FRAMEWORK_CELL), st.sampled_from([";", ",", "\t"]))
    def test_csv_files_of_random_cells(self, rows, delimiter):
        self.answer(csv_bytes([["Objective", "Outcome", "Indicator"], *rows], delimiter), "c.csv")

    @FUZZ
    @given(table(FRAMEWORK_CELL))
    def test_workbooks_of_random_cells(self, rows):
        self.answer(xlsx([["Objective", "Outcome", "Indicator", "Type"], *rows]), "c.xlsx")


class ValuesImportFuzzTests(HypothesisTestCase, ValuesTestCase):
    def answer(self, content: bytes, filename: str):
        access = access_partnership_by_uuid(self.company_editor, self.partnership.uuid)
        try:
            values_import.import_preview(
                partnership=self.partnership,
                access=access,
                content=content,
                filename=filename,
                today=date(2026, 6, 1),
            )
        except values_import.ImportFileError as exc:
            self.assertTrue(str(exc))

    @FUZZ
    @given(st.binary(max_size=300))
    def test_random_bytes(self, content):
        self.answer(content, "valeurs.csv")
        self.answer(b"PK\x03\x04" + content, "valeurs.xlsx")

    @FUZZ
    @given(table(VALUES_CELL))
    def test_csv_files_of_random_cells(self, rows):
        header = ["Indicator", "Indicator id", "Period", "Group", "Value", "Comment"]
        self.answer(csv_bytes([header, *rows]), "valeurs.csv")

    @FUZZ
    @given(table(VALUES_CELL))
    def test_workbooks_of_random_cells(self, rows):
        header = ["Indicator", "Indicator id", "Period", "Group", "Value", "Comment"]
        self.answer(xlsx([header, *rows]), "valeurs.xlsx")
