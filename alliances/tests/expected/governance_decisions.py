"""Governance pages: the decision log.

The walk's decision D-001 is open to votes under consensus (50 % quorum), proposed by the
lead's administrator, who chairs the committee and represents the lead; the company's
administrator (persona `partner`) represents the company. Every party reads the log.
POSTs with an empty body fail their form (400) once access is granted.
"""

from alliances.tests.expected import PARTNERSHIP, S

DECISION = PARTNERSHIP + ("decision_uuid",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)
# Any party's editors and administrators propose decisions.
RECORDING = S(302, 404, 403, 200, 200, 404, 200)
# The proposer, and whoever closes decisions for the coordinator (its editors and admins).
PROPOSAL_OWNERS = S(302, 404, 403, 200, 200, 404, 403)

EXPECTED: dict = {
    "governance:decisions": ("get", PARTNERSHIP, MEMBERS_READ),
    "governance:decisions_export": ("get", PARTNERSHIP, MEMBERS_READ),
    "governance:decision_create": ("get", PARTNERSHIP, RECORDING),
    "governance:decision_detail": ("get", DECISION, MEMBERS_READ),
    "governance:decision_edit": ("get", DECISION, PROPOSAL_OWNERS),
    # A committee seat gives the vote: the lead's admin and the company's admin hold one.
    "governance:decision_vote": ("post", DECISION, S(302, 404, 403, 403, 400, 404, 400)),
    # The coordinator's editors and admins close; so does the chair (the lead's admin).
    "governance:decision_close": ("post", DECISION, S(302, 404, 403, 400, 400, 404, 403)),
    "governance:decision_withdraw": ("post", DECISION, S(302, 404, 403, 400, 400, 404, 403)),
}
