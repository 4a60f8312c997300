"""Results framework pages: every member reads it; the editors and administrators of any
party change it (the framework is shared by the partnership)."""

from alliances.tests.expected import PARTNERSHIP, S

OBJECTIVE = PARTNERSHIP + ("objective_uuid",)
OUTCOME = PARTNERSHIP + ("outcome_uuid",)
INDICATOR = PARTNERSHIP + ("indicator_uuid",)
READ = S(302, 404, 200, 200, 200, 404, 200)
EDIT = S(302, 404, 403, 200, 200, 404, 200)
# POSTs with an empty body: the missing input is refused once access is checked.
EDIT_POST = S(302, 404, 403, 400, 400, 404, 400)

EXPECTED: dict = {
    "indicators:framework": ("get", PARTNERSHIP, READ),
    "indicators:objective_create": ("get", PARTNERSHIP, EDIT),
    "indicators:objective_edit": ("get", OBJECTIVE, EDIT),
    # The walk's objective, outcome and indicator have a value: the page explains why they
    # stay, instead of offering the deletion.
    "indicators:objective_delete": ("get", OBJECTIVE, EDIT),
    "indicators:objective_move": ("post", OBJECTIVE, EDIT_POST),
    "indicators:outcome_create": ("get", OBJECTIVE, EDIT),
    "indicators:outcome_edit": ("get", OUTCOME, EDIT),
    "indicators:outcome_delete": ("get", OUTCOME, EDIT),
    "indicators:outcome_move": ("post", OUTCOME, EDIT_POST),
    "indicators:indicator_create": ("get", OUTCOME, EDIT),
    "indicators:indicator": ("get", INDICATOR, READ),
    "indicators:indicator_edit": ("get", INDICATOR, EDIT),
    "indicators:indicator_delete": ("get", INDICATOR, EDIT),
    "indicators:indicator_move": ("post", INDICATOR, EDIT_POST),
    "indicators:library": ("get", PARTNERSHIP, EDIT),
    "indicators:framework_import": ("get", PARTNERSHIP, EDIT),
    "indicators:framework_import_confirm": ("post", PARTNERSHIP, EDIT_POST),
    "indicators:framework_template": ("get", PARTNERSHIP, READ),
    "indicators:framework_export": ("get", PARTNERSHIP, READ),
}
