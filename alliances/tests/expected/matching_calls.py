"""Calls for partners.

The walk's call is the lead organisation's open call (deadline 2026-12-31), answered by the
company (persona `partner`). Anyone reads an open call and the list of open calls, signed in
or not; the lead's editors and administrators write, publish and close its calls; its
members, viewers included, compare the answers. Publishing an open call, and closing it,
answer with a redirection to the call and a message (POSTs carry no input).
"""

from alliances.tests.expected import ORG, S

CALL = ("call_uuid",)
EVERYONE = S(200, 200, 200, 200, 200, 200, 200)
WRITERS = S(302, 404, 403, 200, 200, 404, 404)
WRITERS_POST = S(302, 404, 403, 302, 302, 404, 404)
MEMBERS = S(302, 404, 200, 200, 200, 404, 404)

EXPECTED: dict = {
    "matching:call_list": ("get", (), EVERYONE),
    "matching:call_detail": ("get", CALL, EVERYONE),
    "matching:call_create": ("get", ORG, WRITERS),
    "matching:call_edit": ("get", CALL, WRITERS),
    "matching:call_publish": ("post", CALL, WRITERS_POST),
    "matching:call_close": ("post", CALL, WRITERS_POST),
    # A public organisation's open calls are public; its members also see drafts and counts.
    "matching:organisation_calls": ("get", ORG, EVERYONE),
    "matching:call_answers": ("get", CALL, MEMBERS),
    "matching:call_answers_export": ("get", CALL, MEMBERS),
}
