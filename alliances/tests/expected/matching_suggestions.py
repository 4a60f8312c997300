"""Finding partners: suggestions (for the lead organisation, its call and its partnership),
saving and setting them aside, introductions and the consortium builder.

The candidate is the walk's commune. Suggestions are for the members of the organisation
they are computed for; any member of the partnership reads the partnership's. Saving,
setting aside and writing need `FIND_PARTNERS` (editors and administrators). POSTs carry an
empty body: saving needs nothing more, nothing is there to restore (both come back to the
list), and setting aside without a reason is refused (400).
"""

from alliances.tests.expected import ORG, PARTNERSHIP, S

CANDIDATE = ORG + ("candidate_uuid",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 404)
FINDING = S(302, 404, 403, 200, 200, 404, 404)

EXPECTED: dict = {
    "matching:organisation_suggestions": ("get", ORG, MEMBERS_READ),
    "matching:saved_suggestions": ("get", ORG, MEMBERS_READ),
    "matching:suggestion_save": ("post", CANDIDATE, S(302, 404, 403, 302, 302, 404, 404)),
    "matching:suggestion_dismiss": ("post", CANDIDATE, S(302, 404, 403, 400, 400, 404, 404)),
    "matching:suggestion_restore": ("post", CANDIDATE, S(302, 404, 403, 302, 302, 404, 404)),
    # The call is public, its suggestions are not: the answering company gets 404 too.
    "matching:call_suggestions": ("get", ("call_uuid",), MEMBERS_READ),
    "matching:partnership_suggestions": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "matching:introduction_create": ("get", CANDIDATE, FINDING),
    "matching:consortium": ("get", ORG, MEMBERS_READ),
}
