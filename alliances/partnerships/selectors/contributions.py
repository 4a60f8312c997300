"""Reads of the contributions ledger: lines, filters, totals per party and type, and what each
party gives and gets (the value-exchange view). Amounts are shown in the partnership's currency,
formatted for the language of whoever reads them."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal, format_percent
from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import translation
from django.utils.translation import gettext as _

from alliances.partnerships.models import (
    Assessment,
    Contribution,
    ContributionKind,
    Partnership,
    Party,
    PartyStatus,
    ValueKind,
)
from alliances.partnerships.selectors.ledger import ZERO, ledger_totals_in_partnership

# Formatting


def babel_locale() -> str:
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


def format_money(amount: Decimal, currency: str) -> str:
    return format_currency(amount, currency, locale=babel_locale())


@dataclass(frozen=True)
class Money:
    """An amount that prints itself in the reader's language when a template shows it."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


@dataclass(frozen=True)
class Quantity:
    value: Decimal

    def __str__(self) -> str:
        return format_decimal(self.value, locale=babel_locale())


@dataclass(frozen=True)
class Rate:
    """Actual value over planned value: how much of what was promised was given."""

    value: Decimal

    def __str__(self) -> str:
        # One decimal at most: 47.5 %, 50 %.
        rounded = self.value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        return format_percent(rounded, locale=babel_locale(), decimal_quantization=False)


def realisation(planned: Decimal, actual: Decimal) -> Rate | None:
    if not planned:
        return None
    return Rate(actual / planned)


# Filters


@dataclass(frozen=True)
class LedgerFilters:
    party: Party | None = None
    kind: str = ""
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.party or self.kind or self.year)

    def params(self) -> dict[str, str]:
        values = {}
        if self.party:
            values["party"] = str(self.party.uuid)
        if self.kind:
            values["kind"] = self.kind
        if self.year:
            values["year"] = str(self.year)
        return values


def ledger_year():
    """The year a line counts in: the year its period starts (or ends, when only the end is
    known), else the year it was recorded. Each line falls in exactly one year, so the years'
    totals add up to the whole ledger."""
    return Coalesce(
        ExtractYear("period_start"), ExtractYear("period_end"), ExtractYear("created_at")
    )


def contributions_in_partnership(
    *, partnership: Partnership, filters: LedgerFilters | None = None
) -> QuerySet[Contribution]:
    filters = filters or LedgerFilters()
    lines = Contribution.objects.filter(partnership=partnership).select_related(
        "party__organisation", "recipient__organisation"
    )
    if filters.party:
        lines = lines.filter(party=filters.party)
    if filters.kind:
        lines = lines.filter(kind=filters.kind)
    if filters.year:
        lines = lines.annotate(ledger_year=ledger_year()).filter(ledger_year=filters.year)
    return lines.order_by(
        "party__created_at", "party_id", F("period_start").asc(nulls_last=True), "created_at", "id"
    )


def ledger_years_in_partnership(*, partnership: Partnership) -> list[int]:
    years = (
        Contribution.objects.filter(partnership=partnership)
        .annotate(ledger_year=ledger_year())
        .values_list("ledger_year", flat=True)
        .distinct()
    )
    return sorted({year for year in years if year}, reverse=True)


def ledger_parties_in_partnership(*, partnership: Partnership) -> list[Party]:
    """Parties the ledger shows: those taking part, and those that left lines behind."""
    return list(
        Party.objects.filter(partnership=partnership)
        .filter(Q(status=PartyStatus.ACTIVE) | Q(contributions__isnull=False))
        .select_related("organisation")
        .distinct()
        .order_by("created_at", "id")
    )


def recipient_choices_in_partnership(
    *, partnership: Partnership, keep: Party | None = None
) -> QuerySet[Party]:
    """Parties that may receive money: those taking part, and the one a line already names."""
    condition = Q(status=PartyStatus.ACTIVE)
    if keep is not None:
        condition |= Q(pk=keep.pk)
    return (
        Party.objects.filter(partnership=partnership)
        .filter(condition)
        .select_related("organisation")
        .order_by("created_at", "id")
    )


# The ledger page


