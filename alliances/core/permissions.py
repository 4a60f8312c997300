"""The whole permission policy: which organisation role may do which action.

Views, API endpoints and templates ask `role_allows(role, action)` (usually through an
`access_<entity>_by_id` function); nothing else compares role strings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    # Organisation profile
    VIEW_ORGANISATION = "organisation.view", _("View the organisation")
    EDIT_ORGANISATION = "organisation.edit", _("Edit the organisation profile")
    # Organisation members
    VIEW_MEMBERS = "members.view", _("View members")
    MANAGE_MEMBERS = "members.manage", _("Invite, change and remove members")
    VIEW_AUDIT_LOG = "audit.view", _("Read the organisation's audit log")
    # The organisation's own work (partnerships, contributions, values, meetings...)
    EDIT_WORK = "work.edit", _("Create and edit the organisation's work")
    APPROVE_ON_BEHALF = "work.approve", _("Approve on the organisation's behalf")
    # Finding partners, for the organisation
    VIEW_MATCHING = "matching.view", _("See calls, proposals and partner suggestions")
    FIND_PARTNERS = (
        "matching.act",
        _("Publish calls, answer them, send proposals and contact suggested partners"),
    )
    # The organisation's self-diagnosis of its partnership policy (members read it; editors
    # and administrators fill it in with EDIT_WORK)
    VIEW_DIAGNOSIS = "diagnosis.view", _("See the organisation's self-diagnosis")
    # Inside a partnership, for the party the user's organisation is
    VIEW_PARTNERSHIP = "partnership.view", _("See the partnership")
    EDIT_PARTNERSHIP = "partnership.edit", _("Edit the workspace and draft the agreement")
    RECORD_CONTRIBUTIONS = "contributions.record", _("Record the party's contributions")
    ANSWER_ASSESSMENT = "assessment.answer", _("Answer the assessment for the party")
    APPROVE_AGREEMENT = "agreement.approve", _("Approve an agreement version for the party")
    LEAVE_PARTNERSHIP = "partnership.leave", _("Take the party out of the partnership")
    EDIT_FRAMEWORK = "framework.edit", _("Edit the results framework")
    RECORD_VALUES = "values.record", _("Enter and submit indicator values for the party")
    MANAGE_SURVEYS = (
        "surveys.manage",
        _("Build surveys, enter paper questionnaires, read responses"),
    )
    # Reports and the public impact page
    REQUEST_REPORTS = "reports.request", _("Generate funder reports and export IATI files")
    CONSENT_PUBLICATION = (
        "publication.consent",
        _("Agree, for the party, to publish the public impact page, or withdraw it"),
    )
    # Shared governance
    RECORD_GOVERNANCE = (
        "governance.record",
        _("Schedule meetings, keep minutes, propose decisions and assign actions"),
    )
    MANAGE_COMMITTEE = "committee.manage", _("Name the party's people on the steering committee")
    VOTE = "decisions.vote", _("Vote for the party, when on the steering committee")
    RAISE_CONFLICT = "conflicts.raise", _("Raise a conflict and follow it up for the party")
    ANSWER_HEALTH_CHECK = "healthchecks.answer", _("Answer the partner health check")
    # Coordinator party only
    REVIEW_VALUES = "values.review", _("Approve, return and lock indicator values")
    MANAGE_PARTIES = "partnership.parties", _("Invite parties and change their roles")
    MOVE_STAGE = "partnership.stage", _("Move the partnership to another stage")
    CLOSE_DECISIONS = "decisions.close", _("Close a vote and record the decision")
    APPOINT_CHAIR = "committee.chair", _("Appoint the chair of the steering committee")
    GOVERNANCE_SETTINGS = (
        "governance.settings",
        _("Set the governance settings and schedule health checks"),
    )
    PROPOSE_PUBLICATION = (
        "publication.propose",
        _("Propose the public impact page and its open data licence"),
    )


# Any member on the steering committee votes for their party (the seat gives the vote), and
# every member answers the health check.
_VIEWER = frozenset(
    {
        Action.VIEW_ORGANISATION,
        Action.VIEW_MEMBERS,
        Action.VIEW_MATCHING,
        Action.VIEW_DIAGNOSIS,
        Action.VIEW_PARTNERSHIP,
        Action.VOTE,
        Action.ANSWER_HEALTH_CHECK,
    }
)
_EDITOR = _VIEWER | {
    Action.EDIT_WORK,
    Action.FIND_PARTNERS,
    Action.EDIT_PARTNERSHIP,
    Action.RECORD_CONTRIBUTIONS,
    Action.MOVE_STAGE,
    Action.EDIT_FRAMEWORK,
    Action.RECORD_VALUES,
    Action.MANAGE_SURVEYS,
    Action.REVIEW_VALUES,
    Action.RECORD_GOVERNANCE,
    Action.RAISE_CONFLICT,
    Action.CLOSE_DECISIONS,
    Action.GOVERNANCE_SETTINGS,
    Action.REQUEST_REPORTS,
    Action.PROPOSE_PUBLICATION,
}
_ADMIN = _EDITOR | {
    Action.EDIT_ORGANISATION,
    Action.MANAGE_MEMBERS,
    Action.VIEW_AUDIT_LOG,
    Action.APPROVE_ON_BEHALF,
    Action.ANSWER_ASSESSMENT,
    Action.APPROVE_AGREEMENT,
    Action.LEAVE_PARTNERSHIP,
    Action.MANAGE_PARTIES,
    Action.MANAGE_COMMITTEE,
    Action.APPOINT_CHAIR,
    Action.CONSENT_PUBLICATION,
}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: _VIEWER,
    Role.EDITOR: frozenset(_EDITOR),
    Role.ADMIN: frozenset(_ADMIN),
}

# Inside a partnership, these are allowed only to members of the coordinator party (with a role
# that allows them); the other parties' members never get them.
COORDINATOR_ACTIONS = frozenset(
    {
        Action.MANAGE_PARTIES,
        Action.MOVE_STAGE,
        Action.REVIEW_VALUES,
        Action.CLOSE_DECISIONS,
        Action.APPOINT_CHAIR,
        Action.GOVERNANCE_SETTINGS,
        Action.PROPOSE_PUBLICATION,
    }
)

# Actions that anyone may take on a public object, member or not.
PUBLIC_ACTIONS = frozenset({Action.VIEW_ORGANISATION})


def role_allows(role: str | None, action: str) -> bool:
    if role is None:
        return False
    return action in ROLE_ACTIONS.get(role, frozenset())


def party_role_allows(role: str | None, action: str, *, is_coordinator: bool) -> bool:
    """May a member with this organisation role do this inside a partnership, for its party?"""
    if action in COORDINATOR_ACTIONS and not is_coordinator:
        return False
    return role_allows(role, action)
