"""Answers to calls and proposals sent without a call.

The walk's proposal is the company's answer (persona `partner`, who sent it) to the lead
organisation's open call. Members of both organisations read it; the lead's editors and
administrators score it (an empty form: 400), shortlist it, decline it and accept it (an
empty form: 400); the company's editors and administrators change or withdraw it.

Answering a call, or proposing a partnership to the lead organisation, is for the editors
and administrators of another organisation: the others are sent back to the call (or the
profile) with a message saying why, and so is the company, which has answered already.
"""

from alliances.tests.expected import ORG, S

CALL = ("call_uuid",)
PROPOSAL = ("proposal_uuid",)

EXPECTED: dict = {
    "matching:call_answer": ("get", CALL, S(302, 200, 302, 302, 302, 302, 302)),
    "matching:proposal_create": ("get", ORG, S(302, 200, 302, 302, 302, 302, 200)),
    "matching:proposal_detail": ("get", PROPOSAL, S(302, 404, 200, 200, 200, 404, 200)),
    "matching:proposal_edit": ("get", PROPOSAL, S(302, 404, 403, 403, 403, 404, 200)),
    "matching:proposal_withdraw": ("post", PROPOSAL, S(302, 404, 403, 403, 403, 404, 302)),
    "matching:proposal_score": ("post", PROPOSAL, S(302, 404, 403, 400, 400, 404, 403)),
    "matching:proposal_shortlist": ("post", PROPOSAL, S(302, 404, 403, 302, 302, 404, 403)),
    "matching:proposal_decline": ("post", PROPOSAL, S(302, 404, 403, 302, 302, 404, 403)),
    "matching:proposal_accept": ("post", PROPOSAL, S(302, 404, 403, 400, 400, 404, 403)),
    "matching:organisation_proposals": ("get", ORG, S(302, 404, 200, 200, 200, 404, 404)),
}
