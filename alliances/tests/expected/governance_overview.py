"""The governance tab's first page: every member of every party reads it."""

from alliances.tests.expected import PARTNERSHIP, S

EXPECTED: dict = {
    "governance:overview": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
}
