"""A partnership as an IATI 2.03 activity file (the mapping is in docs/iati.md)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from alliances.indicators.models import (
    Direction,
    Indicator,
    IndicatorType,
    Outcome,
    Value,
    ValueStatus,
)
from alliances.indicators.periods import period_end
from alliances.partnerships.models import (
    Contribution,
    ContributionKind,
    Partnership,
    Party,
    PartyStatus,
)
from alliances.reports.iati import codes
from alliances.reports.iati.schema import schema_problems
from alliances.reports.models import IatiImport

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class Export:
    """The file, and what keeps it from being a complete, valid activity."""

    content: bytes = b""
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.content) and not self.missing and not self.problems


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _narrative(parent, text: str, lang: str | None = None) -> None:
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = text


def _text_element(parent, tag: str, text: str, **attributes):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    _narrative(element, text)
    return element


def import_memory_in_partnership(partnership: Partnership) -> dict:
    """What was kept from the IATI file this partnership was imported from, if any."""
    last = IatiImport.objects.filter(partnership=partnership).order_by("-created_at", "-id").first()
    return (last.report or {}).get("memory", {}) if last else {}


def activity_identifier(partnership: Partnership, coordinator: Party | None, memory: dict) -> str:
    if memory.get("identifier"):
        return memory["identifier"]
    ref = codes.organisation_ref(coordinator.organisation if coordinator else None)
    return f"{ref}-{partnership.uuid}" if ref else str(partnership.uuid)


def _org_attributes(organisation, role: str | None = None) -> dict:
    attributes = {}
    ref = codes.organisation_ref(organisation)
    if ref:
        attributes["ref"] = ref
    if role:
        attributes["role"] = role
    if organisation is not None:
        attributes["type"] = codes.TYPE_OF_KIND.get(organisation.kind, "90")
    return attributes


def _party_name(party: Party | None) -> str:
    return str(party) if party is not None else ""


def _even_percentages(count: int) -> list[str]:
    """`count` shares of 100 with two decimals, the last one taking the rounding."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    shares = [share] * (count - 1)
    shares.append(Decimal(100) - sum(shares, Decimal(0)))
    return [_number(s) for s in shares]


def _participants(activity, partnership: Partnership, parties, memory: dict) -> None:
    active_orgs = set()
    for party in parties:
        if party.status != PartyStatus.ACTIVE or party.organisation_id is None:
            continue
        active_orgs.add(str(party.organisation.uuid))
        roles = dict.fromkeys(codes.ROLE_OF_PARTY_ROLE.get(role) for role in party.roles)
        for role in [r for r in roles if r]:
            element = etree.SubElement(
                activity, "participating-org", _org_attributes(party.organisation, role)
            )
            _narrative(element, party.organisation.name)
    # Organisations named by the imported file that do not take part (yet): the file said
    # they do, and the export keeps saying it until they join.
    for participant in memory.get("participants", []):
        if participant.get("organisation") in active_orgs:
            continue
        attributes = {"role": participant["role"]}
        if participant.get("ref"):
            attributes["ref"] = participant["ref"]
        if participant.get("type"):
            attributes["type"] = participant["type"]
        element = etree.SubElement(activity, "participating-org", attributes)
        if participant.get("name"):
            _narrative(element, participant["name"])


def _sectors(activity, partnership: Partnership) -> None:
    causes = list(partnership.causes.order_by("goal", "position"))
    for vocabulary, group in (
        (codes.SDG_GOAL_SECTOR, [c for c in causes if c.parent_id is None]),
        (codes.SDG_TARGET_SECTOR, [c for c in causes if c.parent_id is not None]),
    ):
        if not group:
            continue
        for cause, percentage in zip(group, _even_percentages(len(group)), strict=True):
            etree.SubElement(
                activity,
                "sector",
                {"vocabulary": vocabulary, "code": cause.code, "percentage": percentage},
            )


def _contribution_date(contribution: Contribution, partnership: Partnership) -> date | None:
    return contribution.period_start or partnership.starts_on


def _budgets(activity, partnership: Partnership, contributions, currency: str) -> None:
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    for contribution in contributions:
        day = _contribution_date(contribution, partnership)
        if day is not None and contribution.planned_amount:
            per_year[day.year] += contribution.planned_amount
    for year, amount in sorted(per_year.items()):
        budget = etree.SubElement(activity, "budget", {"type": "1", "status": "1"})
        etree.SubElement(budget, "period-start", {"iso-date": f"{year}-01-01"})
        etree.SubElement(budget, "period-end", {"iso-date": f"{year}-12-31"})
        value = etree.SubElement(
            budget, "value", {"currency": currency, "value-date": f"{year}-01-01"}
        )
        value.text = _number(amount)


