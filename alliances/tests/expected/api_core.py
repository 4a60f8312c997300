"""The API's own pages, its directory endpoints and the account's API tokens.

The OpenAPI document and its interactive documentation are public. API routes are walked like
pages: the personas are signed in through the session (the site's own pages use the API that
way), so anonymous callers get 401; tokens are tested in the API's own tests. Territories,
the directory and open calls are read by any signed-in caller; the walk's organisation and
call are public. A token is revoked only by its owner (the lead's admin); anyone else is told
it does not exist.
"""

from alliances.tests.expected import ORG, S

EVERYONE = S(200, 200, 200, 200, 200, 200)
SIGNED_IN = S(401, 200, 200, 200, 200, 200)

EXPECTED: dict = {
    "api:openapi-json": ("get", (), EVERYONE),
    "api:openapi-view": ("get", (), EVERYONE),
    "api:api-root": ("get", (), S(404, 404, 404, 404, 404, 404)),
    "api:me": ("get", (), SIGNED_IN),
    # A session carries no token to revoke (400); tokens revoke themselves.
    "api:me_token_revoke": ("delete", (), S(401, 400, 400, 400, 400, 400)),
    "api:territory_list": ("get", (), SIGNED_IN),
    "api:territory_detail": ("get", ("kind", "code"), SIGNED_IN),
    "api:organisation_list": ("get", (), SIGNED_IN),
    "api:organisation_search": ("get", (), SIGNED_IN),
    "api:organisation_detail": ("get", ORG, SIGNED_IN),
    "api:call_list": ("get", (), SIGNED_IN),
    "api:call_mine": ("get", (), SIGNED_IN),
    "api:call_detail": ("get", ("call_uuid",), SIGNED_IN),
    # The account's tokens
    "accounts:tokens": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "accounts:token_history": ("get", (), S(302, 200, 200, 200, 200, 200)),
    "accounts:token_revoke": ("post", ("token_uuid",), S(302, 404, 404, 404, 302, 404)),
}
