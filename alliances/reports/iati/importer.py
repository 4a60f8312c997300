"""Saving one IATI activity as a new partnership coordinated by the importing organisation,
with the report of what was mapped and what was skipped (IatiImport.report)."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.indicators.models import (
    Indicator,
    IndicatorType,
    Objective,
    Outcome,
    Target,
    Value,
    ValueEvent,
    ValueEventKind,
    ValueSource,
    ValueStatus,
)
from alliances.indicators.services.framework import IndicatorData, indicator_clean
from alliances.organisations.models import Organisation
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Contribution,
    ContributionKind,
    DecisionRule,
    Partnership,
    PartnershipType,
    Party,
    PatronageForm,
)
from alliances.partnerships.services.parties import party_invite_organisation
from alliances.partnerships.services.workspace import partnership_create
from alliances.reports.iati import codes
from alliances.reports.iati.planning import ActivityPlan, PlannedIndicator, plan_activity
from alliances.reports.models import IatiImport

FORM_OF_KIND = {
    ContributionKind.MONEY: PatronageForm.FINANCIAL,
    ContributionKind.SKILLS: PatronageForm.SKILLS,
    ContributionKind.VOLUNTEERING: PatronageForm.SKILLS,
    ContributionKind.IN_KIND: PatronageForm.IN_KIND,
    ContributionKind.PREMISES: PatronageForm.IN_KIND,
}


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _partnership_data(plan: ActivityPlan, kind: str) -> dict:
    forms = []
    if kind == PartnershipType.PATRONAGE:
        forms = list(dict.fromkeys(FORM_OF_KIND.get(c.kind) for c in plan.contributions))
        forms = [form for form in forms if form] or [PatronageForm.FINANCIAL]
    return {
        **plan.data,
        "kind": kind,
        "patronage_forms": forms,
        "territory": None,
        "decision_rule": DecisionRule.CONSENSUS,
    }


def _parties(plan: ActivityPlan, *, user, partnership: Partnership, coordinator: Party) -> dict:
    """Parties by organisation: the coordinator, and the organisations found in the directory,
    invited (they accept or decline, as for any invitation) when the importer may invite."""
    parties = {coordinator.organisation_id: coordinator}
    access = access_partnership_by_uuid(user, partnership.uuid)
    may_invite = access.can(Action.MANAGE_PARTIES)
    roles_of: dict[int, list[str]] = {}
    for participant in plan.participants:
        organisation = participant.organisation
        if organisation is None:
            continue
        role = codes.PARTY_ROLE_OF_ROLE[participant.role]
        if organisation.pk == coordinator.organisation_id:
            if participant.role != codes.ACCOUNTABLE and role not in coordinator.roles:
                coordinator.roles = [*coordinator.roles, role]
                coordinator.save(update_fields=["roles", "updated_at"])
            continue
        roles_of.setdefault(organisation.pk, [])
        if role not in roles_of[organisation.pk]:
            roles_of[organisation.pk].append(role)
    for organisation in Organisation.objects.filter(pk__in=roles_of):
        if not may_invite:
            plan.skip(
                "participating-org",
                _(
                    "%(name)s: an administrator of your organisation can invite it "
                    "from the Parties page"
                )
                % {"name": organisation.name},
            )
            continue
        try:
            with transaction.atomic():
                parties[organisation.pk] = party_invite_organisation(
                    access=access,
                    actor=user,
                    organisation=organisation,
                    roles=roles_of[organisation.pk],
                )
        except (ValidationError, PermissionDenied) as exc:
            reason = _messages(exc) if isinstance(exc, ValidationError) else ""
            plan.skip("participating-org", f"{organisation.name}: {reason}".strip(": "))
        else:
            plan.map(
                "participating-org",
                _("%(name)s invited to take part") % {"name": organisation.name},
            )
    return parties


def _contributions(plan: ActivityPlan, *, user, partnership: Partnership, parties: dict) -> int:
    count = 0
    for planned in plan.contributions:
        party = parties.get(planned.provider.pk) if planned.provider else None
        if party is None:
            plan.skip(
                "transaction",
                _("%(name)s is not a party of the partnership: its contribution is not recorded")
                % {"name": planned.provider_name},
            )
            continue
        recipient = parties.get(planned.receiver.pk) if planned.receiver else None
        contribution = Contribution(
            partnership=partnership,
            party=party,
            recipient=recipient if recipient != party else None,
            kind=planned.kind,
            description=planned.description,
            period_start=planned.start,
            period_end=planned.end,
            planned_amount=planned.planned,
            actual_amount=planned.actual,
            recorded_by=user,
        )
        contribution.full_clean()
        contribution.save()
        count += 1
        plan.map(
            "transaction",
            _("contribution of %(name)s: %(what)s")
            % {"name": str(party), "what": planned.description},
        )
    return count


def _indicator(
    plan: ActivityPlan,
    *,
    user,
    outcome: Outcome,
    planned: PlannedIndicator,
    party: Party,
    position: int,
) -> bool:
    partnership = outcome.partnership
    starts = sorted(set(planned.targets) | set(planned.actuals))
    data = IndicatorData(
        title=planned.title,
        definition=planned.definition,
        type=planned.type,
        direction=planned.direction,
        frequency=planned.frequency,
        baseline_value=planned.baseline_value,
        baseline_date=planned.baseline_date,
        reporting_start=starts[0] if starts else planned.baseline_date,
        targets=dict(planned.targets),
    )
    try:
        values = indicator_clean(partnership=partnership, data=data)
    except ValidationError as exc:
        if planned.type != IndicatorType.PERCENTAGE:
            plan.skip("indicator", f"{planned.title}: {_messages(exc)}")
            return False
        # Figures outside 0-100 are not percentages: keep them as quantities.
        plan.skip(
            "indicator measure",
            _("%(title)s: figures above 100 are read as a quantity") % {"title": planned.title},
        )
        return _indicator(
            plan,
            user=user,
            outcome=outcome,
            planned=replace(planned, type=IndicatorType.QUANTITATIVE),
            party=party,
            position=position,
        )
    targets = values.pop("targets")
    indicator = Indicator(partnership=partnership, outcome=outcome, position=position, **values)
    indicator.full_clean()
    indicator.save()
    Target.objects.bulk_create(
        [Target(indicator=indicator, period_start=s, value=v) for s, v in targets.items()]
    )
    now = timezone.now()
    for start, figure in sorted(planned.actuals.items()):
        if indicator.type == IndicatorType.PERCENTAGE and not 0 <= figure <= 100:
            plan.skip(
                "actual",
                _("%(title)s: %(value)s is not a percentage")
                % {"title": planned.title, "value": figure},
            )
            continue
        value = Value.objects.create(
            partnership=partnership,
            indicator=indicator,
            period_start=start,
            value=figure,
            status=ValueStatus.APPROVED,
            source=ValueSource.IMPORT,
            party=party,
            entered_by=user,
            submitted_at=now,
            reviewed_by=user,
            reviewed_at=now,
        )
        ValueEvent.objects.create(
            value=value, kind=ValueEventKind.IMPORTED, actor=user, figure=figure
        )
    return True


def _results(
    plan: ActivityPlan, *, user, partnership: Partnership, party: Party
) -> tuple[dict, dict]:
    counts = {"objectives": 0, "indicators": 0}
    result_types = {}
    for position, result in enumerate(plan.results):
        objective = Objective.objects.create(
            partnership=partnership,
            title=result.title,
            description=result.description,
            position=position,
        )
        outcome = Outcome.objects.create(
            partnership=partnership,
            objective=objective,
            title=result.title,
            description=result.description,
        )
        result_types[str(outcome.uuid)] = result.type
        counts["objectives"] += 1
        for index, planned in enumerate(result.indicators):
            if _indicator(
                plan, user=user, outcome=outcome, planned=planned, party=party, position=index
            ):
                counts["indicators"] += 1
    return counts, result_types


@transaction.atomic
def iati_import_create(
    *, user, organisation: Organisation, filename: str, activity, kind: str
) -> IatiImport:
    """A new partnership from one <iati-activity> of a valid file (reading.read_activities)."""
    plan = plan_activity(activity)
    partnership = partnership_create(
        user=user, organisation=organisation, data=_partnership_data(plan, kind), causes=plan.causes
    )
    coordinator = partnership.parties.get(organisation=organisation)
    parties = _parties(plan, user=user, partnership=partnership, coordinator=coordinator)
    contributions = _contributions(plan, user=user, partnership=partnership, parties=parties)
    counts, result_types = _results(plan, user=user, partnership=partnership, party=coordinator)
    counts["contributions"] = contributions
    counts["parties"] = len(parties)
    memory = {
        "identifier": plan.identifier,
        "participants": [
            p.memory()
            for p in plan.participants
            if p.organisation is None or p.organisation.pk != organisation.pk
        ],
        "result_types": result_types,
    }
    record = IatiImport(
        organisation=organisation,
        partnership=partnership,
        filename=(filename or "activity.xml")[:255],
        iati_identifier=plan.identifier,
        report={"mapped": plan.mapped, "skipped": plan.skipped, "counts": counts, "memory": memory},
        created_by=user,
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=user,
        verb="iati.imported",
        obj=record,
        organisation_uuid=organisation.uuid,
        data={"partnership": str(partnership.uuid), "identifier": plan.identifier, **counts},
    )
    return record