@dataclass
class KindTotal:
    kind: str
    label: str
    planned: Money
    actual: Money

    @property
    def rate(self) -> Rate | None:
        return realisation(self.planned.amount, self.actual.amount)


@dataclass
class LedgerLine:
    contribution: Contribution
    currency: str

    @property
    def planned(self) -> Money:
        return Money(self.contribution.planned_amount, self.currency)

    @property
    def actual(self) -> Money | None:
        if self.contribution.actual_amount is None:
            return None
        return Money(self.contribution.actual_amount, self.currency)

    @property
    def rate(self) -> Money | None:
        if self.contribution.unit_rate is None:
            return None
        return Money(self.contribution.unit_rate, self.currency)

    @property
    def planned_quantity(self) -> Quantity | None:
        value = self.contribution.planned_quantity
        return None if value is None else Quantity(value)

    @property
    def actual_quantity(self) -> Quantity | None:
        value = self.contribution.actual_quantity
        return None if value is None else Quantity(value)


def kind_totals(
    planned: dict[str, Decimal], actual: dict[str, Decimal], currency: str
) -> list[KindTotal]:
    return [
        KindTotal(kind, str(label), Money(planned[kind], currency), Money(actual[kind], currency))
        for kind, label in ContributionKind.choices
        if planned.get(kind) or actual.get(kind)
    ]


@dataclass
class PartyLedger:
    party: Party
    lines: list[LedgerLine]
    kinds: list[KindTotal]
    planned: Money
    actual: Money

    @property
    def rate(self) -> Rate | None:
        return realisation(self.planned.amount, self.actual.amount)


@dataclass
class Ledger:
    currency: str
    groups: list[PartyLedger]
    kinds: list[KindTotal]
    planned: Money
    actual: Money
    line_count: int

    @property
    def rate(self) -> Rate | None:
        return realisation(self.planned.amount, self.actual.amount)


def totals_by_kind(lines: list[Contribution]) -> tuple[dict, dict]:
    """Planned and actual amounts per type of contribution, for the ledger and the reports."""
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    actual: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        planned[line.kind] += line.planned_amount
        actual[line.kind] += line.actual_amount or ZERO
    return planned, actual


def ledger_in_partnership(
    *, partnership: Partnership, parties: list[Party], filters: LedgerFilters
) -> Ledger:
    """Lines grouped by party, with totals per party and type, planned and actual.

    `parties` are the ones the page lists (see `ledger_parties_in_partnership`); a party with
    no line matching the filters still gets its (empty) group, so that the page says so.
    """
    currency = partnership.currency
    lines = list(contributions_in_partnership(partnership=partnership, filters=filters))
    by_party: dict[int, list[Contribution]] = defaultdict(list)
    for line in lines:
        by_party[line.party_id].append(line)
    shown = [party for party in parties if not filters.party or party.pk == filters.party.pk]
    groups = []
    for party in shown:
        party_lines = by_party.get(party.pk, [])
        planned, actual = totals_by_kind(party_lines)
        groups.append(
            PartyLedger(
                party=party,
                lines=[LedgerLine(line, currency) for line in party_lines],
                kinds=kind_totals(planned, actual, currency),
                planned=Money(sum(planned.values(), ZERO), currency),
                actual=Money(sum(actual.values(), ZERO), currency),
            )
        )
    planned, actual = totals_by_kind(lines)
    return Ledger(
        currency=currency,
        groups=groups,
        kinds=kind_totals(planned, actual, currency),
        planned=Money(sum(planned.values(), ZERO), currency),
        actual=Money(sum(actual.values(), ZERO), currency),
        line_count=len(lines),
    )


# The value-exchange view

# What each type of contribution brings, in the words of the assessment's exchange of value.
KIND_VALUES = {
    ContributionKind.MONEY: ValueKind.FUNDING,
    ContributionKind.SKILLS: ValueKind.EXPERTISE,
    ContributionKind.VOLUNTEERING: ValueKind.VOLUNTEERS,
    ContributionKind.IN_KIND: ValueKind.IN_KIND,
    ContributionKind.PREMISES: ValueKind.IN_KIND,
}


def value_labels(values: list[str]) -> list[str]:
    labels = dict(ValueKind.choices)
    return [str(labels[value]) for value in values if value in labels]


