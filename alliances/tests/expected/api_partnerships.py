"""The partnership endpoints of the API: partnerships, parties, contributions, assessments,
the agreement, meetings and decisions, indicators and values, surveys and their responses.

Walked like pages, signed in through the session. Nobody signed in gets 401; an outsider, and
staff (member of nothing), get 404 for anything inside the partnership; members read. Writes
check access first, then refuse the empty body (422): contributions and survey responses for
editors and administrators of any party (persona `partner` included); the agreement's approval
for administrators; values for the party responsible for the indicator only (the company,
persona `partner`), so the lead's members get 403 there.
"""

from alliances.tests.expected import PARTNERSHIP, S

EVERYONE_SIGNED_IN = S(401, 200, 200, 200, 200, 200, 200)
MEMBERS = S(401, 404, 200, 200, 200, 404, 200)
EDITORS_POST = S(401, 404, 403, 422, 422, 404, 422)
ADMINS_POST = S(401, 404, 403, 403, 422, 404, 422)
RESPONSIBLE_POST = S(401, 404, 403, 403, 403, 404, 422)

VERSION = PARTNERSHIP + ("number",)
MEETING = PARTNERSHIP + ("meeting_uuid",)
DECISION = PARTNERSHIP + ("decision_uuid",)
INDICATOR = PARTNERSHIP + ("indicator_uuid",)
SURVEY = PARTNERSHIP + ("survey_uuid",)

EXPECTED: dict = {
    "api:partnership_list": ("get", (), EVERYONE_SIGNED_IN),
    "api:partnership_detail": ("get", PARTNERSHIP, MEMBERS),
    "api:party_list": ("get", PARTNERSHIP, MEMBERS),
    "api:contribution_list": ("get", PARTNERSHIP, MEMBERS),
    "api:contribution_create": ("post", PARTNERSHIP, EDITORS_POST),
    "api:assessment_list": ("get", PARTNERSHIP, MEMBERS),
    # Agreement
    "api:agreement_versions": ("get", PARTNERSHIP, MEMBERS),
    "api:agreement_version": ("get", VERSION, MEMBERS),
    "api:agreement_approve": ("post", VERSION, ADMINS_POST),
    # Governance (conflicts are not in the API)
    "api:meeting_list": ("get", PARTNERSHIP, MEMBERS),
    "api:meeting_detail": ("get", MEETING, MEMBERS),
    "api:decision_list": ("get", PARTNERSHIP, MEMBERS),
    "api:decision_detail": ("get", DECISION, MEMBERS),
    # Indicators and values
    "api:indicator_list": ("get", PARTNERSHIP, MEMBERS),
    "api:indicator_detail": ("get", INDICATOR, MEMBERS),
    "api:value_list": ("get", INDICATOR, MEMBERS),
    "api:value_submit": ("post", INDICATOR, RESPONSIBLE_POST),
    # Surveys
    "api:survey_list": ("get", PARTNERSHIP, MEMBERS),
    "api:survey_detail": ("get", SURVEY, MEMBERS),
    "api:response_create": ("post", SURVEY, EDITORS_POST),
}
