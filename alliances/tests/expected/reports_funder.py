"""Funder reports: the Reports tab, a report's progress and files, and its API routes.

The walk's report is ready (its three files exist) and is the one the published public page
shows. Every member reads the list, follows the progress and downloads the files; editors and
administrators of any party (persona `partner` included) ask for a report, try a failed one
again and delete one. POSTs carry no input: the request form answers 400; trying again (the
report did not fail) and deleting (the public page shows it) are refused with a message and a
redirection to the list.
"""

from alliances.tests.expected import PARTNERSHIP, S

REPORT = PARTNERSHIP + ("report_uuid",)
FILE = REPORT + ("fmt",)
MEMBERS = S(302, 404, 200, 200, 200, 404, 200)
REQUESTING_POST = S(302, 404, 403, 400, 400, 404, 400)
REQUESTING_REDIRECT = S(302, 404, 403, 302, 302, 404, 302)
API_MEMBERS = S(401, 404, 200, 200, 200, 404, 200)
API_REQUESTING_POST = S(401, 404, 403, 422, 422, 404, 422)

EXPECTED: dict = {
    "reports:list": ("get", PARTNERSHIP, MEMBERS),
    "reports:request": ("post", PARTNERSHIP, REQUESTING_POST),
    "reports:status": ("get", REPORT, MEMBERS),
    "reports:download": ("get", FILE, MEMBERS),
    "reports:retry": ("post", REPORT, REQUESTING_REDIRECT),
    "reports:delete": ("post", REPORT, REQUESTING_REDIRECT),
    "api:report_list": ("get", PARTNERSHIP, API_MEMBERS),
    "api:report_request": ("post", PARTNERSHIP, API_REQUESTING_POST),
    "api:report_status": ("get", REPORT, API_MEMBERS),
    "api:report_download": ("get", FILE, API_MEMBERS),
}
