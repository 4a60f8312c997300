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
    # The organisation's own work (partnerships, contributions, values, meetings...)
    EDIT_WORK = "work.edit", _("Create and edit the organisation's work")
    APPROVE_ON_BEHALF = "work.approve", _("Approve on the organisation's behalf")


_VIEWER = frozenset({Action.VIEW_ORGANISATION, Action.VIEW_MEMBERS})
_EDITOR = _VIEWER | {Action.EDIT_WORK}
_ADMIN = _EDITOR | {Action.EDIT_ORGANISATION, Action.MANAGE_MEMBERS, Action.APPROVE_ON_BEHALF}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: _VIEWER,
    Role.EDITOR: frozenset(_EDITOR),
    Role.ADMIN: frozenset(_ADMIN),
}

# Actions that anyone may take on a public object, member or not.
PUBLIC_ACTIONS = frozenset({Action.VIEW_ORGANISATION})


def role_allows(role: str | None, action: str) -> bool:
    if role is None:
        return False
    return action in ROLE_ACTIONS.get(role, frozenset())
