"""Governance pages of one person (calendar feed, weekly digest) and a meeting's calendar file.

The walk's feed token and unsubscribe token are the lead administrator's; the pages they open
need no login (calendar programs and mail links carry no session), so every persona gets the
same answer.
"""

from alliances.tests.expected import PARTNERSHIP, S

EVERYONE = S(200, 200, 200, 200, 200, 200, 200)
LOGGED_IN = S(302, 200, 200, 200, 200, 200, 200)

EXPECTED: dict = {
    # Every member of every party adds a meeting to their calendar.
    "governance:meeting_ics": (
        "get",
        PARTNERSHIP + ("meeting_uuid",),
        S(302, 404, 200, 200, 200, 404, 200),
    ),
    "me:calendar": ("get", (), LOGGED_IN),
    # An empty POST is the whole request: the address stops working (none for most personas,
    # which is said in a message), then back to the calendar page.
    "me:calendar_revoke": ("post", (), S(302, 302, 302, 302, 302, 302, 302)),
    "me:calendar_feed": ("get", ("feed_token",), EVERYONE),
    "me:digest": ("get", (), LOGGED_IN),
    # GET only asks for confirmation; nothing changes until the button is pressed.
    "me:digest_unsubscribe": ("get", ("unsubscribe_token",), EVERYONE),
}
