"""values pages."""

from alliances.tests.expected import PARTNERSHIP, S  # noqa: F401

EXPECTED: dict = {}
