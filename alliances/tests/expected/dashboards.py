"""Dashboards, their data, the portfolio, and indicators made from survey questions."""

from alliances.tests.expected import ORG, PARTNERSHIP, S

SURVEY = PARTNERSHIP + ("survey_uuid",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)

EXPECTED: dict = {
    "indicators:dashboard": ("get", PARTNERSHIP, MEMBERS_READ),
    "indicators:dashboard_data": ("get", PARTNERSHIP, MEMBERS_READ),
    # Members of the organisation only (the walk's organisation is the lead one).
    "portfolio:dashboard": ("get", ORG, S(302, 404, 200, 200, 200, 404)),
    "portfolio:data": ("get", ORG, S(302, 404, 200, 200, 200, 404)),
    # Editors of any party shape the framework; the first step lists the questions.
    "surveys:indicator_create": ("get", SURVEY, S(302, 404, 403, 200, 200, 404, 200)),
    # The empty recomputation has nothing to refuse: it runs and goes back to the dashboard.
    "surveys:indicator_recompute": ("post", SURVEY, S(302, 404, 403, 302, 302, 404, 302)),
}
