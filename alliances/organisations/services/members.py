"""Memberships, invitations, requests to join and claims: every write and its rules."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Role
from alliances.organisations.models import (
    Invitation,
    JoinRequest,
    JoinRequestKind,
    JoinRequestStatus,
    Membership,
    Organisation,
)
from alliances.organisations.selectors import members as selectors
from alliances.organisations.selectors.members import InvitationState

INVITATION_LIFETIME = timedelta(days=14)


# E-mails


def _send_emails(*, recipients: list[str], template: str, context: dict, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"organisations/email/{template}_subject.txt", context)
        body = render_to_string(f"organisations/email/{template}_body.txt", context)
    subject = " ".join(subject.split())
    messages = [
        mail.EmailMessage(subject=subject, body=body, to=[recipient]) for recipient in recipients
    ]
    with mail.get_connection() as connection:
        connection.send_messages(messages)


def _email_after_commit(*, recipients: list[str], template: str, context: dict) -> None:
    """Send one e-mail per recipient once the transaction has committed.

    Rendered in the language active now (the one of the person acting): no per-user
    language is stored, and French is the default. A failing mail server is logged
    rather than turning a saved change into an error page.
    """
    if not recipients:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, **context}
    transaction.on_commit(
        lambda: _send_emails(
            recipients=recipients, template=template, context=context, language=language
        ),
        robust=True,
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


# Memberships


def _lock_memberships(organisation: Organisation) -> dict[int, Membership]:
    """Lock every membership of the organisation, so that concurrent changes to its admins
    run one after the other and the last-admin rule cannot be bypassed."""
    rows = Membership.objects.select_for_update().filter(organisation_id=organisation.pk)
    return {row.pk: row for row in rows.order_by("pk")}


def _locked(memberships: dict[int, Membership], membership: Membership) -> Membership:
    try:
        return memberships[membership.pk]
    except KeyError:
        raise ValidationError(
            _("This person is no longer a member of the organisation."), code="gone"
        ) from None


def _ensure_another_admin(
    memberships: dict[int, Membership], membership: Membership, message: str
) -> None:
    if membership.role != Role.ADMIN:
        return
    others = [m for m in memberships.values() if m.role == Role.ADMIN and m.pk != membership.pk]
    if not others:
        raise ValidationError(message, code="last_admin")


def _membership_add(*, organisation: Organisation, user, role: str, actor, via: str) -> Membership:
    membership = Membership(organisation=organisation, user=user, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        verb="membership.created",
        obj=membership,
        organisation_uuid=organisation.uuid,
        data={"user": user.email, "role": role, "via": via},
    )
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor) -> Membership:
    memberships = _lock_memberships(membership.organisation)
    locked = _locked(memberships, membership)
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    if role == locked.role:
        return locked
    if role != Role.ADMIN:
        _ensure_another_admin(
            memberships,
            locked,
            _(
                "An organisation needs at least one administrator: name another administrator "
                "before changing this role."
            ),
        )
    previous = locked.role
    locked.role = role
    locked.full_clean()
    locked.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=actor,
        verb="membership.role_changed",
        obj=locked,
        organisation_uuid=membership.organisation.uuid,
        data={"user": locked.user.email, "from": previous, "to": role},
    )
    return locked


def _membership_delete(*, membership: Membership, actor, verb: str, refusal: str) -> None:
    memberships = _lock_memberships(membership.organisation)
    locked = _locked(memberships, membership)
    _ensure_another_admin(memberships, locked, refusal)
    audit_record(
        actor=actor,
        verb=verb,
        obj=locked,
        organisation_uuid=membership.organisation.uuid,
        data={"user": locked.user.email, "role": locked.role},
    )
    locked.delete()


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    _membership_delete(
        membership=membership,
        actor=actor,
        verb="membership.removed",
        refusal=_(
            "This person is the organisation's last administrator: name another administrator "
            "before removing them."
        ),
    )


@transaction.atomic
def membership_leave(*, membership: Membership, actor) -> None:
    _membership_delete(
        membership=membership,
        actor=actor,
        verb="membership.left",
        refusal=_(
            "You are the organisation's last administrator: name another administrator "
            "before leaving."
        ),
    )


# Invitations


def _invitation_refusal(state: str) -> str:
    if state == InvitationState.ACCEPTED:
        return _("This invitation has already been used.")
    if state == InvitationState.REVOKED:
        return _("This invitation has been withdrawn.")
    return _("This invitation has expired.")


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by
) -> Invitation:
    email = email.strip().lower()
    already_member = Membership.objects.filter(
        Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email),
        organisation=organisation,
    ).exists()
    if already_member:
        raise ValidationError(
            {"email": _("This person is already a member of the organisation.")},
            code="already_member",
        )
    now = timezone.now()
    unanswered = Invitation.objects.select_for_update().filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    already_invited = _(
        "An invitation has already been sent to this address and is still valid; "
        "withdraw it first to send a new one."
    )
    for previous in unanswered:
        if previous.expires_at > now:
            raise ValidationError({"email": already_invited}, code="already_invited")
        # An expired invitation still holds the "one open invitation" slot: close it.
        previous.revoked_at = now
        previous.save(update_fields=["revoked_at", "updated_at"])
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # Two admins inviting the same address at the same moment.
        raise ValidationError({"email": already_invited}, code="already_invited") from None
    audit_record(
        actor=invited_by,
        verb="invitation.created",
        obj=invitation,
        organisation_uuid=organisation.uuid,
        data={"email": email, "role": role},
    )
    _email_after_commit(
        recipients=[email],
        template="invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": invited_by,
            "accept_url": _absolute(
                reverse("organisations:invitation_accept", args=[invitation.token])
            ),
        },
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = selectors.invitation_state(invitation)
    if state == InvitationState.REVOKED:
        return invitation
    if state == InvitationState.ACCEPTED:
        raise ValidationError(_invitation_refusal(state), code="accepted")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="invitation.revoked",
        obj=invitation,
        organisation_uuid=invitation.organisation.uuid,
        data={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> tuple[Membership, bool]:
    """Accept with the link's role; return the membership and whether it was created.

    The token is what proves the invitation: whoever holds the link may accept it, whatever
    the e-mail address of their account.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = selectors.invitation_state(invitation)
    if state != InvitationState.OPEN:
        raise ValidationError(_invitation_refusal(state), code=state)
    organisation = invitation.organisation
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    created = membership is None
    if created:
        membership = _membership_add(
            organisation=organisation, user=user, role=invitation.role, actor=user, via="invitation"
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        actor=user,
        verb="invitation.accepted",
        obj=invitation,
        organisation_uuid=organisation.uuid,
        data={"email": invitation.email, "user": user.email, "already_member": not created},
    )
    return membership, created


