"""Indicator values pages.

The walk's indicator is the company's (persona `partner`): its administrator enters it. Its
value for 2026-01-01 is submitted: the coordinator's editors and administrators review it.
POSTs with an empty body fail their form (400) once access is granted.
"""

from alliances.tests.expected import PARTNERSHIP, S

PERIOD = PARTNERSHIP + ("indicator_uuid", "period")
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)
ENTERING = S(302, 404, 403, 200, 200, 404, 200)
REVIEWING = S(302, 404, 403, 400, 400, 404, 403)

EXPECTED: dict = {
    "indicators:values": ("get", PARTNERSHIP, MEMBERS_READ),
    # The responsible party enters; the coordinator's reviewers read it to review it.
    "indicators:value_entry": ("get", PERIOD, ENTERING),
    "indicators:value_review": ("post", PERIOD, REVIEWING),
    "indicators:period_lock": ("post", PERIOD, REVIEWING),
    # Only an administrator of the coordinator unlocks, with a reason.
    "indicators:period_unlock": ("post", PERIOD, S(302, 404, 403, 403, 400, 404, 403)),
    # Anyone who may enter values for a party (the lead's editors may enter the indicators
    # the coordinator answers for, even when there is none yet).
    "indicators:values_bulk": ("get", PARTNERSHIP, ENTERING),
    "indicators:values_template": ("get", PARTNERSHIP, ENTERING),
    "indicators:values_import": ("get", PARTNERSHIP, ENTERING),
    "indicators:values_export": ("get", PARTNERSHIP, MEMBERS_READ),
}
