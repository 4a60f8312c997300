"""Proposals: answering a call, proposing a partnership straight to an organisation, changing
or withdrawing one's proposal, and, on the receiving side, scoring, shortlisting, declining
or accepting it. Accepting creates the partnership, both organisations active in it.

The people concerned are told in the site (`notify`) and by an e-mail written for the
occasion, sent once the transaction has committed.
"""

from alliances.matching.services.proposals.common import (
    UNDECIDED,
    already_answered_message,
    people_acting_for,
    proposal_title,
    proposal_url,
)
from alliances.matching.services.proposals.deciding import (
    default_roles,
    proposal_accept,
    proposal_decline,
    proposal_score,
    proposal_shortlist,
)
from alliances.matching.services.proposals.sending import (
    has_live_answer,
    proposal_answer,
    proposal_edit,
    proposal_send,
    proposal_withdraw,
)

__all__ = [
    "UNDECIDED",
    "already_answered_message",
    "default_roles",
    "has_live_answer",
    "people_acting_for",
    "proposal_accept",
    "proposal_answer",
    "proposal_decline",
    "proposal_edit",
    "proposal_score",
    "proposal_send",
    "proposal_shortlist",
    "proposal_title",
    "proposal_url",
    "proposal_withdraw",
]