# Requests to join and claims


@transaction.atomic
def join_request_create(*, organisation: Organisation, user, message: str = "") -> JoinRequest:
    """Ask to join an organisation; when it has no members at all, this is a claim that the
    platform's staff decides."""
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            _("You are already a member of this organisation."), code="already_member"
        )
    pending = _("You have already sent a request for this organisation; it is awaiting a decision.")
    if selectors.pending_join_request_of_user(organisation=organisation, user=user):
        raise ValidationError(pending, code="pending")
    has_members = selectors.organisation_has_members(organisation=organisation)
    join_request = JoinRequest(
        organisation=organisation,
        user=user,
        kind=JoinRequestKind.JOIN if has_members else JoinRequestKind.CLAIM,
        message=message.strip(),
    )
    join_request.full_clean()
    try:
        with transaction.atomic():
            join_request.save()
    except IntegrityError:
        raise ValidationError(pending, code="pending") from None
    audit_record(
        actor=user,
        verb=f"join_request.created.{join_request.kind}",
        obj=join_request,
        organisation_uuid=organisation.uuid,
    )
    if has_members:
        recipients = selectors.admin_emails_of_organisation(organisation=organisation)
        link = reverse("organisations:members", args=[organisation.uuid])
        template = "join_request_received"
    else:
        recipients = selectors.platform_staff_emails()
        link = reverse("organisations:claims")
        template = "claim_received"
    _email_after_commit(
        recipients=recipients,
        template=template,
        context={
            "join_request": join_request,
            "organisation": organisation,
            "requester": user,
            "review_url": _absolute(link),
        },
    )
    return join_request


def _lock_pending(join_request: JoinRequest, kind: str) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.kind != kind or locked.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    return locked


def _decide(*, join_request: JoinRequest, approve: bool, actor, template: str) -> None:
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REJECTED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.full_clean()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    organisation = join_request.organisation
    audit_record(
        actor=actor,
        verb=f"join_request.{join_request.status}",
        obj=join_request,
        organisation_uuid=organisation.uuid,
        data={"kind": join_request.kind, "user": join_request.user.email},
    )
    _email_after_commit(
        recipients=[join_request.user.email],
        template=template,
        context={
            "join_request": join_request,
            "organisation": organisation,
            "approved": approve,
            "organisation_url": _absolute(
                reverse("organisations:detail", args=[organisation.uuid])
            ),
        },
    )


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, approve: bool, actor, role: str = Role.VIEWER
) -> JoinRequest:
    join_request = _lock_pending(join_request, JoinRequestKind.JOIN)
    if approve:
        if role not in Role.values:
            raise ValidationError(_("Choose a valid role."), code="invalid_role")
        organisation = join_request.organisation
        user = join_request.user
        if not Membership.objects.filter(organisation=organisation, user=user).exists():
            _membership_add(
                organisation=organisation, user=user, role=role, actor=actor, via="join_request"
            )
    _decide(
        join_request=join_request, approve=approve, actor=actor, template="join_request_decided"
    )
    return join_request


@transaction.atomic
def claim_decide(*, join_request: JoinRequest, approve: bool, actor) -> JoinRequest:
    """Staff decision on a claim: approving makes the claimant the first administrator."""
    if not actor.is_staff:
        raise PermissionDenied
    join_request = _lock_pending(join_request, JoinRequestKind.CLAIM)
    if approve:
        # Locking the organisation serialises two approvals of competing claims.
        organisation = Organisation.objects.select_for_update().get(pk=join_request.organisation_id)
        if selectors.organisation_has_members(organisation=organisation):
            raise ValidationError(
                _(
                    "This organisation has members now: its administrators decide who joins. "
                    "Reject this claim and ask the person to request to join instead."
                ),
                code="has_members",
            )
        _membership_add(
            organisation=organisation,
            user=join_request.user,
            role=Role.ADMIN,
            actor=actor,
            via="claim",
        )
    _decide(join_request=join_request, approve=approve, actor=actor, template="claim_decided")
    return join_request
