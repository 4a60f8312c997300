"""How activity lines and notifications read, per verb.

Activity rows store names as they were at the time (party, person, version number...), so
the feed stays true after a rename or a departure; the sentence is built when it is shown, in
the reader's language.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from alliances.partnerships.models import Stage

Describe = Callable[[dict], str]


def _stage(value: str) -> str:
    return str(dict(Stage.choices).get(value, value))


VERBS: dict[str, Describe] = {
    "partnership.created": lambda d: _("%(actor)s created the partnership.") % d,
    "partnership.edited": lambda d: _("%(actor)s edited the workspace.") % d,
    "partnership.stage_moved": lambda d: (
        _("%(actor)s moved the partnership from %(from)s to %(to)s.")
        % {**d, "from": _stage(d.get("from", "")), "to": _stage(d.get("to", ""))}
    ),
    "party.invited": lambda d: (
        (
            _("%(actor)s invited %(party)s to the partnership “%(partnership)s”.")
            if d.get("partnership")
            else _("%(actor)s invited %(party)s.")
        )
        % d
    ),
    "party.accepted": lambda d: _("%(party)s accepted the invitation.") % d,
    "party.declined": lambda d: _("%(party)s declined the invitation.") % d,
    "party.roles_changed": lambda d: _("%(actor)s changed the roles of %(party)s.") % d,
    "party.left": lambda d: _("%(party)s left the partnership.") % d,
    "assessment.submitted": lambda d: _("%(party)s submitted its assessment.") % d,
    "assessment.all_submitted": lambda d: _(
        "Every party has submitted its assessment: the comparison is open."
    ),
    "contribution.recorded": lambda d: (
        _("%(actor)s recorded a contribution of %(party)s: %(description)s.") % d
    ),
    "contribution.changed": lambda d: (
        _("%(actor)s changed a contribution of %(party)s: %(description)s.") % d
    ),
    "contribution.deleted": lambda d: (
        _("%(actor)s deleted a contribution of %(party)s: %(description)s.") % d
    ),
    "agreement.version_saved": lambda d: (
        _("%(actor)s saved version %(number)s of the agreement.") % d
    ),
    "agreement.approval_requested": lambda d: (
        _("Version %(number)s of the agreement awaits your party's approval.") % d
    ),
    "agreement.approved": lambda d: (
        _("%(party)s approved version %(number)s of the agreement.") % d
    ),
    "agreement.in_force": lambda d: (
        _("Version %(number)s of the agreement is approved by every party and in force.") % d
    ),
    # Results framework
    "framework.objective_added": lambda d: _("%(actor)s added the objective “%(title)s”.") % d,
    "framework.objective_changed": lambda d: _("%(actor)s changed the objective “%(title)s”.") % d,
    "framework.objective_deleted": lambda d: _("%(actor)s deleted the objective “%(title)s”.") % d,
    "framework.outcome_added": lambda d: (
        _("%(actor)s added the outcome “%(title)s” under “%(objective)s”.") % d
    ),
    "framework.outcome_changed": lambda d: _("%(actor)s changed the outcome “%(title)s”.") % d,
    "framework.outcome_deleted": lambda d: _("%(actor)s deleted the outcome “%(title)s”.") % d,
    "framework.indicator_added": lambda d: (
        _("%(actor)s added the indicator “%(title)s” to “%(outcome)s”.") % d
    ),
    "framework.indicator_changed": lambda d: _("%(actor)s changed the indicator “%(title)s”.") % d,
    "framework.indicator_deleted": lambda d: _("%(actor)s deleted the indicator “%(title)s”.") % d,
    "framework.indicators_added_from_library": lambda d: (
        _("%(actor)s added %(count)s indicators from the library to “%(outcome)s”.") % d
    ),
    "framework.imported": lambda d: (
        _(
            "%(actor)s imported a framework sheet: %(objectives)s objectives, "
            "%(outcomes)s outcomes, %(indicators)s indicators."
        )
        % d
    ),
    # Indicator values
    "values.saved": lambda d: (
        _("%(actor)s saved values of “%(indicator)s” for %(period)s as a draft.") % d
    ),
    "values.imported": lambda d: (
        _("%(actor)s imported values of “%(indicator)s” for %(period)s.") % d
    ),
    "values.submitted": lambda d: (
        _("%(actor)s submitted the values of “%(indicator)s” for %(period)s for approval.") % d
    ),
    "values.returned": lambda d: (
        _("%(actor)s returned the values of “%(indicator)s” for %(period)s: %(message)s") % d
    ),
    "values.approved": lambda d: (
        _("%(actor)s approved the values of “%(indicator)s” for %(period)s.") % d
    ),
    "values.locked": lambda d: _("%(actor)s locked %(period)s of “%(indicator)s”.") % d,
    "values.unlocked": lambda d: (
        _("%(actor)s unlocked %(period)s of “%(indicator)s”: %(reason)s") % d
    ),
    "survey.created": lambda d: _("%(actor)s created the survey “%(survey)s”.") % d,
    "survey.imported": lambda d: (
        _("%(actor)s imported the survey “%(survey)s” from an XLSForm file.") % d
    ),
    "survey.opened": lambda d: _("%(actor)s opened the survey “%(survey)s”.") % d,
    "survey.closed": lambda d: _("%(actor)s closed the survey “%(survey)s”.") % d,
    "survey.deleted": lambda d: _("%(actor)s deleted the survey “%(survey)s”.") % d,
    "survey.response_deleted": lambda d: (
        _("%(actor)s deleted a response to the survey “%(survey)s” (%(reason)s).") % d
    ),
    "survey_indicator_created": lambda d: (
        _("%(actor)s made the indicator “%(indicator)s” from the survey “%(survey)s”.") % d
    ),
}


def describe(verb: str, data: dict) -> str:
    """The sentence for one event; an unknown verb or missing name never breaks a page."""
    describe_verb = VERBS.get(verb)
    if describe_verb is None:
        return verb
    values = {"actor": _("Someone"), "party": _("A party"), **data}
    try:
        return describe_verb(values)
    except (KeyError, TypeError, ValueError):
        return verb
