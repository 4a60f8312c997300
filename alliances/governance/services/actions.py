"""Actions: who does what by when, with reminders to their owners."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import ActionItem, Concern, Decision, Meeting
from alliances.governance.services.common import ensure_active_party, ensure_partnership_open
from alliances.organisations.models import Membership
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Party
from alliances.partnerships.services.activity import activity_record, notify


def action_url(action: ActionItem) -> str:
    return reverse("governance:actions", args=[action.partnership.uuid]) + f"#action-{action.uuid}"


def _ensure_owner_of_party(owner, party: Party) -> None:
    if owner is None:
        return
    if not Membership.objects.filter(user=owner, organisation_id=party.organisation_id).exists():
        raise ValidationError(
            {
                "owner": _("%(person)s is not a member of %(party)s.")
                % {"person": owner, "party": party}
            }
        )


@transaction.atomic
def action_create(
    *,
    access: PartnershipAccess,
    actor,
    title: str,
    owner_party: Party,
    owner=None,
    due_on: date | None = None,
    description: str = "",
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    concern: Concern | None = None,
) -> ActionItem:
    """Assign an action to a party (and a person of it); the owner is told."""
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    partnership = access.partnership
    ensure_partnership_open(partnership)
    ensure_active_party(partnership, owner_party)
    _ensure_owner_of_party(owner, owner_party)
    for linked in (meeting, decision):
        if linked is not None and linked.partnership_id != partnership.pk:
            raise ValidationError(_("This meeting or decision belongs to another partnership."))
    action = ActionItem(
        partnership=partnership,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        owner_party=owner_party,
        due_on=due_on,
        meeting=meeting,
        decision=decision,
        concern=concern,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    owner_label = str(owner) if owner is not None else str(owner_party)
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="action.assigned",
        party=owner_party,
        data={"title": action.title, "owner": owner_label},
    )
    if owner is not None and owner.pk != getattr(actor, "pk", None):
        notify(
            users=[owner],
            partnership=partnership,
            verb="action.assigned",
            url=action_url(action),
            data={"title": action.title, "owner": owner_label},
            actor=actor,
        )
    return action
