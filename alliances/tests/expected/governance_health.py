"""Governance pages: health checks and the governance settings.

The walk's round (number 1) is open: every member may answer it and see how many answered;
its results are not shown yet. Starting a round and closing one are for the coordinator's
editors and administrators; following a concern up is for editors and administrators of any
party.
"""

from alliances.tests.expected import PARTNERSHIP, S

ROUND = PARTNERSHIP + ("round_uuid",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)

EXPECTED: dict = {
    "governance:health": ("get", PARTNERSHIP, MEMBERS_READ),
    # An empty POST is a complete request: the round opens (or, as here where one is already
    # open, the page comes back with the reason), hence 302.
    "governance:health_start": ("post", PARTNERSHIP, S(302, 404, 403, 302, 302, 404, 403)),
    "governance:health_round": ("get", ROUND, MEMBERS_READ),
    "governance:health_answer": ("get", ROUND, MEMBERS_READ),
    # Closing has nothing to fill in either: the round closes and its results page follows.
    "governance:health_round_close": ("post", ROUND, S(302, 404, 403, 302, 302, 404, 403)),
    "governance:health_follow_up": ("post", ROUND, S(302, 404, 403, 400, 400, 404, 400)),
    "governance:settings": ("get", PARTNERSHIP, S(302, 404, 403, 200, 200, 404, 403)),
}
