"""The IATI export of a partnership, and IATI imports into an organisation's new partnerships.

Every member of a party downloads the partnership's activity file (or reads what keeps it from
being made). Importing is the organisation's work: its editors and administrators upload files
and read the import reports; its viewers get 403, everyone else 404.
"""

from alliances.tests.expected import ORG, PARTNERSHIP, S

MEMBERS = S(302, 404, 200, 200, 200, 404, 200)
WRITERS = S(302, 404, 403, 200, 200, 404, 404)

EXPECTED: dict = {
    "reports:iati_export": ("get", PARTNERSHIP, MEMBERS),
    "iati:import": ("get", ORG, WRITERS),
    "iati:import_report": ("get", ORG + ("import_uuid",), WRITERS),
}
