"""How activity lines and notifications read, per verb.

Activity rows store names as they were at the time (party, person, version number...), so
the feed stays true after a rename or a departure; the sentence is built when it is shown, in
the reader's language.
"""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.partnerships.models import Stage

Describe = Callable[[dict], str]


def _stage(value: str) -> str:
    return str(dict(Stage.choices).get(value, value))


# Governance codes stored in activity data, read in the reader's language. (The governance
# app sits above this one, so its choices are not imported here.)
_OUTCOMES = {
    "adopted": gettext_lazy("adopted"),
    "rejected": gettext_lazy("rejected"),
    "no_quorum": gettext_lazy("not taken for want of a quorum"),
    "withdrawn": gettext_lazy("withdrawn"),
}
_VOTES = {
    "for": gettext_lazy("for"),
    "against": gettext_lazy("against"),
    "abstain": gettext_lazy("abstention"),
}
_ACTION_STATUSES = {
    "open": gettext_lazy("to do"),
    "in_progress": gettext_lazy("in progress"),
    "done": gettext_lazy("done"),
    "cancelled": gettext_lazy("cancelled"),
}
_CONFLICT_STAGES = {
    "dialogue": gettext_lazy("dialogue"),
    "mediation": gettext_lazy("mediation"),
    "resolved": gettext_lazy("resolved"),
    "exit": gettext_lazy("exit clause invoked"),
}
_DIMENSIONS = {
    "trust": gettext_lazy("trust"),
    "communication": gettext_lazy("quality of communication"),
    "fairness": gettext_lazy("fairness and balance of power"),
    "value": gettext_lazy("value received"),
    "workload": gettext_lazy("workload against benefit"),
    "roles": gettext_lazy("clarity of roles"),
    "continue": gettext_lazy("likelihood to continue"),
}


def _label(labels: dict, value: str) -> str:
    return str(labels.get(value, value))


