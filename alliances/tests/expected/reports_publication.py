"""The public impact page inside the partnership.

Every member (the company's administrator, persona `partner`, included) sees where the page
stands and its preview. The coordinator's editors and administrators propose it; each party's
administrators agree for their party or withdraw. POSTs carry no input: past the access check
they are refused with 400.
"""

from alliances.tests.expected import PARTNERSHIP, S

MEMBERS = S(302, 404, 200, 200, 200, 404, 200)
PROPOSERS_POST = S(302, 404, 403, 400, 400, 404, 403)
PARTY_ADMINS_POST = S(302, 404, 403, 403, 400, 404, 400)

EXPECTED: dict = {
    "reports:publication": ("get", PARTNERSHIP, MEMBERS),
    "reports:publication_propose": ("post", PARTNERSHIP, PROPOSERS_POST),
    "reports:publication_consent": ("post", PARTNERSHIP, PARTY_ADMINS_POST),
    "reports:publication_withdraw": ("post", PARTNERSHIP, PARTY_ADMINS_POST),
    "reports:publication_preview": ("get", PARTNERSHIP, MEMBERS),
}
