"""The steering committee: each party names its own people, one of them its representative;
the coordinator appoints the chair.

Only one representative per party and one chair per partnership may exist (database
constraints): a change clears the old holder, then sets the new one, in one transaction
under a lock, so two people changing it at once cannot both win.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import CommitteeMember
from alliances.governance.services.common import ensure_active_party, ensure_partnership_open
from alliances.organisations.models import Membership
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Party
from alliances.partnerships.services.activity import activity_record, notify


def committee_url(member: CommitteeMember) -> str:
    return reverse("governance:committee", args=[member.partnership.uuid])


def _ensure_manages(access: PartnershipAccess, party: Party) -> None:
    if party.pk not in {p.pk for p in access.parties_for(Action.MANAGE_COMMITTEE)}:
        raise PermissionDenied(_("You may name the people of your own party only."))


def _tell(member: CommitteeMember, *, actor, verb: str) -> None:
    """Tell the person concerned, unless they did it themselves."""
    if member.user_id == getattr(actor, "pk", None):
        return
    notify(
        users=[member.user],
        partnership=member.partnership,
        verb=verb,
        url=committee_url(member),
        data={"person": str(member.user), "party": str(member.party)},
        actor=actor,
    )


def _record(member: CommitteeMember, *, actor, verb: str) -> None:
    activity_record(
        partnership=member.partnership,
        actor=actor,
        verb=verb,
        party=member.party,
        data={"person": str(member.user)},
    )


@transaction.atomic
def committee_member_add(
    *, access: PartnershipAccess, actor, party: Party, user
) -> CommitteeMember:
    """Put a person of the party's organisation on the committee. The party's first person
    becomes its representative, so that the party can vote straight away."""
    _ensure_manages(access, party)
    partnership = access.partnership
    ensure_partnership_open(partnership)
    ensure_active_party(partnership, party)
    if not Membership.objects.filter(user=user, organisation_id=party.organisation_id).exists():
        raise ValidationError(
            {
                "person": _("%(person)s is not a member of %(party)s.")
                % {"person": user, "party": party}
            }
        )
    if CommitteeMember.objects.filter(partnership=partnership, user=user).exists():
        raise ValidationError(
            {"person": _("%(person)s is already on the committee.") % {"person": user}}
        )
    has_representative = CommitteeMember.objects.filter(
        party=party, is_representative=True
    ).exists()
    member = CommitteeMember(
        partnership=partnership, party=party, user=user, is_representative=not has_representative
    )
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(
            _("The committee changed in the meantime: please check it and try again.")
        ) from None
    _record(member, actor=actor, verb="committee.member_added")
    _tell(member, actor=actor, verb="committee.member_added")
    return member


def _locked(member: CommitteeMember) -> CommitteeMember:
    try:
        locked = (
            CommitteeMember.objects.select_for_update(of=("self",))
            .select_related("user", "party__organisation")
            .get(pk=member.pk, partnership=member.partnership_id)
        )
    except CommitteeMember.DoesNotExist:
        raise ValidationError(
            _("This person is no longer on the committee."), code="gone"
        ) from None
    locked.partnership = member.partnership
    return locked


@transaction.atomic
def committee_member_remove(*, access: PartnershipAccess, actor, member: CommitteeMember) -> None:
    """Take a person off the committee; if they chaired it, the committee has no chair until
    the coordinator appoints one."""
    _ensure_manages(access, member.party)
    ensure_partnership_open(access.partnership)
    locked = _locked(member)
    _record(locked, actor=actor, verb="committee.member_removed")
    _tell(locked, actor=actor, verb="committee.member_removed")
    locked.delete()


@transaction.atomic
def committee_representative_name(
    *, access: PartnershipAccess, actor, member: CommitteeMember
) -> CommitteeMember:
    """Make this member their party's representative; the previous one stays a member."""
    _ensure_manages(access, member.party)
    ensure_partnership_open(access.partnership)
    ensure_active_party(access.partnership, member.party)
    # Lock every seat of the party: the swap reads and writes all of them.
    list(CommitteeMember.objects.select_for_update().filter(party_id=member.party_id))
    locked = _locked(member)
    if locked.is_representative:
        return locked
    CommitteeMember.objects.filter(party_id=locked.party_id, is_representative=True).update(
        is_representative=False, updated_at=timezone.now()
    )
    locked.is_representative = True
    locked.save(update_fields=["is_representative", "updated_at"])
    _record(locked, actor=actor, verb="committee.representative_named")
    _tell(locked, actor=actor, verb="committee.representative_named")
    return locked


@transaction.atomic
def committee_chair_appoint(
    *, access: PartnershipAccess, actor, member: CommitteeMember
) -> CommitteeMember:
    """Appoint any member of the committee its chair, in place of the previous one."""
    if not access.can(Action.APPOINT_CHAIR):
        raise PermissionDenied(_("Only an administrator of the coordinator appoints the chair."))
    partnership = access.partnership
    ensure_partnership_open(partnership)
    list(CommitteeMember.objects.select_for_update().filter(partnership=partnership))
    locked = _locked(member)
    if locked.is_chair:
        return locked
    CommitteeMember.objects.filter(partnership=partnership, is_chair=True).update(
        is_chair=False, updated_at=timezone.now()
    )
    locked.is_chair = True
    locked.save(update_fields=["is_chair", "updated_at"])
    _record(locked, actor=actor, verb="committee.chair_appointed")
    _tell(locked, actor=actor, verb="committee.chair_appointed")
    return locked
