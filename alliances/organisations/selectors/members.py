from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.core.permissions import Role
from alliances.organisations.models import (
    Invitation,
    JoinRequest,
    JoinRequestKind,
    JoinRequestStatus,
    Membership,
    Organisation,
)


class InvitationState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


def memberships_for_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def open_invitations_for_user(*, user) -> QuerySet[Invitation]:
    """Invitations sent to one of the user's e-mail addresses that can still be accepted."""
    return Invitation.objects.filter(
        email__iexact=user.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("organisation")


def invitation_state(invitation: Invitation, *, now: datetime | None = None) -> str:
    if invitation.accepted_at is not None:
        return InvitationState.ACCEPTED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= (now or timezone.now()):
        return InvitationState.EXPIRED
    return InvitationState.OPEN


def members_in_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def open_invitations_in_organisation(*, organisation: Organisation) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def pending_join_requests_in_organisation(*, organisation: Organisation) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(
            organisation=organisation,
            kind=JoinRequestKind.JOIN,
            status=JoinRequestStatus.PENDING,
        )
        .select_related("user")
        .order_by("created_at")
    )


def pending_join_request_of_user(*, organisation: Organisation, user) -> JoinRequest | None:
    return JoinRequest.objects.filter(
        organisation=organisation, user=user, status=JoinRequestStatus.PENDING
    ).first()


def organisation_has_members(*, organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation).exists()


def admin_emails_of_organisation(*, organisation: Organisation) -> list[str]:
    return list(
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def pending_claims() -> QuerySet[JoinRequest]:
    """Claims of organisations without members, for the platform's staff (all organisations)."""
    return (
        JoinRequest.objects.filter(kind=JoinRequestKind.CLAIM, status=JoinRequestStatus.PENDING)
        .select_related("user", "organisation")
        .order_by("created_at")
    )


def platform_staff_emails() -> list[str]:
    """Who decides claims: the platform's staff."""
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def sole_admin(memberships: list[Membership]) -> Membership | None:
    """The organisation's only administrator, if it has exactly one (who cannot leave)."""
    admins = [membership for membership in memberships if membership.role == Role.ADMIN]
    return admins[0] if len(admins) == 1 else None
