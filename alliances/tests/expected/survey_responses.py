"""Responses of a survey: paper entry, raw answers and exports for the people who manage
surveys (editors and administrators of any party), aggregated results for every member."""

from alliances.tests.expected import PARTNERSHIP, S

SURVEY = PARTNERSHIP + ("survey_uuid",)
RESPONSE = SURVEY + ("response_uuid",)
MANAGERS = S(302, 404, 403, 200, 200, 404, 200)
MEMBERS = S(302, 404, 200, 200, 200, 404, 200)

EXPECTED: dict = {
    "surveys:paper_entry": ("get", SURVEY, MANAGERS),
    "surveys:responses": ("get", SURVEY, MANAGERS),
    "surveys:responses_export": ("get", SURVEY, MANAGERS),
    "surveys:response": ("get", RESPONSE, MANAGERS),
    # Deleting needs a reason: the empty post is refused.
    "surveys:response_delete": ("post", RESPONSE, S(302, 404, 403, 400, 400, 404, 400)),
    "surveys:results": ("get", SURVEY, MEMBERS),
    "surveys:results_export": ("get", SURVEY, MEMBERS),
    "surveys:preview": ("get", SURVEY, MANAGERS),
}
