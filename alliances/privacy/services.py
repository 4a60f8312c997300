"""Account deletion (right to erasure, GDPR article 17).

The user row is anonymised rather than deleted: several tables link to it with CASCADE
(meeting attendance, health-check participation, the audit log's history), and deleting it
would destroy work shared with partners. What the person did in partnerships stays, shown as
by "a deleted user"; everything that identifies them or concerns only them goes.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from alliances.accounts.models import DELETED_EMAIL_DOMAIN
from alliances.core.audit import audit_record
from alliances.core.permissions import Role


@dataclass(frozen=True)
class Blocker:
    """An organisation the person is the last administrator of, and why that matters."""

    organisation_name: str
    organisation_uuid: str
    other_members: int
    running_partnerships: int


def account_deletion_blockers(*, user, lock: bool = False) -> list[Blocker]:
    """Organisations that would be left without an administrator while they still have other
    members or partnerships under way."""
    from alliances.organisations.models import Membership
    from alliances.partnerships.models import Party, PartyStatus, Stage

    administered = Membership.objects.filter(user=user, role=Role.ADMIN).select_related(
        "organisation"
    )
    blockers = []
    for membership in administered.order_by("organisation__name"):
        organisation = membership.organisation
        members = Membership.objects.filter(organisation=organisation)
        if lock:
            # Same lock as the member services take: nobody changes roles meanwhile.
            list(members.select_for_update().order_by("pk"))
        if members.filter(role=Role.ADMIN).exclude(user=user).exists():
            continue
        other_members = members.exclude(user=user).count()
        running = (
            Party.objects.filter(
                organisation=organisation,
                status__in=[PartyStatus.ACTIVE, PartyStatus.INVITED],
            )
            .exclude(partnership__stage=Stage.CLOSED)
            .count()
        )
        if other_members or running:
            blockers.append(
                Blocker(
                    organisation_name=organisation.name,
                    organisation_uuid=str(organisation.uuid),
                    other_members=other_members,
                    running_partnerships=running,
                )
            )
    return blockers


def _check_identity(*, user, password: str, email: str) -> None:
    errors = {}
    if not user.check_password(password or ""):
        errors["password"] = _("This is not your password.")
    if (email or "").strip().lower() != user.email.lower():
        errors["email"] = _("Type the e-mail address of your account exactly as shown.")
    if errors:
        raise ValidationError(errors)


def deleted_user_name() -> str:
    """The name a deleted account keeps, in the site's language: pages and e-mails that print
    `full_name` then say who it was without saying who it was."""
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted user")


@transaction.atomic
def account_delete(*, user, password: str, email: str) -> None:
    """Delete the person's account after checking their password and typed address; refused
    while they are the last administrator of an organisation that still needs one."""
    from allauth.account.models import EmailAddress

    from alliances.accounts.models import ApiToken
    from alliances.governance.models import (
        CalendarFeed,
        CommitteeMember,
        ConflictNote,
        DigestPreference,
    )
    from alliances.organisations.models import JoinRequest, Membership
    from alliances.partnerships.models import Notification

    _check_identity(user=user, password=password, email=email)
    blockers = account_deletion_blockers(user=user, lock=True)
    if blockers:
        names = ", ".join(blocker.organisation_name for blocker in blockers)
        raise ValidationError(
            _(
                "You are the last administrator of: %(names)s. Name another administrator "
                "there first (Members page), or remove the other members, then come back."
            )
            % {"names": names},
            code="last_admin",
        )

    counts = {
        "memberships": Membership.objects.filter(user=user).delete()[0],
        "api_tokens": ApiToken.objects.filter(user=user).delete()[0],
    }
    JoinRequest.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    CommitteeMember.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    DigestPreference.objects.filter(user=user).delete()
    # Conflict notes keep a copy of their author's name: it goes with the account.
    ConflictNote.objects.filter(author=user).update(author_name="")

    user.email = f"deleted-{user.uuid.hex}@{DELETED_EMAIL_DOMAIN}"
    user.full_name = deleted_user_name()
    # A new password hash also ends every session the person has open elsewhere: Django
    # checks it on each request.
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.full_clean(exclude=["password"])
    user.save(
        update_fields=[
            "email",
            "full_name",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "last_login",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(
        actor=None,
        verb="account.deleted",
        obj=user,
        data=counts,
    )
