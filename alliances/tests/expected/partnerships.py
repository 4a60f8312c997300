"""Partnership pages: workspace, parties, assessments, contributions, notifications."""

from alliances.tests.expected import PARTNERSHIP, S  # noqa: F401

EXPECTED: dict = {
    # Workspace
    "partnerships:list": ("get", (), S(302, 200, 200, 200, 200, 200, 200)),
    "partnerships:create": ("get", (), S(302, 200, 200, 200, 200, 200, 200)),
    "partnerships:detail": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "partnerships:edit": ("get", PARTNERSHIP, S(302, 404, 403, 200, 200, 404, 200)),
    # Moving stages belongs to the coordinator's editors and administrators.
    "partnerships:stage": ("post", PARTNERSHIP, S(302, 404, 403, 400, 400, 404, 403)),
    "partnerships:activity": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    # Parties
    "partnerships:parties": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "partnerships:party_invite": ("get", PARTNERSHIP, S(302, 404, 403, 403, 200, 404, 403)),
    "partnerships:party_roles": (
        "post",
        PARTNERSHIP + ("party_uuid",),
        S(302, 404, 403, 403, 400, 404, 403),
    ),
    "partnerships:party_leave": ("post", PARTNERSHIP, S(302, 404, 403, 403, 400, 404, 400)),
    # The walk's invitation is addressed to the lead organisation, in another partnership:
    # its administrator answers it.
    "partnerships:invitation": ("get", ("party_uuid",), S(302, 404, 403, 403, 200, 404, 404)),
    # The link of an invitation by e-mail: anyone holding it may open it.
    "partnerships:invitation_token": ("get", ("token",), S(200, 200, 200, 200, 200, 200, 200)),
    # Notifications
    "partnerships:notifications": ("get", (), S(302, 200, 200, 200, 200, 200, 200)),
    "partnerships:notifications_read": ("post", (), S(302, 302, 302, 302, 302, 302, 302)),
    # Assessment
    # Every member reads their own party's answers; administrators answer for their party.
    "partnerships:assessment": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "partnerships:assessment_submit": ("post", PARTNERSHIP, S(302, 404, 403, 403, 400, 404, 400)),
    # Before every party has submitted: a page saying who is missing, not an error.
    "partnerships:assessment_comparison": (
        "get",
        PARTNERSHIP,
        S(302, 404, 200, 200, 200, 404, 200),
    ),
    # Contributions
    "partnerships:contributions": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "partnerships:contribution_create": (
        "get",
        PARTNERSHIP,
        S(302, 404, 403, 200, 200, 404, 200),
    ),
    # The walk's contribution belongs to the lead party: the partner may not touch it.
    "partnerships:contribution_edit": (
        "get",
        PARTNERSHIP + ("contribution_uuid",),
        S(302, 404, 403, 200, 200, 404, 403),
    ),
    "partnerships:contribution_delete": (
        "post",
        PARTNERSHIP + ("contribution_uuid",),
        S(302, 404, 403, 400, 400, 404, 403),
    ),
    "partnerships:contributions_csv": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "partnerships:contributions_xlsx": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
    "partnerships:value_exchange": ("get", PARTNERSHIP, S(302, 404, 200, 200, 200, 404, 200)),
}
