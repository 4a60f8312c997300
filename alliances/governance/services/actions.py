"""Actions: who does what by when, with reminders to their owners."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import ActionItem, ActionStatus, Concern, Decision, Meeting
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


def _ensure_links_in_partnership(partnership, meeting, decision) -> None:
    for linked in (meeting, decision):
        if linked is not None and linked.partnership_id != partnership.pk:
            raise ValidationError(_("This meeting or decision belongs to another partnership."))


def _owner_label(action: ActionItem) -> str:
    return str(action.owner) if action.owner is not None else str(action.owner_party)


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
    _ensure_links_in_partnership(partnership, meeting, decision)
    if concern is not None and concern.round.partnership_id != partnership.pk:
        raise ValidationError(_("This concern belongs to another partnership."))
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
    owner_label = _owner_label(action)
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


def _locked(action: ActionItem, access: PartnershipAccess) -> ActionItem:
    """The action read again under a lock, so that two people saving at once do not
    overwrite each other unseen."""
    try:
        locked = (
            ActionItem.objects.select_for_update(of=("self",))
            .select_related("owner", "owner_party__organisation", "created_by")
            .get(pk=action.pk, partnership=access.partnership)
        )
    except ActionItem.DoesNotExist as exc:
        raise ValidationError(_("This action no longer exists."), code="gone") from exc
    locked.partnership = access.partnership
    return locked


RELATED = frozenset({"owner_party", "owner", "meeting", "decision"})


def _differs(action: ActionItem, name: str, value) -> bool:
    if name in RELATED:
        return getattr(action, f"{name}_id") != getattr(value, "pk", None)
    return getattr(action, name) != value


@transaction.atomic
def action_update(
    *,
    access: PartnershipAccess,
    actor,
    action: ActionItem,
    title: str,
    owner_party: Party,
    owner=None,
    due_on: date | None = None,
    description: str = "",
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    """Change what an action says, who holds it or when it is due. A new owner is told; a new
    due date earns new reminders (they are keyed on the date)."""
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    partnership = access.partnership
    ensure_partnership_open(partnership)
    locked = _locked(action, access)
    # Checked only when they change: an action whose party left, or whose owner left the
    # organisation, can still be corrected in other ways while it waits for a new owner.
    if owner_party.pk != locked.owner_party_id:
        ensure_active_party(partnership, owner_party)
    owner_pk = getattr(owner, "pk", None)
    if owner_party.pk != locked.owner_party_id or owner_pk != locked.owner_id:
        _ensure_owner_of_party(owner, owner_party)
    _ensure_links_in_partnership(partnership, meeting, decision)
    values = {
        "title": title.strip(),
        "description": description.strip(),
        "owner_party": owner_party,
        "owner": owner,
        "due_on": due_on,
        "meeting": meeting,
        "decision": decision,
    }
    changed = [name for name, value in values.items() if _differs(locked, name, value)]
    if not changed:
        return locked
    new_owner = "owner" in changed and owner is not None
    for name in changed:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="action.changed",
        party=locked.owner_party,
        data={"title": locked.title},
    )
    if new_owner and owner.pk != getattr(actor, "pk", None):
        notify(
            users=[owner],
            partnership=partnership,
            verb="action.assigned",
            url=action_url(locked),
            data={"title": locked.title, "owner": _owner_label(locked)},
            actor=actor,
        )
    return locked


def may_change_status(access: PartnershipAccess, action: ActionItem, user) -> bool:
    """The owner may always move their own action along, whatever their role; otherwise it
    takes the right to record governance."""
    is_owner = action.owner_id is not None and action.owner_id == getattr(user, "pk", None)
    return is_owner or access.can(Action.RECORD_GOVERNANCE)


@transaction.atomic
def action_status_change(
    *, access: PartnershipAccess, actor, action: ActionItem, status: str
) -> ActionItem:
    """Move an action to another status. Done records when; the person who assigned it is
    told when its owner marks it done."""
    if not may_change_status(access, action, actor):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    partnership = access.partnership
    ensure_partnership_open(partnership)
    locked = _locked(action, access)
    if locked.status == status:
        return locked
    locked.status = status
    locked.completed_at = timezone.now() if status == ActionStatus.DONE else None
    locked.full_clean()
    locked.save(update_fields=["status", "completed_at", "updated_at"])
    data = {"title": locked.title, "status": status}
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="action.status_changed",
        party=locked.owner_party,
        data=data,
    )
    creator = locked.created_by
    by_owner = locked.owner_id is not None and locked.owner_id == getattr(actor, "pk", None)
    if (
        status == ActionStatus.DONE
        and by_owner
        and creator is not None
        and creator.is_active
        and creator.pk != actor.pk
    ):
        notify(
            users=[creator],
            partnership=partnership,
            verb="action.status_changed",
            url=action_url(locked),
            data=data,
            actor=actor,
        )
    return locked