def _when(data: dict) -> str:
    """A stored ISO date and time, in the site's time zone and the reader's language."""
    try:
        moment = datetime.fromisoformat(data.get("starts", ""))
    except (TypeError, ValueError):
        return ""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


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
    # Steering committee and meetings
    "committee.member_added": lambda d: (
        _("%(actor)s added %(person)s (%(party)s) to the steering committee.") % d
    ),
    "committee.member_removed": lambda d: (
        _("%(actor)s took %(person)s (%(party)s) off the steering committee.") % d
    ),
    "committee.representative_named": lambda d: (
        _("%(actor)s named %(person)s representative of %(party)s on the steering committee.") % d
    ),
    "committee.chair_appointed": lambda d: (
        _("%(actor)s appointed %(person)s chair of the steering committee.") % d
    ),
    "meeting.scheduled": lambda d: (
        (
            _("%(actor)s scheduled the meeting “%(meeting)s” (%(when)s).")
            if _when(d)
            else _("%(actor)s scheduled the meeting “%(meeting)s”.")
        )
        % {**d, "when": _when(d)}
    ),
    "meeting.changed": lambda d: (
        (
            _("%(actor)s changed the meeting “%(meeting)s” (now %(when)s).")
            if _when(d)
            else _("%(actor)s changed the meeting “%(meeting)s”.")
        )
        % {**d, "when": _when(d)}
    ),
    "meeting.cancelled": lambda d: _("%(actor)s cancelled the meeting “%(meeting)s”.") % d,
    "meeting.agenda_item_added": lambda d: (
        _("%(actor)s added “%(item)s” to the agenda of “%(meeting)s”.") % d
    ),
    "meeting.attendance_recorded": lambda d: (
        _("%(actor)s recorded who attended “%(meeting)s”.") % d
    ),
    "meeting.apologies_sent": lambda d: _("%(actor)s sent apologies for “%(meeting)s”.") % d,
    "meeting.minutes_saved": lambda d: _("%(actor)s wrote the minutes of “%(meeting)s”.") % d,
    "meeting.document_added": lambda d: (
        _("%(actor)s attached “%(document)s” to “%(meeting)s”.") % d
    ),
    # Decisions
    "decision.proposed": lambda d: (
        _("%(actor)s put decision %(reference)s to the vote: %(title)s") % d
    ),
    "decision.voted": lambda d: (
        _("%(actor)s cast the vote of %(party)s on decision %(reference)s: %(choice)s.")
        % {**d, "choice": _label(_VOTES, d.get("choice", ""))}
    ),
    "decision.closed": lambda d: (
        _("Decision %(reference)s (%(title)s) was %(outcome)s.")
        % {**d, "outcome": _label(_OUTCOMES, d.get("outcome", ""))}
    ),
    # Actions
    "action.assigned": lambda d: _("%(actor)s assigned the action “%(title)s” to %(owner)s.") % d,
    "action.changed": lambda d: _("%(actor)s changed the action “%(title)s”.") % d,
    "action.status_changed": lambda d: (
        _("%(actor)s marked the action “%(title)s” %(status)s.")
        % {**d, "status": _label(_ACTION_STATUSES, d.get("status", ""))}
    ),
    # Conflicts (confidential lines: only the parties concerned see them)
    "conflict.raised": lambda d: _("%(party)s raised a conflict: %(topic)s.") % d,
    "conflict.note_added": lambda d: _("%(actor)s added a note to the conflict “%(topic)s”.") % d,
    "conflict.stage_moved": lambda d: (
        _("The conflict “%(topic)s” moved from %(from)s to %(to)s.")
        % {
            **d,
            "from": _label(_CONFLICT_STAGES, d.get("from", "")),
            "to": _label(_CONFLICT_STAGES, d.get("to", "")),
        }
    ),
    "conflict.stale": lambda d: (
        _("The conflict “%(topic)s” has had no news for %(days)s days.") % d
    ),
    # Health checks
    "health.round_opened": lambda d: (
        _("Health check %(number)s is open until %(closes)s: tell how the partnership is going.")
        % d
    ),
    "health.round_closed": lambda d: (
        _("Health check %(number)s is closed: %(answers)s answers.") % d
    ),
    "health.alert": lambda d: _("Health check %(number)s calls for attention: %(reason)s") % d,
    "health.concern_followed_up": lambda d: (
        _("%(actor)s followed up a concern about %(dimension)s: %(title)s")
        % {**d, "dimension": _label(_DIMENSIONS, d.get("dimension", ""))}
    ),
    "governance.settings_changed": lambda d: _("%(actor)s changed the governance settings.") % d,
    # Calls for partners and proposals (told to the organisations, outside any partnership)
    "call.answered": lambda d: _("%(organisation)s answered your call “%(title)s”.") % d,
    "proposal.received": lambda d: _("%(organisation)s proposes a partnership: “%(title)s”.") % d,
    "proposal.shortlisted": lambda d: (
        _("%(organisation)s put your proposal “%(title)s” on its shortlist.") % d
    ),
    "proposal.accepted": lambda d: (
        _("%(organisation)s accepted your proposal “%(title)s”: the partnership is created.") % d
    ),
    "proposal.declined": lambda d: _("%(organisation)s declined your proposal “%(title)s”.") % d,
    "proposal.withdrawn": lambda d: _("%(organisation)s withdrew its proposal “%(title)s”.") % d,
    "introduction.received": lambda d: (
        _("%(actor)s, of %(from)s, sent %(to)s an introduction: “%(subject)s”.") % d
    ),
    # Public impact page
    "publication.proposed": lambda d: (
        _("%(actor)s proposed version %(number)s of the public impact page.") % d
    ),
    "publication.consent_requested": lambda d: (
        _("Version %(number)s of the public impact page awaits your party's agreement.") % d
    ),
    "publication.agreed": lambda d: (
        _("%(party)s agreed to publish version %(number)s of the public impact page.") % d
    ),
    "publication.published": lambda d: (
        _("Every party has agreed: the public impact page (version %(number)s) is online.") % d
    ),
    "publication.withdrawn": lambda d: (
        _("%(party)s withdrew its agreement: the public impact page is offline.") % d
    ),
    "publication.consent_withdrawn": lambda d: (
        _("%(party)s withdrew its agreement to version %(number)s of the public impact page.") % d
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
