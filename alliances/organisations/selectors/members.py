from django.db.models import QuerySet
from django.utils import timezone

from alliances.organisations.models import Invitation, Membership


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