@dataclass
class Exchange:
    party: Party
    gives: list[KindTotal]
    gives_planned: Money
    gives_actual: Money
    # What the party says in its assessment; None while it is not known to the reader.
    says_it_gives: list[str] | None
    says_it_gets: list[str] | None
    unknown_reason: str
    received: list[LedgerLine]
    received_planned: Money
    received_actual: Money
    warning: str = ""
    matched: list[str] = field(default_factory=list)


def _comparison_open(parties: list[Party], assessments: dict[int, Assessment]) -> bool:
    return all(party.pk in assessments and assessments[party.pk].is_submitted for party in parties)


def _provided_to(party: Party, lines: list[Contribution], declared: dict[int, list[str]]):
    """What the other parties bring that this party can benefit from: their ledger lines (money
    counts only when it goes to this party or to no one in particular) and, once visible, what
    their assessments say they give."""
    provided = set()
    for line in lines:
        if line.party_id == party.pk or not (line.planned_amount or line.actual_amount):
            continue
        if line.kind == ContributionKind.MONEY and line.recipient_id not in (None, party.pk):
            continue
        if line.kind in KIND_VALUES:
            provided.add(KIND_VALUES[line.kind])
    for party_id, gives in declared.items():
        if party_id != party.pk:
            provided.update(gives)
    return provided


def value_exchange_in_partnership(
    *, partnership: Partnership, reader_parties: list[Party]
) -> list[Exchange]:
    """For each party taking part: what it gives (the ledger, valued), what it says it gets
    (its assessment), and the money the others say they give it.

    Assessments stay confidential until every party has submitted its own: before that, the
    reader sees only the answers of its own parties.
    """
    currency = partnership.currency
    parties = list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    assessments = {
        assessment.party_id: assessment
        for assessment in Assessment.objects.filter(partnership=partnership)
    }
    comparison_open = _comparison_open(parties, assessments)
    reader_ids = {party.pk for party in reader_parties}
    totals = ledger_totals_in_partnership(partnership)
    lines = list(
        Contribution.objects.filter(partnership=partnership).select_related(
            "party__organisation", "recipient__organisation"
        )
    )
    visible: dict[int, Assessment] = {}
    for party in parties:
        assessment = assessments.get(party.pk)
        if assessment and assessment.is_submitted and (comparison_open or party.pk in reader_ids):
            visible[party.pk] = assessment
    declared = {pk: a.gives for pk, a in visible.items()} if comparison_open else {}
    exchanges = []
    for party in parties:
        party_totals = totals.of(party.pk)
        received = [
            LedgerLine(line, currency)
            for line in lines
            if line.kind == ContributionKind.MONEY and line.recipient_id == party.pk
        ]
        assessment = visible.get(party.pk)
        exchange = Exchange(
            party=party,
            gives=kind_totals(party_totals.planned_by_kind, party_totals.actual_by_kind, currency),
            gives_planned=Money(party_totals.planned, currency),
            gives_actual=Money(party_totals.actual, currency),
            says_it_gives=value_labels(assessment.gives) if assessment else None,
            says_it_gets=value_labels(assessment.gets) if assessment else None,
            unknown_reason=_unknown_reason(assessments.get(party.pk)),
            received=received,
            received_planned=Money(party_totals.money_received_planned, currency),
            received_actual=Money(party_totals.money_received_actual, currency),
        )
        if assessment is not None:
            gets = set(assessment.gets)
            provided = _provided_to(party, lines, declared)
            exchange.matched = value_labels(
                [value for value in ValueKind.values if value in (gets & provided)]
            )
            gives_something = bool(party_totals.planned or party_totals.actual)
            if gives_something and not gets:
                exchange.warning = _("It gives, and says it gets nothing in return.")
            elif gives_something and not exchange.matched:
                exchange.warning = _(
                    "It gives, but nothing it says it values is given by the other parties."
                )
        exchanges.append(exchange)
    return exchanges


def _unknown_reason(assessment: Assessment | None) -> str:
    if assessment is None or not assessment.is_submitted:
        return _("Not known yet: this party has not submitted its assessment.")
    return _("Not known yet: shown once every party has submitted its assessment.")
