"""The API's own pages and the account's API tokens.

The OpenAPI document and its interactive documentation are public. API routes are walked like
pages: the personas are signed in through the session (the site's own pages use the API that
way); tokens are tested in the API's own tests.
"""

from alliances.tests.expected import S

EVERYONE = S(200, 200, 200, 200, 200, 200)

EXPECTED: dict = {
    "api:openapi-json": ("get", (), EVERYONE),
    "api:openapi-view": ("get", (), EVERYONE),
    "api:api-root": ("get", (), S(404, 404, 404, 404, 404, 404)),
}
