"""The public survey links: the same answer for everyone, logged in or not."""

from alliances.tests.expected import S

TOKEN = ("public_token",)

EXPECTED: dict = {
    "collect:form": ("get", TOKEN, S(200, 200, 200, 200, 200, 200, 200)),
    # An empty body is not a questionnaire.
    "collect:submit": ("post", TOKEN, S(400, 400, 400, 400, 400, 400, 400)),
    "collect:service_worker": ("get", TOKEN, S(200, 200, 200, 200, 200, 200, 200)),
}
