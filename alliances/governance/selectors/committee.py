"""Reads of the steering committee: who sits on it for each party, and who could."""

from dataclasses import dataclass, field

from alliances.accounts.models import User
from alliances.governance.models import CommitteeMember
from alliances.partnerships.models import Partnership, Party
from alliances.partnerships.services.activity import active_parties


@dataclass
class CommitteeGroup:
    party: Party
    members: list[CommitteeMember] = field(default_factory=list)

    @property
    def representative(self) -> CommitteeMember | None:
        return next((member for member in self.members if member.is_representative), None)


@dataclass
class Committee:
    groups: list[CommitteeGroup]

    @property
    def members(self) -> list[CommitteeMember]:
        return [member for group in self.groups for member in group.members]

    @property
    def chair(self) -> CommitteeMember | None:
        return next((member for member in self.members if member.is_chair), None)

    @property
    def size(self) -> int:
        return len(self.members)


def committee_in_partnership(*, partnership: Partnership) -> Committee:
    """The committee grouped by party, in the order the parties joined. A party that left
    no longer sits on it, so its former members are not shown."""
    groups = {party.pk: CommitteeGroup(party=party) for party in active_parties(partnership)}
    members = CommitteeMember.objects.filter(
        partnership=partnership, party_id__in=list(groups)
    ).select_related("user")
    for member in members:
        group = groups[member.party_id]
        member.party = group.party
        member.partnership = partnership
        group.members.append(member)
    return Committee(groups=list(groups.values()))


def committee_candidates_for_party(*, party: Party) -> list[User]:
    """People of the party's organisation who are not on the committee yet."""
    if not party.organisation_id:
        return []
    return list(
        User.objects.filter(memberships__organisation_id=party.organisation_id, is_active=True)
        .exclude(committee_seats__partnership_id=party.partnership_id)
        .order_by("full_name", "email")
        .distinct()
    )
