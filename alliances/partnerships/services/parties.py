"""Parties: invitations (from the directory or by e-mail), answers, roles and departures.

A party row is never deleted: a party that declines or leaves stays, so that what it
contributed stays attributed to it.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action, role_allows
from alliances.organisations.models import Membership, Organisation
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Partnership, Party, PartyRole, PartyStatus
from alliances.partnerships.selectors import workspace as selectors
from alliances.partnerships.selectors.workspace import InvitationState
from alliances.partnerships.services.activity import (
    active_parties,
    activity_record,
    actor_name,
    notify,
    people_of_parties,
)
from alliances.partnerships.services.workspace import ensure_open

# The coordinator role belongs to the party that created the partnership; others are given.
INVITABLE_ROLES = tuple(role for role in PartyRole.values if role != PartyRole.COORDINATOR)


def _lock_open(partnership: Partnership) -> Partnership:
    """Lock the partnership row first, always, so that changes to its parties run one after
    the other; a closed partnership refuses every change."""
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    ensure_open(locked)
    return locked


def _clean_roles(roles, *, allow_none: bool = False) -> list[str]:
    chosen = set(roles or [])
    if PartyRole.COORDINATOR in chosen:
        raise ValidationError(
            {"roles": _("A partnership has one coordinator, the party that created it.")},
            code="coordinator",
        )
    if chosen - set(INVITABLE_ROLES):
        raise ValidationError({"roles": _("Choose among the roles offered.")}, code="invalid")
    if not chosen and not allow_none:
        raise ValidationError(
            {"roles": _("Choose at least one role for this party.")}, code="required"
        )
    return [role for role in INVITABLE_ROLES if role in chosen]


def invite_refusal(*, organisation: Organisation, party: Party | None, has_members: bool) -> str:
    """Why this organisation may not be invited, in one sentence; empty when it may."""
    names = {"name": organisation.name}
    if party is not None and party.status == PartyStatus.ACTIVE:
        return _("%(name)s already takes part in this partnership.") % names
    if party is not None and party.status == PartyStatus.INVITED:
        return (
            _("%(name)s has already been invited; its administrators have not answered yet.")
            % names
        )
    if not organisation.is_active or organisation.dissolved_on:
        return (
            _("%(name)s is no longer active (dissolved or closed): it cannot be invited.") % names
        )
    if not has_members:
        return (
            _(
                "%(name)s has no member on Alliances yet, so nobody could answer: invite "
                "someone from it by e-mail instead."
            )
            % names
        )
    return ""


def _inviting_party(access: PartnershipAccess) -> Party:
    return access.party_for(Action.MANAGE_PARTIES)


@transaction.atomic
def party_invite_organisation(
    *, access: PartnershipAccess, actor, organisation: Organisation, roles, message: str = ""
) -> Party:
    """Invite an organisation of the directory; its administrators answer in the site."""
    inviter = _inviting_party(access)
    partnership = _lock_open(access.partnership)
    roles = _clean_roles(roles)
    party = (
        Party.objects.select_for_update()
        .filter(partnership=partnership, organisation=organisation)
        .first()
    )
    refusal = invite_refusal(
        organisation=organisation,
        party=party,
        has_members=selectors.organisation_has_members(organisation=organisation),
    )
    if refusal:
        raise ValidationError({"organisation": refusal}, code="refused")
    # A party that declined or left is invited again on the same row, so that what it
    # contributed before stays attributed to one party; the audit log keeps its history.
    party = party or Party(partnership=partnership, organisation=organisation)
    party.roles = roles
    party.status = PartyStatus.INVITED
    party.message = (message or "").strip()
    party.invited_by = actor
    party.responded_by = None
    party.responded_at = None
    party.left_at = None
    party.leave_reason = ""
    party.full_clean()
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        raise ValidationError(
            {"organisation": _("%(name)s has just been invited.") % {"name": organisation.name}},
            code="refused",
        ) from None
    activity_record(partnership=partnership, actor=actor, verb="party.invited", party=party)
    audit_record(
        actor=actor,
        verb="party.invited",
        obj=party,
        organisation_uuid=inviter.organisation.uuid,
        data={"organisation": organisation.name, "roles": roles},
    )
    notify(
        users=people_of_parties([party], action=Action.APPROVE_ON_BEHALF, exclude=actor),
        partnership=partnership,
        verb="party.invited",
        url=reverse("partnerships:invitation", args=[party.uuid]),
        data={"party": organisation.name},
        actor=actor,
    )
    return party


@transaction.atomic
def party_invite_email(
    *,
    access: PartnershipAccess,
    actor,
    email: str,
    name: str = "",
    roles,
    message: str = "",
) -> Party:
    """Invite someone by e-mail, who will create or choose their organisation when answering."""
    inviter = _inviting_party(access)
    partnership = _lock_open(access.partnership)
    roles = _clean_roles(roles)
    email = (email or "").strip().lower()
    if selectors.open_email_invitation_exists(partnership=partnership, email=email):
        raise ValidationError(
            {
                "email": _(
                    "An invitation to this partnership has already been sent to this address "
                    "and is still valid."
                )
            },
            code="already_invited",
        )
    party = Party(
        partnership=partnership,
        invited_email=email,
        invited_name=" ".join((name or "").split()),
        roles=roles,
        message=(message or "").strip(),
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        status=PartyStatus.INVITED,
    )
    party.full_clean()
    party.save()
    activity_record(partnership=partnership, actor=actor, verb="party.invited", party=party)
    audit_record(
        actor=actor,
        verb="party.invited",
        obj=party,
        organisation_uuid=inviter.organisation.uuid,
        data={"email": email, "roles": roles},
    )
    url = reverse("partnerships:invitation_token", args=[party.token])
    inviter_name = actor_name(actor)
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(
        lambda: _enqueue_invitation(party.pk, url, inviter_name, language), robust=True
    )
    return party


def _enqueue_invitation(party_id: int, url: str, inviter: str, language: str) -> None:
    from alliances.partnerships.tasks import party_invitation_email_send

    party_invitation_email_send.enqueue(
        party_id=party_id, url=url, inviter=inviter, language=language
    )


def _invitation_refusal(state: str) -> str:
    if state == InvitationState.ANSWERED:
        return _("This invitation has already been answered.")
    if state == InvitationState.CLOSED:
        return _("This partnership is closed: the invitation can no longer be answered.")
    return _("This invitation has expired: ask the coordinator to send a new one.")


def _lock_invitation(party: Party) -> tuple[Partnership, Party]:
    partnership = Partnership.objects.select_for_update().get(pk=party.partnership_id)
    locked = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=party.pk)
    )
    locked.partnership = partnership
    state = selectors.invitation_state(locked)
    if state != InvitationState.OPEN:
        raise ValidationError(_invitation_refusal(state), code=state)
    return partnership, locked


def _may_answer_for(user, organisation: Organisation) -> bool:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    return membership is not None and role_allows(membership.role, Action.APPROVE_ON_BEHALF)


def _check_joining_organisation(partnership: Partnership, organisation: Organisation, user):
    """For an invitation by e-mail: may this organisation take the invited seat?"""
    names = {"name": organisation.name}
    if not _may_answer_for(user, organisation):
        raise ValidationError(
            {"organisation": _("You can answer only for an organisation you administer.")},
            code="not_admin",
        )
    if not organisation.is_active or organisation.dissolved_on:
        raise ValidationError(
            {"organisation": _("%(name)s is no longer active.") % names}, code="inactive"
        )
    existing = Party.objects.filter(partnership=partnership, organisation=organisation).first()
    if existing is None:
        return
    if existing.status == PartyStatus.ACTIVE:
        message = _("%(name)s already takes part in this partnership.")
    elif existing.status == PartyStatus.INVITED:
        message = _(
            "%(name)s has already been invited to this partnership: answer that invitation "
            "from “My partnerships”."
        )
    else:
        message = _(
            "%(name)s has taken part in this partnership before: ask the coordinator to "
            "invite it again."
        )
    raise ValidationError({"organisation": message % names}, code="already_party")


def _record_answer(*, partnership: Partnership, party: Party, actor, verb: str) -> None:
    activity_record(partnership=partnership, actor=actor, verb=verb, party=party)
    audit_record(
        actor=actor,
        verb=verb,
        obj=party,
        organisation_uuid=party.organisation.uuid if party.organisation_id else None,
        data={"roles": party.roles},
    )
    coordinators = [party for party in active_parties(partnership) if party.is_coordinator]
    notify(
        users=people_of_parties(coordinators, action=Action.MANAGE_PARTIES, exclude=actor),
        partnership=partnership,
        verb=verb,
        url=reverse("partnerships:parties", args=[partnership.uuid]),
        data={"party": str(party)},
        actor=actor,
    )


@transaction.atomic
def party_accept(*, party: Party, actor, organisation: Organisation | None = None) -> Party:
    """Accept an invitation. One sent by e-mail needs the organisation that takes the seat;
    one sent to an organisation is answered by one of its administrators."""
    partnership, locked = _lock_invitation(party)
    if locked.organisation_id is None:
        if organisation is None:
            raise ValidationError(
                {"organisation": _("Choose the organisation that takes part.")},
                code="required",
            )
        _check_joining_organisation(partnership, organisation, actor)
        locked.organisation = organisation
    elif not _may_answer_for(actor, locked.organisation):
        raise PermissionDenied
    locked.status = PartyStatus.ACTIVE
    locked.responded_by = actor
    locked.responded_at = timezone.now()
    locked.full_clean()
    try:
        with transaction.atomic():
            locked.save(
                update_fields=[
                    "organisation",
                    "status",
                    "responded_by",
                    "responded_at",
                    "updated_at",
                ]
            )
    except IntegrityError:
        raise ValidationError(
            {"organisation": _("This organisation already takes part in this partnership.")},
            code="already_party",
        ) from None
    _record_answer(partnership=partnership, party=locked, actor=actor, verb="party.accepted")
    return locked


@transaction.atomic
def party_decline(*, party: Party, actor) -> Party:
    """Decline an invitation. Whoever holds the link of an invitation by e-mail may decline
    it; one sent to an organisation is declined by one of its administrators."""
    partnership, locked = _lock_invitation(party)
    if locked.organisation_id is not None and not _may_answer_for(actor, locked.organisation):
        raise PermissionDenied
    locked.status = PartyStatus.DECLINED
    locked.responded_by = actor
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_by", "responded_at", "updated_at"])
    _record_answer(partnership=partnership, party=locked, actor=actor, verb="party.declined")
    return locked


@transaction.atomic
def party_change_roles(*, access: PartnershipAccess, actor, party: Party, roles) -> Party:
    inviter = _inviting_party(access)
    partnership = _lock_open(access.partnership)
    locked = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=party.pk, partnership=partnership)
    )
    if locked.status not in (PartyStatus.ACTIVE, PartyStatus.INVITED):
        raise ValidationError(
            _("%(name)s no longer takes part: its roles cannot change.") % {"name": locked},
            code="not_party",
        )
    roles = _clean_roles(roles, allow_none=locked.is_coordinator)
    if locked.is_coordinator:
        roles = [PartyRole.COORDINATOR, *roles]
    previous = list(locked.roles)
    if roles == previous:
        return locked
    locked.roles = roles
    locked.full_clean()
    locked.save(update_fields=["roles", "updated_at"])
    activity_record(partnership=partnership, actor=actor, verb="party.roles_changed", party=locked)
    audit_record(
        actor=actor,
        verb="party.roles_changed",
        obj=locked,
        organisation_uuid=inviter.organisation.uuid,
        data={"from": previous, "to": roles},
    )
    if locked.is_active:
        notify(
            users=people_of_parties([locked], exclude=actor),
            partnership=partnership,
            verb="party.roles_changed",
            url=reverse("partnerships:parties", args=[partnership.uuid]),
            data={"party": str(locked)},
            actor=actor,
        )
    return locked


@transaction.atomic
def party_leave(
    *, access: PartnershipAccess, actor, reason: str, party: Party | None = None
) -> Party:
    """Take the user's party out of the partnership; it stays in the record as having left."""
    leaving = access.party_for(Action.LEAVE_PARTNERSHIP, party.uuid if party else None)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say in a few words why your party leaves.")}, code="required"
        )
    partnership = _lock_open(access.partnership)
    locked = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=leaving.pk)
    )
    if locked.status != PartyStatus.ACTIVE:
        raise ValidationError(_("This party has already left the partnership."), code="left")
    if locked.is_coordinator:
        others = Party.objects.filter(
            partnership=partnership, status__in=[PartyStatus.ACTIVE, PartyStatus.INVITED]
        ).exclude(pk=locked.pk)
        if others.exists():
            raise ValidationError(
                _(
                    "The coordinator cannot leave while other parties remain (%(parties)s). "
                    "Close the partnership instead, from its overview."
                )
                % {"parties": ", ".join(str(other) for other in others)},
                code="coordinator",
            )
    locked.status = PartyStatus.LEFT
    locked.left_at = timezone.now()
    locked.leave_reason = reason
    locked.full_clean()
    locked.save(update_fields=["status", "left_at", "leave_reason", "updated_at"])
    activity_record(partnership=partnership, actor=actor, verb="party.left", party=locked)
    audit_record(
        actor=actor,
        verb="party.left",
        obj=locked,
        organisation_uuid=locked.organisation.uuid,
        data={"reason": reason},
    )
    notify(
        users=people_of_parties(active_parties(partnership), exclude=actor),
        partnership=partnership,
        verb="party.left",
        url=reverse("partnerships:parties", args=[partnership.uuid]),
        data={"party": str(locked)},
        actor=actor,
    )
    return locked


