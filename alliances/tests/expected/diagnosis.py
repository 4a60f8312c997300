"""The organisation's self-diagnosis.

The walk's self-diagnosis is the lead organisation's completed one (no earlier one to compare
with). A self-diagnosis is never public, even for a public organisation: its members read it,
viewers included; its editors and administrators start, answer and complete one. Starting
(POST, no input) opens a new draft and redirects to the questionnaire; the questionnaire and
completing a self-diagnosis that is already completed redirect to its results.
"""

from alliances.tests.expected import ORG, S

DIAGNOSIS = ORG + ("diagnosis_uuid",)
MEMBERS = S(302, 404, 200, 200, 200, 404)
WRITERS_REDIRECT = S(302, 404, 403, 302, 302, 404)

EXPECTED: dict = {
    "diagnosis:overview": ("get", ORG, MEMBERS),
    "diagnosis:start": ("post", ORG, WRITERS_REDIRECT),
    "diagnosis:detail": ("get", DIAGNOSIS, MEMBERS),
    "diagnosis:edit": ("get", DIAGNOSIS, WRITERS_REDIRECT),
    "diagnosis:complete": ("post", DIAGNOSIS, WRITERS_REDIRECT),
    "diagnosis:compare": ("get", DIAGNOSIS, MEMBERS),
}
