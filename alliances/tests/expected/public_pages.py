"""public_pages."""

from alliances.tests.expected import S  # noqa: F401

EXPECTED: dict = {}
