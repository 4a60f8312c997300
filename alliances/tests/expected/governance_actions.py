"""Governance pages: actions, and the personal "my actions" page.

The walk's action is owned by the company's administrator (persona `partner`) for the
company's party, due on 2030-04-01. Every member reads the list; editors and administrators
of any party assign and edit actions; the owner may always move their own action's status.
POSTs with an empty body fail their form (400) once access is granted.
"""

from alliances.tests.expected import PARTNERSHIP, S

ACTION = PARTNERSHIP + ("action_uuid",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)
RECORDING = S(302, 404, 403, 200, 200, 404, 200)

EXPECTED: dict = {
    "governance:actions": ("get", PARTNERSHIP, MEMBERS_READ),
    "governance:actions_export": ("get", PARTNERSHIP, MEMBERS_READ),
    "governance:action_create": ("get", PARTNERSHIP, RECORDING),
    "governance:action_edit": ("get", ACTION, RECORDING),
    # The lead's viewer neither records governance nor owns the action; the partner owns it.
    "governance:action_status": ("post", ACTION, S(302, 404, 403, 400, 400, 404, 400)),
    # Anyone signed in has a page of their own actions, empty when they hold none.
    "me:actions": ("get", (), S(302, 200, 200, 200, 200, 200, 200)),
}
