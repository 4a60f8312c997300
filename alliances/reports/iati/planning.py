"""The plan of what one activity of a valid IATI file becomes in Alliances, with every part
mapped or skipped and why. Nothing is saved here (see importer.py)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.indicators.models import Direction, IndicatorType
from alliances.indicators.periods import MONTHS_PER_PERIOD, period_end, period_label, period_start
from alliances.organisations.models import Cause, Organisation
from alliances.partnerships.models import ContributionKind
from alliances.partnerships.services.workspace import current_currencies
from alliances.reports.iati import codes
from alliances.reports.iati.reading import activity_language, parse_date, parse_number, text_of

# Elements read into the partnership; any other child of <iati-activity> is reported skipped.
READ = {
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "activity-status",
    "activity-date",
    "sector",
    "tag",
    "budget",
    "transaction",
    "result",
}
WHY_NOT = {
    "document-link": gettext_lazy("documents are not imported"),
    "location": gettext_lazy("places are not imported: set the partnership's territory"),
    "recipient-country": gettext_lazy(
        "countries are not imported: set the partnership's territory"
    ),
    "recipient-region": gettext_lazy("regions are not imported: set the partnership's territory"),
    "contact-info": gettext_lazy("contacts are not imported: people join through invitations"),
}


@dataclass
class Participant:
    role: str
    name: str
    ref: str = ""
    type: str = ""
    organisation: Organisation | None = None

    def memory(self) -> dict:
        return {
            "role": self.role,
            "name": self.name,
            "ref": self.ref,
            "type": self.type,
            "organisation": str(self.organisation.uuid) if self.organisation else "",
        }


@dataclass
class PlannedContribution:
    provider: Organisation | None
    provider_name: str
    receiver: Organisation | None
    kind: str
    description: str
    start: date
    end: date | None = None
    planned: Decimal = Decimal(0)
    actual: Decimal | None = None


@dataclass
class PlannedIndicator:
    title: str
    definition: str = ""
    type: str = IndicatorType.QUANTITATIVE
    direction: str = Direction.HIGHER
    frequency: str = "yearly"
    baseline_value: Decimal | None = None
    baseline_date: date | None = None
    targets: dict = field(default_factory=dict)
    actuals: dict = field(default_factory=dict)


@dataclass
class PlannedResult:
    title: str
    description: str
    type: str
    indicators: list = field(default_factory=list)


@dataclass
class ActivityPlan:
    identifier: str = ""
    data: dict = field(default_factory=dict)
    causes: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    results: list = field(default_factory=list)
    mapped: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def map(self, element: str, detail: str) -> None:
        self.mapped.append({"element": element, "detail": detail})

    def skip(self, element: str, reason: str) -> None:
        self.skipped.append({"element": element, "reason": reason})


def _organisation_for_ref(ref: str) -> Organisation | None:
    lookup = codes.lookup_of_ref(ref)
    if lookup is None:
        return None
    found = Organisation.objects.filter(**lookup).first()
    if found is None and "siret" in lookup:
        found = Organisation.objects.filter(siren=lookup["siret"][:9]).first()
    return found


def _read_header(plan: ActivityPlan, activity, lang: str) -> None:
    plan.identifier = (activity.findtext("iati-identifier") or "").strip()[:255]
    if plan.identifier:
        plan.map(
            "iati-identifier",
            _("kept as the activity's identifier: %(id)s") % {"id": plan.identifier},
        )
    else:
        plan.skip("iati-identifier", _("empty: the export will make a new identifier"))
    title = text_of(activity.find("title"), lang) or _("Imported activity")
    if len(title) > 200:
        plan.skip("title", _("shortened to 200 characters"))
        title = title[:199].rstrip() + "…"
    plan.map("title", title)
    general, objectives = "", ""
    for description in activity.findall("description"):
        text = text_of(description, lang)
        kind = description.get("type") or "1"
        if kind == "1" and not general:
            general = text
        elif kind == "2" and not objectives:
            objectives = text
        else:
            plan.skip(
                "description",
                _("type %(type)s: only the general description and the objectives are kept")
                % {"type": kind},
            )
    general = general or objectives or title
    plan.map("description", _("the partnership's purpose"))
    if objectives:
        plan.map("description type 2", _("the partnership's shared objectives"))
    currency = (activity.get("default-currency") or "EUR").strip().upper()
    if currency not in current_currencies():
        plan.skip(
            "default-currency",
            _("%(code)s is not a current currency: EUR is used") % {"code": currency},
        )
        currency = "EUR"
    plan.data = {
        "title": title,
        "purpose": general[:5000],
        "objectives": objectives[:5000],
        "currency": currency,
        "starts_on": None,
        "ends_on": None,
    }
    reporting = activity.find("reporting-org")
    plan.skip(
        "reporting-org",
        _("%(name)s: your organisation reports the new partnership, as its coordinator")
        % {"name": text_of(reporting, lang) or reporting.get("ref", "")},
    )
    status = activity.find("activity-status")
    if status is not None:
        plan.skip(
            "activity-status",
            _("the new partnership starts at the exploration stage: move it forward from its page"),
        )


def _read_dates(plan: ActivityPlan, activity) -> None:
    found: dict[str, date] = {}
    unknown = []
    for element in activity.findall("activity-date"):
        day = parse_date(element.get("iso-date"))
        kind = element.get("type", "")
        if day is None:
            plan.skip("activity-date", _("the date is not readable"))
        elif kind in {codes.PLANNED_START, codes.ACTUAL_START, codes.PLANNED_END, codes.ACTUAL_END}:
            found.setdefault(kind, day)
        else:
            unknown.append(day)
    start = found.get(codes.ACTUAL_START) or found.get(codes.PLANNED_START)
    end = found.get(codes.ACTUAL_END) or found.get(codes.PLANNED_END)
    if start is None and end is None and unknown:
        start = min(unknown)
        plan.skip(
            "activity-date",
            _("unknown date type: %(day)s is used as the start date") % {"day": start.isoformat()},
        )
    if start and end and end < start:
        plan.skip("activity-date", _("the end is before the start: the end date is left out"))
        end = None
    plan.data["starts_on"], plan.data["ends_on"] = start, end
    if start:
        plan.map("activity-date", _("start date %(day)s") % {"day": start.isoformat()})
    if end:
        plan.map("activity-date", _("end date %(day)s") % {"day": end.isoformat()})


def _read_causes(plan: ActivityPlan, activity) -> None:
    codes_wanted = []
    for element in activity.findall("sector") + activity.findall("tag"):
        vocabulary = element.get("vocabulary") or ("1" if element.tag == "sector" else "1")
        code = (element.get("code") or "").strip()
        goals = {"sector": codes.SDG_GOAL_SECTOR, "tag": codes.SDG_GOAL_TAG}[element.tag]
        targets = {"sector": codes.SDG_TARGET_SECTOR, "tag": codes.SDG_TARGET_TAG}[element.tag]
        if vocabulary in {goals, targets}:
            codes_wanted.append((element.tag, code))
        else:
            plan.skip(
                element.tag,
                _(
                    "vocabulary %(vocabulary)s, code %(code)s: causes are UN SDG goals "
                    "and targets only"
                )
                % {"vocabulary": vocabulary, "code": code},
            )
    known = {
        c.code: c for c in Cause.objects.filter(code__in=[code for _tag, code in codes_wanted])
    }
    for tag, code in codes_wanted:
        if code in known and known[code] not in plan.causes:
            plan.causes.append(known[code])
            plan.map(tag, _("cause %(code)s") % {"code": code})
        elif code not in known:
            plan.skip(tag, _("%(code)s is not a UN SDG goal or target") % {"code": code})


def _read_participants(plan: ActivityPlan, activity, lang: str) -> None:
    for element in activity.findall("participating-org"):
        role = (element.get("role") or "").strip()
        name = text_of(element, lang)[:200]
        ref = (element.get("ref") or "").strip()[:100]
        label = name or ref or "?"
        if role not in codes.ROLES:
            plan.skip(
                "participating-org",
                _("%(name)s: “%(role)s” is not an IATI organisation role")
                % {"name": label, "role": role},
            )
            continue
        if not name and not ref:
            plan.skip("participating-org", _("neither a name nor an identifier"))
            continue
        organisation = _organisation_for_ref(ref) if ref else None
        plan.participants.append(
            Participant(
                role=role,
                name=name or (organisation.name if organisation else ""),
                ref=ref,
                type=(element.get("type") or "").strip()[:10],
                organisation=organisation,
            )
        )
        if organisation is not None:
            plan.map(
                "participating-org",
                _("%(name)s, found in the directory") % {"name": organisation.name},
            )
        else:
            plan.map(
                "participating-org",
                _("%(name)s, named as a participant (not in the directory)") % {"name": label},
            )


def _read_transactions(plan: ActivityPlan, activity, lang: str) -> None:
    currency = plan.data["currency"]
    by_ref: dict[str, PlannedContribution] = {}
    for element in activity.findall("transaction"):
        kind_code = element.find("transaction-type").get("code", "")
        day = parse_date(element.find("transaction-date").get("iso-date"))
        value = element.find("value")
        amount = parse_number(value.text)
        value_currency = (
            value.get("currency") or activity.get("default-currency") or "EUR"
        ).upper()
        provider = element.find("provider-org")
        provider_name = text_of(provider, lang) if provider is not None else ""
        provider_ref = (provider.get("ref") or "").strip() if provider is not None else ""
        if kind_code not in codes.PLANNED_TRANSACTION_TYPES | codes.ACTUAL_TRANSACTION_TYPES:
            plan.skip(
                "transaction",
                _("type %(code)s is not a contribution (commitment, pledge, funds or spending)")
                % {"code": kind_code},
            )
        elif amount is None or amount < 0:
            plan.skip("transaction", _("the amount is not a positive number"))
        elif day is None:
            plan.skip("transaction", _("the date is not readable"))
        elif value_currency != currency:
            plan.skip(
                "transaction",
                _("in %(code)s, while the partnership counts in %(currency)s")
                % {"code": value_currency, "currency": currency},
            )
        elif provider is None or not (provider_name or provider_ref):
            plan.skip(
                "transaction", _("transaction without a provider-org: nobody to attribute it to")
            )
        else:
            match = codes.CONTRIBUTION_REF.match(element.get("ref") or "")
            kind = match["kind"] if match else ContributionKind.MONEY
            description = text_of(element.find("description"), lang)
            label = str(ContributionKind(kind).label) + ": "
            if kind != ContributionKind.MONEY and description.startswith(label):
                description = description[len(label) :]
            receiver = element.find("receiver-org")
            receiver_ref = (receiver.get("ref") or "").strip() if receiver is not None else ""
            key = match["uuid"] if match else f"#{len(by_ref)}"
            contribution = by_ref.get(key) or PlannedContribution(
                provider=_organisation_for_ref(provider_ref) if provider_ref else None,
                provider_name=provider_name or provider_ref,
                receiver=_organisation_for_ref(receiver_ref) if receiver_ref else None,
                kind=kind,
                description=(description or _("Imported from IATI"))[:300],
                start=day,
            )
            amount = amount.quantize(Decimal("0.01"))
            if kind_code in codes.PLANNED_TRANSACTION_TYPES:
                contribution.planned += amount
                contribution.start = min(contribution.start, day)
            else:
                contribution.actual = (contribution.actual or Decimal(0)) + amount
                if day > contribution.start:
                    contribution.end = day
            by_ref[key] = contribution
    plan.contributions = list(by_ref.values())
    for _budget in activity.findall("budget"):
        plan.skip("budget", _("budgets are worked out again from the contributions"))


def _frequency(periods: list[tuple[date, date]]) -> tuple[str, bool]:
    """The frequency whose periods these are exactly, or the nearest by length."""
    for frequency in ("yearly", "half_yearly", "quarterly", "monthly"):
        if periods and all(
            start == period_start(start, frequency) and end == period_end(start, frequency)
            for start, end in periods
        ):
            return frequency, True
    if not periods:
        return "yearly", True
    days = sorted((end - start).days for start, end in periods)[len(periods) // 2]
    for frequency, months in sorted(MONTHS_PER_PERIOD.items(), key=lambda item: -item[1]):
        if days >= months * 30 - 20:
            return frequency, False
    return "monthly", False


def _read_indicator(plan: ActivityPlan, element, lang: str) -> PlannedIndicator:
    title = text_of(element.find("title"), lang)[:300] or _("Indicator")
    measure = element.get("measure", "")
    indicator = PlannedIndicator(
        title=title, definition=text_of(element.find("description"), lang)[:4000]
    )
    if measure == codes.MEASURE_PERCENTAGE:
        indicator.type = IndicatorType.PERCENTAGE
    elif measure != codes.MEASURE_UNIT:
        plan.skip(
            "indicator measure",
            _("%(title)s: measure “%(measure)s” is read as a quantity")
            % {"title": title, "measure": measure},
        )
    if element.get("ascending") in {"0", "false"}:
        indicator.direction = Direction.LOWER
    for baseline in element.findall("baseline"):
        value = parse_number(baseline.get("value"))
        if value is None:
            plan.skip(
                "baseline",
                _("%(title)s: “%(value)s” is not a number")
                % {"title": title, "value": baseline.get("value", "")},
            )
            continue
        if indicator.baseline_value is not None:
            plan.skip(
                "baseline", _("%(title)s: only the first baseline is kept") % {"title": title}
            )
            continue
        year = int(baseline.get("year"))
        day = parse_date(baseline.get("iso-date"))
        if day is None and 1900 <= year <= 2999:
            day = date(year, 1, 1)
        if day is None:
            plan.skip(
                "baseline", _("%(title)s: the baseline year is not readable") % {"title": title}
            )
            continue
        indicator.baseline_value, indicator.baseline_date = value, day
    spans = []
    for period in element.findall("period"):
        start = parse_date(period.find("period-start").get("iso-date"))
        end = parse_date(period.find("period-end").get("iso-date"))
        if start is None or end is None or end < start:
            plan.skip("period", _("%(title)s: a period with unreadable dates") % {"title": title})
            continue
        spans.append((start, end, period))
    frequency, exact = _frequency([(start, end) for start, end, _p in spans])
    indicator.frequency = frequency
    for start, end, period in spans:
        first = period_start(start, frequency)
        if not exact:
            plan.skip(
                "period",
                _("%(title)s: %(start)s to %(end)s is read as %(period)s")
                % {
                    "title": title,
                    "start": start,
                    "end": end,
                    "period": period_label(first, frequency),
                },
            )
        if first in indicator.targets or first in indicator.actuals:
            plan.skip(
                "period",
                _("%(title)s: two periods fall in %(period)s; the second is left out")
                % {"title": title, "period": period_label(first, frequency)},
            )
            continue
        for tag, store in (("target", indicator.targets), ("actual", indicator.actuals)):
            figures = period.findall(tag)
            if not figures:
                continue
            plain = [f for f in figures if f.find("dimension") is None] or figures
            figure = plain[0]
            value = parse_number(figure.get("value"))
            if value is None:
                plan.skip(
                    tag,
                    _("%(title)s, %(period)s: “%(value)s” is not a number")
                    % {
                        "title": title,
                        "period": period_label(first, frequency),
                        "value": figure.get("value", ""),
                    },
                )
                continue
            store[first] = value
            if len(figures) > 1:
                plan.skip(
                    tag,
                    _("%(title)s, %(period)s: figures broken down by dimension are not imported")
                    % {"title": title, "period": period_label(first, frequency)},
                )
            elif figure.find("dimension") is not None:
                plan.skip(
                    tag,
                    _(
                        "%(title)s, %(period)s: the only figure is kept as the total, "
                        "without its dimensions"
                    )
                    % {"title": title, "period": period_label(first, frequency)},
                )
    return indicator


def _read_results(plan: ActivityPlan, activity, lang: str) -> None:
    for element in activity.findall("result"):
        title = text_of(element.find("title"), lang)[:300] or _("Result")
        kind = element.get("type", "")
        if kind not in codes.RESULT_TYPES:
            plan.skip(
                "result",
                _("%(title)s: type “%(type)s” is read as an outcome")
                % {"title": title, "type": kind},
            )
            kind = codes.RESULT_OUTCOME
        result = PlannedResult(
            title=title, description=text_of(element.find("description"), lang)[:4000], type=kind
        )
        for indicator in element.findall("indicator"):
            result.indicators.append(_read_indicator(plan, indicator, lang))
        plan.results.append(result)
        plan.map(
            "result",
            _("%(title)s, with %(count)s indicators")
            % {"title": title, "count": len(result.indicators)},
        )


def plan_activity(activity) -> ActivityPlan:
    """What one activity of a valid file becomes, with what is mapped and what is skipped."""
    plan = ActivityPlan()
    lang = activity_language(activity)
    _read_header(plan, activity, lang)
    _read_dates(plan, activity)
    _read_causes(plan, activity)
    _read_participants(plan, activity, lang)
    _read_transactions(plan, activity, lang)
    _read_results(plan, activity, lang)
    for child in activity:
        if child.tag in READ or not isinstance(child.tag, str):
            continue
        plan.skip(child.tag, str(WHY_NOT.get(child.tag) or _("not used by Alliances")))
    return plan