def _transaction(activity, contribution, *, kind_code, amount, day, currency, coordinator):
    transaction = etree.SubElement(
        activity,
        "transaction",
        {"ref": f"alliances:{contribution.kind}:{contribution.uuid}"},
    )
    etree.SubElement(transaction, "transaction-type", {"code": kind_code})
    etree.SubElement(transaction, "transaction-date", {"iso-date": day.isoformat()})
    value = etree.SubElement(
        transaction, "value", {"currency": currency, "value-date": day.isoformat()}
    )
    value.text = _number(amount)
    description = contribution.description
    if contribution.kind != ContributionKind.MONEY:
        description = f"{ContributionKind(contribution.kind).label}: {description}"
    _text_element(transaction, "description", description)
    provider = contribution.party
    element = etree.SubElement(transaction, "provider-org", _org_attributes(provider.organisation))
    _narrative(element, _party_name(provider))
    receiver = contribution.recipient or coordinator
    if receiver is not None:
        element = etree.SubElement(
            transaction, "receiver-org", _org_attributes(receiver.organisation)
        )
        _narrative(element, _party_name(receiver))


def _transactions(activity, partnership, contributions, currency, coordinator) -> None:
    for contribution in contributions:
        day = _contribution_date(contribution, partnership)
        if day is None:
            continue
        common = {"currency": currency, "coordinator": coordinator}
        if contribution.planned_amount:
            _transaction(
                activity,
                contribution,
                kind_code=codes.INCOMING_COMMITMENT,
                amount=contribution.planned_amount,
                day=day,
                **common,
            )
        if contribution.actual_amount is not None:
            _transaction(
                activity,
                contribution,
                kind_code=codes.INCOMING_FUNDS,
                amount=contribution.actual_amount,
                day=contribution.period_end or day,
                **common,
            )


MEASURE_OF_TYPE = {
    IndicatorType.QUANTITATIVE: codes.MEASURE_UNIT,
    IndicatorType.PERCENTAGE: codes.MEASURE_PERCENTAGE,
    IndicatorType.SCORE: "4",  # Ordinal
}


def _indicator(result, indicator: Indicator) -> None:
    element = etree.SubElement(
        result,
        "indicator",
        {
            "measure": MEASURE_OF_TYPE.get(indicator.type, codes.MEASURE_UNIT),
            "ascending": "0" if indicator.direction == Direction.LOWER else "1",
        },
    )
    title = etree.SubElement(element, "title")
    _narrative(title, indicator.title)
    if indicator.definition:
        _text_element(element, "description", indicator.definition)
    if indicator.baseline_value is not None and indicator.baseline_date is not None:
        etree.SubElement(
            element,
            "baseline",
            {
                "year": str(indicator.baseline_date.year),
                "iso-date": indicator.baseline_date.isoformat(),
                "value": _number(indicator.baseline_value),
            },
        )
    targets = {target.period_start: target.value for target in indicator.targets.all()}
    actuals = {value.period_start: value.value for value in indicator.approved_totals}
    for start in sorted(set(targets) | set(actuals)):
        period = etree.SubElement(element, "period")
        etree.SubElement(period, "period-start", {"iso-date": start.isoformat()})
        end = period_end(start, indicator.frequency)
        etree.SubElement(period, "period-end", {"iso-date": end.isoformat()})
        if start in targets:
            etree.SubElement(period, "target", {"value": _number(targets[start])})
        if actuals.get(start) is not None:
            etree.SubElement(period, "actual", {"value": _number(actuals[start])})


def _results(activity, partnership: Partnership, memory: dict) -> None:
    totals = Value.objects.filter(status=ValueStatus.APPROVED, disaggregation_key="")
    outcomes = (
        Outcome.objects.filter(partnership=partnership)
        .select_related("objective")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    "targets", Prefetch("values", queryset=totals, to_attr="approved_totals")
                ),
            )
        )
        .order_by("objective__position", "objective__id", "position", "id")
    )
    result_types = memory.get("result_types", {})
    for outcome in outcomes:
        indicators = list(outcome.indicators.all())
        if not indicators:
            continue  # IATI results need at least one indicator.
        result = etree.SubElement(
            activity,
            "result",
            {"type": result_types.get(str(outcome.uuid), codes.RESULT_OUTCOME)},
        )
        title = etree.SubElement(result, "title")
        _narrative(title, outcome.title)
        if outcome.description:
            _text_element(result, "description", outcome.description)
        for indicator in indicators:
            _indicator(result, indicator)


