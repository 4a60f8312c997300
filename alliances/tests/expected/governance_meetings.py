"""Governance pages: the steering committee and its meetings.

The walk's committee: the lead's administrator chairs it and represents the lead; the
company's administrator (persona `partner`) represents the company, and is the walk's
`member_uuid`. The walk's meeting is scheduled (in 2030), with one agenda item and one PDF
document, and nobody invited.

POSTs carry an empty body. Forms answer 400 once access is granted; the buttons that need no
input (remove, make representative, appoint chair, delete, send apologies) are complete
requests and redirect (302) to the page, with the outcome in a message.
"""

from alliances.tests.expected import PARTNERSHIP, S

MEMBER = PARTNERSHIP + ("member_uuid",)
MEETING = PARTNERSHIP + ("meeting_uuid",)
ITEM = MEETING + ("item_uuid",)
DOCUMENT = MEETING + ("document_uuid",)

MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)
# Editors and administrators of any party record governance.
RECORDING_PAGE = S(302, 404, 403, 200, 200, 404, 200)
RECORDING_FORM = S(302, 404, 403, 400, 400, 404, 400)
RECORDING_BUTTON = S(302, 404, 403, 302, 302, 404, 302)
# Only the company's own administrator acts on the company's seat.
OWN_PARTY_BUTTON = S(302, 404, 403, 403, 403, 404, 302)

EXPECTED: dict = {
    "governance:committee": ("get", PARTNERSHIP, MEMBERS_READ),
    # Administrators of every party name their own people.
    "governance:committee_add": ("post", PARTNERSHIP, S(302, 404, 403, 403, 400, 404, 400)),
    "governance:committee_member_remove": ("post", MEMBER, OWN_PARTY_BUTTON),
    "governance:committee_representative": ("post", MEMBER, OWN_PARTY_BUTTON),
    # The coordinator's administrators appoint the chair, from any party.
    "governance:committee_chair": ("post", MEMBER, S(302, 404, 403, 403, 302, 404, 403)),
    "governance:meetings": ("get", PARTNERSHIP, MEMBERS_READ),
    "governance:meeting_create": ("get", PARTNERSHIP, RECORDING_PAGE),
    "governance:meeting_detail": ("get", MEETING, MEMBERS_READ),
    "governance:meeting_edit": ("get", MEETING, RECORDING_PAGE),
    "governance:meeting_cancel": ("post", MEETING, RECORDING_FORM),
    "governance:agenda_item_add": ("post", MEETING, RECORDING_FORM),
    "governance:agenda_item_delete": ("post", ITEM, RECORDING_BUTTON),
    "governance:agenda_item_move": ("post", ITEM, RECORDING_FORM),
    "governance:meeting_attendance": ("post", MEETING, RECORDING_FORM),
    # Any member may send apologies; one who is not invited is told so on the page.
    "governance:meeting_apologies": ("post", MEETING, S(302, 404, 302, 302, 302, 404, 302)),
    "governance:meeting_minutes": ("get", MEETING, RECORDING_PAGE),
    "governance:meeting_document_upload": ("post", MEETING, RECORDING_FORM),
    "governance:meeting_document_download": ("get", DOCUMENT, MEMBERS_READ),
    "governance:meeting_document_delete": ("post", DOCUMENT, RECORDING_BUTTON),
}
