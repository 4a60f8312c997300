"""Any row of the RNA and SIRENE files gets a Row, a skip (None) or a BadValue, nothing else;
any bytes read as a register file get records or readable rejects."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from alliances.territories.registers.batches import read_chunks
from alliances.territories.registers.engine import MissingColumns
from alliances.territories.registers.head_office import ADDRESS_COLUMNS, HeadOfficeParser
from alliances.territories.registers.head_office import REQUIRED as HEAD_OFFICE_REQUIRED
from alliances.territories.registers.reading import CsvSource
from alliances.territories.registers.rna import IMPORT_COLUMNS, WALDEC_COLUMNS, RnaParser
from alliances.territories.registers.rows import Row
from alliances.territories.registers.sirene import UNIT_COLUMNS, UnitParser
from alliances.territories.registers.values import BadValue

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Values near the edges of what the parsers expect, and plain noise.
NEAR = st.sampled_from(
    [
        "",
        " ",
        "[ND]",
        "0001-01-01",
        "2024-02-30",
        "31/12/2024",
        "99/99/9999",
        "2024-01-01T10:00:00",
        "2024-13-01T25:61:00+99:00",
        "W751000001",
        "W7510000012",
        "552100554",
        "55210055400013",
        "5521005540001X",
        "75056",
        "2A004",
        "9999",
        "5710",
        "1000",
        "A",
        "C",
        "D",
        "true",
        "TRUE",
        "O",
        "P",
        "12",
        "NN",
        "http://",
        "www.exemple.fr",
        "a@b.fr",
        "\x00",
        "é" * 300,
        "BIS",
        "RUE",
    ]
)
VALUE = st.one_of(NEAR, st.text(max_size=30))


def fields_for(width: int):
    return st.one_of(
        st.lists(VALUE, min_size=width, max_size=width),
        st.lists(VALUE, max_size=width + 2),
    )


class RegisterRowFuzzTests(TestCase):
    def answer(self, parser, fields):
        try:
            row = parser.parse(fields)
        except BadValue as exc:
            self.assertTrue(str(exc))
            return
        self.assertTrue(row is None or isinstance(row, Row))

    @FUZZ
    @given(st.sampled_from([WALDEC_COLUMNS, IMPORT_COLUMNS]), st.data())
    def test_rna_rows(self, header, data):
        parser = RnaParser()
        parser.bind(list(header))
        self.answer(parser, data.draw(fields_for(len(header))))

    @FUZZ
    @given(fields_for(len(UNIT_COLUMNS)))
    def test_sirene_unit_rows(self, fields):
        parser = UnitParser()
        parser.bind(list(UNIT_COLUMNS))
        self.answer(parser, fields)

    @FUZZ
    @given(st.data())
    def test_sirene_establishment_rows(self, data):
        header = [*HEAD_OFFICE_REQUIRED, *ADDRESS_COLUMNS]
        parser = HeadOfficeParser()
        parser.bind(header)
        self.answer(parser, data.draw(fields_for(len(header))))

    @FUZZ
    @given(st.lists(st.one_of(NEAR, st.text(max_size=12)), max_size=12))
    def test_any_header_binds_or_lists_the_missing_columns(self, header):
        for parser in (RnaParser(), UnitParser(), HeadOfficeParser()):
            try:
                parser.bind(header)
            except MissingColumns as exc:
                self.assertTrue(exc.names)


class RegisterFileFuzzTests(TestCase):
    @FUZZ
    @given(st.binary(max_size=400), st.sampled_from([";", ","]))
    def test_any_bytes_give_records_or_rejects(self, tail, delimiter):
        header = ";".join(WALDEC_COLUMNS) if delimiter == ";" else ",".join(UNIT_COLUMNS)
        parser = RnaParser() if delimiter == ";" else UnitParser()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "register.csv"
            path.write_bytes(header.encode() + b"\n" + tail)
            with CsvSource(path, delimiter=delimiter) as source:
                names = source.header()
                try:
                    parser.bind(names)
                except MissingColumns:
                    return
                for chunk in read_chunks(source, parser, 50):
                    self.assertGreaterEqual(chunk.read, chunk.rejected)
                    for line, reason, _raw in chunk.rejects:
                        self.assertGreater(line, 0)
                        self.assertTrue(reason)
