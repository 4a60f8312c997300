"""Governance pages: the conflict register.

The walk's conflict is raised by the lead party and names the lead and the company, so the
lead's members and the company's administrator (`partner`) see it; the commune does not (see
`alliances/governance/tests/test_conflict_confidentiality.py`). Raising a conflict, adding
notes and moving stages need the right to raise conflicts (editors and administrators); the
lead's viewer reads. POSTs with an empty body fail their form (400) once access is granted.
"""

from alliances.tests.expected import PARTNERSHIP, S

CONFLICT = PARTNERSHIP + ("conflict_uuid",)
MEMBERS_READ = S(302, 404, 200, 200, 200, 404, 200)
RAISING = S(302, 404, 403, 200, 200, 404, 200)
FOLLOWING_UP = S(302, 404, 403, 400, 400, 404, 400)

EXPECTED: dict = {
    "governance:conflicts": ("get", PARTNERSHIP, MEMBERS_READ),
    "governance:conflict_create": ("get", PARTNERSHIP, RAISING),
    "governance:conflict_detail": ("get", CONFLICT, MEMBERS_READ),
    "governance:conflict_note": ("post", CONFLICT, FOLLOWING_UP),
    "governance:conflict_stage": ("post", CONFLICT, FOLLOWING_UP),
}
