"""Reads of agreement versions and approvals, always scoped to one partnership."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from alliances.agreements.models import AgreementVersion, Approval, VersionStatus
from alliances.agreements.sections import Agreement, Signature, agreement_assemble
from alliances.partnerships.models import Contribution, Partnership, Party, PartyStatus
from alliances.partnerships.selectors.ledger import ledger_totals_in_partnership


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _amount(value) -> str | None:
    return None if value is None else str(value)


def agreement_snapshot_in_partnership(partnership: Partnership) -> dict:
    """The structured data an agreement is written from, as plain JSON values, taken now.

    Only active parties are parties to the agreement; their contributions are the planned
    ones (what they commit to), valued by the ledger.
    """
    parties = list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    uuid_of = {party.pk: str(party.uuid) for party in parties}
    totals = ledger_totals_in_partnership(partnership)
    contributions = Contribution.objects.filter(
        partnership=partnership, party_id__in=uuid_of
    ).order_by("created_at", "id")
    territory = partnership.territory
    return {
        "title": partnership.title,
        "purpose": partnership.purpose,
        "objectives": partnership.objective_list,
        "kind": partnership.kind,
        "territory": territory.name if territory is not None else "",
        "starts_on": _iso(partnership.starts_on),
        "ends_on": _iso(partnership.ends_on),
        "currency": partnership.currency,
        "parties": [
            {
                "uuid": str(party.uuid),
                "name": party.organisation.name,
                "kind": party.organisation.kind,
                "roles": list(party.roles),
                "siren": party.organisation.siren,
                "rna": party.organisation.rna,
                "address": party.organisation.address,
                "postal_code": party.organisation.postal_code,
                "city": party.organisation.city,
            }
            for party in parties
        ],
        "contributions": [
            {
                "party": uuid_of[row.party_id],
                "recipient": uuid_of.get(row.recipient_id),
                "kind": row.kind,
                "description": row.description,
                "unit_rate": _amount(row.unit_rate),
                "planned_quantity": _amount(row.planned_quantity),
                "planned_amount": _amount(row.planned_amount),
                "period_start": _iso(row.period_start),
                "period_end": _iso(row.period_end),
            }
            for row in contributions
        ],
        "totals": {
            uuid_of[party_id]: {
                "planned": str(party_totals.planned),
                "money_received": str(party_totals.money_received_planned),
            }
            for party_id, party_totals in sorted(totals.parties.items())
            if party_id in uuid_of
        },
        "total_planned": str(
            sum((totals.of(party_id).planned for party_id in uuid_of), Decimal("0"))
        ),
    }


def versions_in_partnership(partnership: Partnership) -> QuerySet[AgreementVersion]:
    return AgreementVersion.objects.filter(partnership=partnership).select_related("created_by")


def latest_version_in_partnership(partnership: Partnership) -> AgreementVersion | None:
    return versions_in_partnership(partnership).order_by("-number").first()


def version_in_partnership(partnership: Partnership, number: int) -> AgreementVersion:
    try:
        return versions_in_partnership(partnership).get(number=number)
    except AgreementVersion.DoesNotExist as exc:
        raise Http404 from exc


def approvals_in_partnership(partnership: Partnership) -> QuerySet[Approval]:
    return (
        Approval.objects.filter(version__partnership=partnership)
        .select_related("version", "party__organisation", "approved_by")
        .order_by("created_at", "id")
    )


def _person(user) -> str:
    if user is None:
        return ""
    return user.full_name or user.email


def signatures_of_version(version: AgreementVersion) -> dict[str, Signature]:
    approvals = version.approvals.select_related("party", "approved_by")
    return {
        str(approval.party.uuid): Signature(
            name=_person(approval.approved_by), on=timezone.localdate(approval.created_at)
        )
        for approval in approvals
    }


def agreement_of_version(
    version: AgreementVersion, *, language: str | None = None, signed: bool = True
) -> Agreement:
    return agreement_assemble(
        content=version.content,
        decision_rule=version.decision_rule,
        meeting_frequency=version.meeting_frequency,
        signatures=signatures_of_version(version) if signed else None,
        language=language,
    )


@dataclass(frozen=True)
class PartyApproval:
    """Where one active party stands: its approval of the version shown, and its latest."""

    party: Party
    approval: Approval | None
    latest: Approval | None


@dataclass(frozen=True)
class AgreementState:
    versions: list[AgreementVersion]
    latest: AgreementVersion | None
    in_force: AgreementVersion | None

    @property
    def current(self) -> AgreementVersion | None:
        """The text that binds the parties, or else the draft being discussed."""
        return self.in_force or self.latest

    @property
    def open_draft(self) -> AgreementVersion | None:
        """The draft that can be approved: the latest version when it is a draft."""
        if self.latest is not None and self.latest.status == VersionStatus.DRAFT:
            return self.latest
        return None


def agreement_state_in_partnership(partnership: Partnership) -> AgreementState:
    versions = list(versions_in_partnership(partnership).order_by("-number"))
    in_force = next((v for v in versions if v.status == VersionStatus.IN_FORCE), None)
    return AgreementState(
        versions=versions, latest=versions[0] if versions else None, in_force=in_force
    )


def party_approvals_in_partnership(
    partnership: Partnership, version: AgreementVersion
) -> list[PartyApproval]:
    parties = Party.objects.filter(
        partnership=partnership, status=PartyStatus.ACTIVE
    ).select_related("organisation")
    approvals = list(approvals_in_partnership(partnership))
    rows = []
    for party in parties.order_by("created_at", "id"):
        mine = [approval for approval in approvals if approval.party_id == party.pk]
        shown = next((a for a in mine if a.version_id == version.pk), None)
        latest = max(mine, key=lambda a: a.version.number) if mine else None
        rows.append(PartyApproval(party=party, approval=shown, latest=latest))
    return rows