def activity_tree(partnership: Partnership, *, now=None) -> etree._ElementTree:
    """The <iati-activities> document of one partnership."""
    now = (now or timezone.now()).replace(microsecond=0)
    stamp = now.isoformat().replace("+00:00", "Z")
    memory = import_memory_in_partnership(partnership)
    parties = list(
        Party.objects.filter(partnership=partnership)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    coordinator = next(
        (p for p in parties if p.is_coordinator and p.status == PartyStatus.ACTIVE), None
    )
    currency = partnership.currency or "EUR"
    language = settings.LANGUAGE_CODE.split("-")[0]
    root = etree.Element("iati-activities", {"version": codes.IATI_VERSION})
    root.set("generated-datetime", stamp)
    activity = etree.SubElement(root, "iati-activity")
    activity.set(XML_LANG, language)
    activity.set("default-currency", currency)
    activity.set("last-updated-datetime", stamp)
    identifier = etree.SubElement(activity, "iati-identifier")
    identifier.text = activity_identifier(partnership, coordinator, memory)
    reporter = coordinator.organisation if coordinator else None
    reporting = etree.SubElement(activity, "reporting-org")
    reporting.set("ref", codes.organisation_ref(reporter))
    reporting.set("type", codes.TYPE_OF_KIND.get(reporter.kind, "90") if reporter else "90")
    _narrative(reporting, reporter.name if reporter else partnership.title)
    title = etree.SubElement(activity, "title")
    _narrative(title, partnership.title)
    _text_element(activity, "description", partnership.purpose, type="1")
    if partnership.objectives:
        _text_element(activity, "description", partnership.objectives, type="2")
    _participants(activity, partnership, parties, memory)
    etree.SubElement(
        activity, "activity-status", {"code": codes.STATUS_OF_STAGE.get(partnership.stage, "1")}
    )
    if partnership.starts_on:
        etree.SubElement(
            activity,
            "activity-date",
            {"iso-date": partnership.starts_on.isoformat(), "type": codes.PLANNED_START},
        )
    if partnership.ends_on:
        etree.SubElement(
            activity,
            "activity-date",
            {"iso-date": partnership.ends_on.isoformat(), "type": codes.PLANNED_END},
        )
    _sectors(activity, partnership)
    contributions = list(
        Contribution.objects.filter(partnership=partnership)
        .select_related("party__organisation", "recipient__organisation")
        .order_by("period_start", "created_at", "id")
    )
    _budgets(activity, partnership, contributions, currency)
    _transactions(activity, partnership, contributions, currency, coordinator)
    _results(activity, partnership, memory)
    return etree.ElementTree(root)


def export_missing(partnership: Partnership) -> list[str]:
    """What the partnership lacks before it can be written as an IATI activity."""
    missing = []
    if not partnership.starts_on and not partnership.ends_on:
        missing.append(
            _("A start date (or an end date): IATI needs at least one date for the activity.")
        )
    return missing


def export_warnings(partnership: Partnership) -> list[str]:
    """What makes the file valid but less useful to IATI readers."""
    parties = Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
    coordinator = next(
        (party for party in parties.select_related("organisation") if party.is_coordinator), None
    )
    warnings = []
    if coordinator is not None and not codes.organisation_ref(coordinator.organisation):
        warnings.append(
            _(
                "%(name)s has no SIREN number in its profile: the file has no organisation "
                "identifier (FR-RCS-…), and IATI readers cannot tell who published it."
            )
            % {"name": coordinator.organisation.name}
        )
    return warnings


def partnership_export(partnership: Partnership, *, now=None) -> Export:
    """The activity file, checked against the 2.03 schema before anyone gets it."""
    export = Export(missing=export_missing(partnership))
    if export.missing:
        return export
    tree = activity_tree(partnership, now=now)
    export.problems = schema_problems(tree)
    export.warnings = export_warnings(partnership)
    export.content = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return export
