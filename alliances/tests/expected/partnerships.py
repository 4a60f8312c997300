"""Partnership pages: workspace, parties, assessments, contributions, notifications."""

from alliances.tests.expected import PARTNERSHIP, S  # noqa: F401

EXPECTED: dict = {}
