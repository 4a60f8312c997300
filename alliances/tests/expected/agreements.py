"""Agreement pages."""

from alliances.tests.expected import PARTNERSHIP, S

VERSION = PARTNERSHIP + ("number",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)

EXPECTED: dict = {
    "agreements:detail": ("get", PARTNERSHIP, MEMBERS_READ),
    "agreements:edit": ("get", PARTNERSHIP, S(302, 404, 403, 200, 200, 404, 200)),
    "agreements:version": ("get", VERSION, MEMBERS_READ),
    "agreements:compare": ("get", PARTNERSHIP, MEMBERS_READ),
    # Administrators approve for their party; the empty form lacks the confirmation (400).
    "agreements:approve": ("post", VERSION, S(302, 404, 403, 403, 400, 404, 400)),
    "agreements:pdf": ("get", VERSION, MEMBERS_READ),
    "agreements:docx": ("get", VERSION, MEMBERS_READ),
}
