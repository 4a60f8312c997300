"""The organisation's audit log.

Only the organisation's administrators read it and download it; its viewers and editors are
refused (403), everyone else is told it does not exist (404), staff included.
"""

from alliances.tests.expected import ORG, S

ADMINS = S(302, 404, 403, 403, 200, 404)

EXPECTED: dict = {
    "organisations:audit_log": ("get", ORG, ADMINS),
    "organisations:audit_log_export": ("get", ORG, ADMINS),
}
