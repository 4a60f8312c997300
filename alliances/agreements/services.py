"""Every write of the agreement: saving a version and approving one.

Both lock the partnership row first, so that saves and approvals of one partnership run one
after the other: two parties approving at the same moment give exactly one entry into force,
and a save racing an approval either comes after it (the approval counted on the version it
named) or before it (the approval is refused because a newer version exists).
"""

import json
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.agreements.models import AgreementVersion, Approval, MeetingFrequency, VersionStatus
from alliances.agreements.sections import SECTION_KEYS
from alliances.agreements.selectors import (
    agreement_snapshot_in_partnership,
    latest_version_in_partnership,
)
from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import DecisionRule, Partnership, Party
from alliances.partnerships.services.activity import (
    active_parties,
    activity_record,
    notify,
    people_of_parties,
)

CLAUSE_MAX_LENGTH = 5000
WORKSTREAMS_MAX = 30
WORKSTREAM_NAME_MAX_LENGTH = 200
DELIVERABLES_MAX_LENGTH = 2000


def _locked_partnership(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _refuse_closed(partnership: Partnership) -> None:
    if partnership.is_closed:
        raise ValidationError(
            _("This partnership is closed: its agreement can no longer change."), code="closed"
        )


def _version_url(version: AgreementVersion) -> str:
    return reverse(
        "agreements:version",
        kwargs={"partnership_uuid": version.partnership.uuid, "number": version.number},
    )


def _clean_clauses(clauses: Mapping[str, str]) -> dict[str, str]:
    cleaned = {}
    for key, text in clauses.items():
        if key not in SECTION_KEYS:
            raise ValidationError(_("Unknown section of the agreement."), code="unknown_section")
        text = (text or "").strip().replace("\r\n", "\n")
        if len(text) > CLAUSE_MAX_LENGTH:
            raise ValidationError(
                _("A clause can be at most %(limit)s characters long.")
                % {"limit": CLAUSE_MAX_LENGTH},
                code="clause_too_long",
            )
        if text:
            cleaned[key] = text
    return {key: cleaned[key] for key in SECTION_KEYS if key in cleaned}


def _clean_workstreams(workstreams: Iterable[Mapping], party_uuids: list[str]) -> list[dict]:
    rows = list(workstreams)
    if len(rows) > WORKSTREAMS_MAX:
        raise ValidationError(
            _("An agreement can have at most %(limit)s workstreams.") % {"limit": WORKSTREAMS_MAX},
            code="too_many_workstreams",
        )
    cleaned = []
    for row in rows:
        name = " ".join((row.get("name") or "").split())
        if not name:
            raise ValidationError(_("Give every workstream a name."), code="workstream_name")
        if len(name) > WORKSTREAM_NAME_MAX_LENGTH:
            raise ValidationError(
                _("A workstream name can be at most %(limit)s characters long.")
                % {"limit": WORKSTREAM_NAME_MAX_LENGTH},
                code="workstream_name",
            )
        lead = str(row.get("lead") or "")
        if lead not in party_uuids:
            raise ValidationError(
                _("Choose which party leads the workstream “%(name)s”.") % {"name": name},
                code="workstream_lead",
            )
        chosen = {str(uuid) for uuid in row.get("parties") or []}
        if chosen - set(party_uuids):
            raise ValidationError(
                _("Only parties of the partnership can take part in a workstream."),
                code="workstream_parties",
            )
        deliverables = (row.get("deliverables") or "").strip().replace("\r\n", "\n")
        if len(deliverables) > DELIVERABLES_MAX_LENGTH:
            raise ValidationError(
                _("The deliverables of a workstream can be at most %(limit)s characters long.")
                % {"limit": DELIVERABLES_MAX_LENGTH},
                code="deliverables_too_long",
            )
        cleaned.append(
            {
                "name": name,
                "lead": lead,
                # In the order of the parties, without the lead, whatever order was posted.
                "parties": [uuid for uuid in party_uuids if uuid in chosen and uuid != lead],
                "deliverables": deliverables,
            }
        )
    return cleaned


def _clean_terms(decision_rule: str, meeting_frequency: str) -> None:
    errors = {}
    if decision_rule not in DecisionRule.values:
        errors["decision_rule"] = _("Choose how the steering committee decides.")
    if meeting_frequency not in MeetingFrequency.values:
        errors["meeting_frequency"] = _("Choose how often the steering committee meets.")
    if errors:
        raise ValidationError(errors, code="invalid_terms")


@transaction.atomic
def agreement_save(
    *,
    access: PartnershipAccess,
    actor,
    clauses: Mapping[str, str],
    workstreams: Iterable[Mapping],
    decision_rule: str,
    meeting_frequency: str,
    note: str = "",
) -> AgreementVersion:
    """Save the agreement as a new draft version, holding the partnership's data as it is now.

    A version is never changed once saved: a change after an approval, or to the version in
    force, is a new version that every party approves again.
    """
    if not access.can(Action.EDIT_PARTNERSHIP):
        raise PermissionDenied
    partnership = _locked_partnership(access.partnership)
    _refuse_closed(partnership)
    _clean_terms(decision_rule, meeting_frequency)
    snapshot = agreement_snapshot_in_partnership(partnership)
    party_uuids = [party["uuid"] for party in snapshot["parties"]]
    content = {
        "snapshot": snapshot,
        "clauses": _clean_clauses(clauses),
        "workstreams": _clean_workstreams(workstreams, party_uuids),
    }
    # Compared with what the database gives back, so a resubmitted form is seen as unchanged.
    content = json.loads(json.dumps(content))
    latest = latest_version_in_partnership(partnership)
    if (
        latest is not None
        and latest.content == content
        and latest.decision_rule == decision_rule
        and latest.meeting_frequency == meeting_frequency
    ):
        raise ValidationError(
            _("Nothing changed since version %(number)s: no new version was saved.")
            % {"number": latest.number},
            code="unchanged",
        )
    version = AgreementVersion(
        partnership=partnership,
        number=latest.number + 1 if latest is not None else 1,
        status=VersionStatus.DRAFT,
        decision_rule=decision_rule,
        meeting_frequency=meeting_frequency,
        content=content,
        note=" ".join((note or "").split()),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    editor_party = access.party_for(Action.EDIT_PARTNERSHIP)
    audit_record(
        actor=actor,
        verb="agreement.version_saved",
        obj=version,
        organisation_uuid=editor_party.organisation.uuid,
        data={"partnership": str(partnership.uuid), "number": version.number},
    )
    data = {"number": version.number}
    activity_record(
        partnership=partnership,
        actor=actor,
        verb="agreement.version_saved",
        party=editor_party,
        data=data,
    )
    parties = active_parties(partnership)
    url = _version_url(version)
    approvers = people_of_parties(parties, action=Action.APPROVE_AGREEMENT, exclude=actor)
    notify(
        users=approvers,
        partnership=partnership,
        verb="agreement.approval_requested",
        url=url,
        data=data,
        actor=actor,
    )
    # Those asked to approve already hear about the new version: one message each is enough.
    asked = {user.pk for user in approvers}
    readers = [user for user in people_of_parties(parties, exclude=actor) if user.pk not in asked]
    notify(
        users=readers,
        partnership=partnership,
        verb="agreement.version_saved",
        url=url,
        data=data,
        actor=actor,
    )
    return version


def _refuse_unapprovable(
    partnership: Partnership, version: AgreementVersion, party: Party
) -> list[Party]:
    """The active parties, once sure that `party` may approve `version` now."""
    if not party.is_active:
        raise ValidationError(
            _("%(party)s no longer takes part in the partnership.") % {"party": party},
            code="party_inactive",
        )
    if version.status == VersionStatus.IN_FORCE:
        raise ValidationError(
            _("Version %(number)s is already in force.") % {"number": version.number},
            code="in_force",
        )
    latest = latest_version_in_partnership(partnership)
    if version.status != VersionStatus.DRAFT or latest.number != version.number:
        raise ValidationError(
            _(
                "A newer version of the agreement exists (version %(latest)s): read it and "
                "approve that one instead of version %(number)s."
            )
            % {"latest": latest.number, "number": version.number},
            code="newer_version",
        )
    parties = active_parties(partnership)
    named = {row.get("uuid") for row in version.content.get("snapshot", {}).get("parties", [])}
    if named != {str(p.uuid) for p in parties}:
        raise ValidationError(
            _(
                "The parties have changed since version %(number)s was saved: save a new "
                "version, which names every party, and approve that one."
            )
            % {"number": version.number},
            code="parties_changed",
        )
    if Approval.objects.filter(version=version, party=party).exists():
        raise ValidationError(
            _("%(party)s has already approved version %(number)s.")
            % {"party": party, "number": version.number},
            code="already_approved",
        )
    return parties


@transaction.atomic
def agreement_approve(
    *, access: PartnershipAccess, actor, version: AgreementVersion, party: Party
) -> AgreementVersion:
    """Approve one version on behalf of the user's party; the last approval puts it in force."""
    if party.pk not in {p.pk for p in access.parties_for(Action.APPROVE_AGREEMENT)}:
        raise PermissionDenied
    partnership = _locked_partnership(access.partnership)
    _refuse_closed(partnership)
    # Read again under the lock: another transaction may have changed them meanwhile.
    version = AgreementVersion.objects.select_related("partnership").get(
        pk=version.pk, partnership=partnership
    )
    party = Party.objects.select_related("organisation").get(pk=party.pk, partnership=partnership)
    parties = _refuse_unapprovable(partnership, version, party)
    approval = Approval(
        version=version,
        party=party,
        approved_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    approval.full_clean()
    approval.save()
    data = {"number": version.number, "party": str(party)}
    audit_record(
        actor=actor,
        verb="agreement.approved",
        obj=version,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid), **data},
    )
    activity_record(
        partnership=partnership, actor=actor, verb="agreement.approved", party=party, data=data
    )
    approved = set(version.approvals.values_list("party_id", flat=True))
    if {p.pk for p in parties} <= approved:
        return _bring_into_force(partnership=partnership, version=version, actor=actor, party=party)
    notify(
        users=people_of_parties(parties, exclude=actor),
        partnership=partnership,
        verb="agreement.approved",
        url=_version_url(version),
        data=data,
        actor=actor,
    )
    return version


def _bring_into_force(
    *, partnership: Partnership, version: AgreementVersion, actor, party: Party
) -> AgreementVersion:
    # One version in force at a time (a database constraint): the previous one steps down
    # first, and older drafts that never came into force are superseded with it.
    previous = AgreementVersion.objects.filter(
        partnership=partnership, number__lt=version.number
    ).exclude(status=VersionStatus.SUPERSEDED)
    for old in previous:
        old.status = VersionStatus.SUPERSEDED
        old.save(update_fields=["status"])
    version.status = VersionStatus.IN_FORCE
    version.in_force_at = timezone.now()
    version.save(update_fields=["status", "in_force_at"])
    partnership.agreement_in_force = version.number
    partnership.save(update_fields=["agreement_in_force", "updated_at"])
    data = {"number": version.number}
    audit_record(
        actor=actor,
        verb="agreement.in_force",
        obj=version,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid), **data},
    )
    activity_record(partnership=partnership, actor=actor, verb="agreement.in_force", data=data)
    notify(
        users=people_of_parties(active_parties(partnership)),
        partnership=partnership,
        verb="agreement.in_force",
        url=_version_url(version),
        data=data,
        actor=actor,
    )
    return version
