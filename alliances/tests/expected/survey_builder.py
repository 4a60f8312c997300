"""Survey builder pages: the partnership's surveys, their settings, questions and import.

Every member reads the surveys; editors and administrators of any party build them. The walk's
survey is open, has one response and one question, "age", which that response answers.
"""

from alliances.tests.expected import PARTNERSHIP, S

SURVEY = PARTNERSHIP + ("survey_uuid",)
QUESTION = SURVEY + ("name",)
READ = S(302, 404, 200, 200, 200, 404, 200)
MANAGE = S(302, 404, 403, 200, 200, 404, 200)

EXPECTED: dict = {
    "surveys:list": ("get", PARTNERSHIP, READ),
    "surveys:create": ("get", PARTNERSHIP, MANAGE),
    "surveys:import": ("get", PARTNERSHIP, MANAGE),
    "surveys:detail": ("get", SURVEY, READ),
    "surveys:qr": ("get", SURVEY, READ),
    "surveys:edit": ("get", SURVEY, MANAGE),
    # A survey with responses is not deleted: back to its page with a message.
    "surveys:delete": ("post", SURVEY, S(302, 404, 403, 302, 302, 404, 302)),
    # Already open: back to its page with a message; closing it works.
    "surveys:open": ("post", SURVEY, S(302, 404, 403, 302, 302, 404, 302)),
    "surveys:close": ("post", SURVEY, S(302, 404, 403, 302, 302, 404, 302)),
    # Without ?type=, the page asks which type of question to add.
    "surveys:question_add": ("get", SURVEY, MANAGE),
    "surveys:question_edit": ("get", QUESTION, MANAGE),
    # "age" has an answer: the page asks for a confirmation first.
    "surveys:question_delete": ("post", QUESTION, S(302, 404, 403, 200, 200, 404, 200)),
    # No direction given.
    "surveys:question_move": ("post", QUESTION, S(302, 404, 403, 400, 400, 404, 400)),
}