@transaction.atomic
def party_add_agreed(
    *, partnership: Partnership, organisation: Organisation, roles, actor, agreed_by
) -> Party:
    """Add an organisation that already said yes (its accepted proposal to a call, or a
    proposal it sent): it is active at once, answered by the person who sent the proposal."""
    partnership = _lock_open(partnership)
    roles = _clean_roles(roles)
    if not organisation.is_active or organisation.dissolved_on:
        raise ValidationError(
            {"organisation": _("%(name)s is no longer active.") % {"name": organisation.name}},
            code="inactive",
        )
    party, _created = Party.objects.select_for_update().get_or_create(
        partnership=partnership,
        organisation=organisation,
        defaults={"roles": roles, "status": PartyStatus.ACTIVE},
    )
    party.roles = roles
    party.status = PartyStatus.ACTIVE
    party.invited_by = actor
    party.responded_by = agreed_by
    party.responded_at = timezone.now()
    party.left_at = None
    party.leave_reason = ""
    party.full_clean()
    party.save()
    activity_record(partnership=partnership, actor=agreed_by, verb="party.accepted", party=party)
    audit_record(
        actor=actor,
        verb="party.added_agreed",
        obj=party,
        organisation_uuid=organisation.uuid,
        data={"organisation": organisation.name, "roles": roles},
    )
    return party
