"""Any bytes given to the importer get a plan or an IatiImportError, nothing else."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from alliances.reports.iati.planning import plan_activity
from alliances.reports.iati.reading import IatiImportError, read_activities
from alliances.reports.tests.iati_base import example

SEED = example("should-pass/24-results.xml").decode()
FRAGMENTS = st.sampled_from(
    [
        "<",
        ">",
        "</iati-activity>",
        "<iati-activities version='2.03'>",
        "<!DOCTYPE x>",
        "&amp;",
        "&nope;",
        '<period-start iso-date="2013-02-30"/>',
        '<target value="1e999999"/>',
        '<baseline year="0" value="NaN"/>',
        "\x00",
        "é",
        "<![CDATA[",
    ]
)


def read(data: bytes) -> None:
    """Read and plan every activity; a clear refusal (IatiImportError) is a fine answer."""
    with contextlib.suppress(IatiImportError):
        for activity in read_activities(data):
            plan_activity(activity)


class IatiFuzzTests(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=300))
    def test_random_bytes(self, data):
        read(data)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(0, len(SEED)), st.lists(FRAGMENTS, max_size=4), st.integers(0, 200))
    def test_damaged_iati_files(self, position, fragments, cut):
        text = SEED[:position] + "".join(fragments) + SEED[position + cut :]
        read(text.encode("utf-8", "surrogatepass"))
