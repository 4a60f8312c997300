"""The opportunity assessment's fit score, red flags, agreements and gaps.

A pure function of the parties' answers and of the contributions ledger: no database, no
clock, no randomness, and the same result whatever the order of the parties. The rules are
written for people in docs/assessment-scoring.md; keep both in step.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from django.utils.formats import number_format

from alliances.organisations.models import Resource, Sector
from alliances.partnerships.models import DecisionRights, ValueKind
from alliances.partnerships.scoring.rules import (
    CLARITY,
    FINDING_MESSAGES,
    FLAG_MESSAGES,
    PILLARS,
    POWER,
    QUESTIONS,
    REACH,
    RULES,
    VALUES,
    Rule,
)
from alliances.partnerships.scoring.text import count_items, is_everyone, is_written, words

__all__ = [
    "AGREEMENT",
    "GAP",
    "LEDGER",
    "PILLARS",
    "FitResult",
    "Finding",
    "PartyAnswers",
    "PartyLedger",
    "PillarScore",
    "Proportionality",
    "RedFlag",
    "anchor_of",
    "assessment_score",
]

AGREEMENT, GAP = "agreement", "gap"

ZERO = Decimal("0")
LOW_LEVEL = 2  # a bandwidth of 1 or 2 out of 5 is low
BANDWIDTH_GAP = 2  # views of a party's bandwidth differ when they are 2 levels apart or more
LEDGER = "ledger"  # the "field" of a flag raised by the contributions ledger

# Inputs


@dataclass(frozen=True)
class PartyAnswers:
    """One party's submitted answers. `party` is a stable key (its public id)."""

    party: str
    name: str
    sector: str = ""
    lacks: str = ""
    lacks_resources: frozenset[str] = frozenset()
    our_bandwidth: int | None = None
    their_bandwidth: int | None = None
    admin_load: int | None = None
    expected_benefit: int | None = None
    non_negotiables: str = ""
    shared_values: str = ""
    gives: frozenset[str] = frozenset()
    gets: frozenset[str] = frozenset()
    audience: str = ""
    influencers: str = ""
    expected_action: str = ""
    success_measure: str = ""
    holds_money: bool = False
    asks_in_return: str = ""
    guard_rails: str = ""
    decision_rights: str = ""


@dataclass(frozen=True)
class PartyLedger:
    """What one party plans to give and receive according to the contributions ledger."""

    party: str
    money_given: Decimal = ZERO
    work_given: Decimal = ZERO  # skills and volunteering, valued
    in_kind_given: Decimal = ZERO  # goods, premises and other contributions, valued
    money_received: Decimal = ZERO


# Outputs


def _fill(template, values: tuple, currency: str) -> str:
    """The sentence in the language active when it is read."""
    shown = {}
    for key, value in values:
        if isinstance(value, Decimal):
            places = 1 if key == "others" else 2
            value = number_format(value, places, force_grouping=True)
            if key in {"amount", "deliverables", "received", "work"} and currency:
                value = f"{value} {currency}"
        elif key == "resource":
            value = str(dict(Resource.choices).get(value, value))
        elif key == "kind":
            value = str(dict(ValueKind.choices).get(value, value))
        shown[key] = value
    return str(template) % shown


@dataclass(frozen=True)
class RedFlag:
    code: str
    party: str
    party_name: str
    field: str  # the answer that raised it, or LEDGER
    variant: str = ""
    figures: tuple[tuple[str, object], ...] = ()
    currency: str = ""

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def pillar(self) -> str:
        return self.rule.pillar

    @property
    def title(self) -> str:
        return str(self.rule.title)

    @property
    def remedy(self) -> str:
        return str(self.rule.remedy)

    @property
    def message(self) -> str:
        values = (("party", self.party_name), *self.figures)
        return _fill(FLAG_MESSAGES[self.code, self.variant], values, self.currency)

    @property
    def anchor(self) -> str:
        return anchor_of(self.party, self.field)


@dataclass(frozen=True)
class Finding:
    """An agreement or a gap between the parties' answers, pointing to the cells compared."""

    pillar: str
    kind: str  # AGREEMENT or GAP
    code: str
    cells: tuple[tuple[str, str], ...]  # (party, field)
    values: tuple[tuple[str, object], ...] = ()

    @property
    def message(self) -> str:
        return _fill(FINDING_MESSAGES[self.code], self.values, "")

    @property
    def anchors(self) -> list[str]:
        return [anchor_of(party, field) for party, field in self.cells]


@dataclass(frozen=True)
class Proportionality:
    """For a civil-society party: what it gives besides money against the money it receives."""

    party: str
    party_name: str
    work: Decimal
    deliverables: Decimal  # work and in kind
    money_received: Decimal

    @property
    def ratio(self) -> Decimal | None:
        if not self.money_received:
            return None
        # Rounded up: a ratio shown as 1.00 is never one that raised a flag.
        ratio = self.deliverables / self.money_received
        return ratio.quantize(Decimal("0.01"), rounding=ROUND_CEILING)

    @property
    def anchor(self) -> str:
        return anchor_of(self.party, LEDGER)


@dataclass(frozen=True)
class PillarScore:
    pillar: str
    score: int

    @property
    def title(self) -> str:
        return str(PILLARS[self.pillar])


@dataclass(frozen=True)
class FitResult:
    overall: int
    pillars: tuple[PillarScore, ...]
    flags: tuple[RedFlag, ...]
    findings: tuple[Finding, ...]
    proportionality: tuple[Proportionality, ...]

    def score_of(self, pillar: str) -> int:
        return next(item.score for item in self.pillars if item.pillar == pillar)

    def flags_in(self, pillar: str) -> list[RedFlag]:
        return [flag for flag in self.flags if flag.pillar == pillar]

    def findings_in(self, pillar: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.pillar == pillar]

    @property
    def flag_codes(self) -> set[str]:
        return {flag.code for flag in self.flags}


def anchor_of(party: str, field: str) -> str:
    return f"answer-{party}-{field}"


# Scoring


RESOURCE_VALUES: dict[str, frozenset[str]] = {
    Resource.FUNDING: frozenset({ValueKind.FUNDING}),
    Resource.SKILLS: frozenset({ValueKind.EXPERTISE}),
    Resource.VOLUNTEERS: frozenset({ValueKind.VOLUNTEERS}),
    Resource.IN_KIND: frozenset({ValueKind.IN_KIND}),
    Resource.PREMISES: frozenset({ValueKind.IN_KIND}),
    Resource.NETWORK_AUDIENCE: frozenset({ValueKind.NETWORK, ValueKind.AUDIENCE}),
    Resource.FIELD_EXPERTISE: frozenset({ValueKind.EXPERTISE}),
    Resource.DATA: frozenset({ValueKind.DATA}),
    Resource.POLICY_LEVER: frozenset({ValueKind.NETWORK}),
    Resource.CREDIBILITY: frozenset({ValueKind.CREDIBILITY}),
}
ONE_DECIDES = {DecisionRights.US, DecisionRights.THEM, DecisionRights.FUNDER}


def _mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values) if values else Fraction(0)


def _round(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _level(value: int | None) -> Fraction:
    return Fraction(value - 1, 4) if value else Fraction(0)


def _clarity_rating(count: int) -> Fraction:
    return Fraction(min(100, 55 + 15 * count) if count else 0, 100)


def _ratings(answer: PartyAnswers, others: list[PartyAnswers]) -> dict[str, Fraction]:
    """How complete and sound one party's answers are, pillar by pillar, from 0 to 1."""
    given_by_others = set().union(*(other.gives for other in others))
    wanted_by_others = set().union(*(other.gets for other in others))
    levels = [level for level in (answer.our_bandwidth, answer.their_bandwidth) if level]
    load = Fraction(0)
    if answer.admin_load and answer.expected_benefit:
        load = Fraction(max(0, min(8, answer.expected_benefit - answer.admin_load + 4)), 8)
    need = is_written(answer.lacks) or bool(answer.lacks_resources)
    met = len(answer.gets & given_by_others)
    wanted = len(answer.gives & wanted_by_others)
    audience = is_written(answer.audience) and not is_everyone(answer.audience)
    details = (answer.influencers, answer.expected_action, answer.success_measure)
    reach = Fraction(2 * audience + sum(is_written(text) for text in details), 5)
    power = [answer.decision_rights == DecisionRights.SHARED, is_written(answer.guard_rails)]
    if answer.holds_money:
        power.append(is_written(answer.asks_in_return))
    return {
        QUESTIONS: _mean([Fraction(int(need)), _level(min(levels) if levels else None), load]),
        CLARITY: _clarity_rating(count_items(answer.non_negotiables)),
        VALUES: _mean(
            [
                Fraction(int(is_written(answer.shared_values))),
                Fraction(met, len(answer.gets)) if answer.gets else Fraction(0),
                Fraction(wanted, len(answer.gives)) if answer.gives else Fraction(0),
            ]
        ),
        REACH: reach,
        POWER: _mean([Fraction(int(value)) for value in power]),
    }


def _answer_flags(answer: PartyAnswers, others: list[PartyAnswers], money_given: Decimal):
    def flag(code: str, field: str, variant: str = "", **figures) -> RedFlag:
        return RedFlag(code, answer.party, answer.name, field, variant, tuple(figures.items()))

    if not (is_written(answer.lacks) or answer.lacks_resources):
        yield flag("no_need_stated", "lacks")
    if answer.our_bandwidth and answer.our_bandwidth <= LOW_LEVEL:
        yield flag("low_bandwidth", "our_bandwidth", "own", level=answer.our_bandwidth)
    if answer.their_bandwidth and answer.their_bandwidth <= LOW_LEVEL:
        yield flag("low_bandwidth", "their_bandwidth", "others", level=answer.their_bandwidth)
    if (
        answer.admin_load
        and answer.expected_benefit
        and answer.admin_load > answer.expected_benefit
    ):
        yield flag(
            "admin_load_exceeds_benefit",
            "admin_load",
            load=answer.admin_load,
            benefit=answer.expected_benefit,
        )
    if not count_items(answer.non_negotiables):
        yield flag("no_non_negotiables", "non_negotiables")
    if not answer.gets:
        yield flag("receives_nothing_valued", "gets", "none_named")
    elif not answer.gets & set().union(*(other.gives for other in others)):
        yield flag("receives_nothing_valued", "gets", "not_given")
    if not answer.gives:
        yield flag("gives_nothing", "gives")
    if not is_written(answer.audience):
        yield flag("audience_undefined", "audience", "empty")
    elif is_everyone(answer.audience):
        yield flag("audience_undefined", "audience", "everyone", text=answer.audience.strip())
    if not is_written(answer.expected_action):
        yield flag("impact_undefined", "expected_action", "action")
    if not is_written(answer.success_measure):
        yield flag("impact_undefined", "success_measure", "result")
    if answer.decision_rights in ONE_DECIDES:
        yield flag("one_party_decides", "decision_rights", answer.decision_rights)
    if money_given > 0 and not answer.holds_money:
        yield flag("money_not_declared", "holds_money", amount=money_given)
    if answer.holds_money and not is_written(answer.asks_in_return):
        yield flag("asks_not_stated", "asks_in_return")
    if (answer.holds_money or money_given > 0) and not is_written(answer.guard_rails):
        yield flag("no_guard_rails_with_money", "guard_rails")


def _proportionality_flags(item: Proportionality):
    def flag(code: str, variant: str = "", **figures) -> RedFlag:
        return RedFlag(code, item.party, item.party_name, LEDGER, variant, tuple(figures.items()))

    if item.work > 0 and not item.money_received:
        yield flag("unpaid_work", work=item.work)
    elif item.deliverables > 0 and not item.money_received:
        yield flag("disproportionate_deliverables", "no_money", deliverables=item.deliverables)
    elif item.money_received and item.deliverables > item.money_received:
        yield flag(
            "disproportionate_deliverables",
            "ratio",
            deliverables=item.deliverables,
            received=item.money_received,
            ratio=item.ratio,
        )


def _findings(answers: list[PartyAnswers]):
    for answer in answers:
        others = [other for other in answers if other.party != answer.party]
        for resource in sorted(answer.lacks_resources):
            kinds = RESOURCE_VALUES.get(resource, frozenset())
            givers = [other for other in others if other.gives & kinds]
            yield _exchange(QUESTIONS, "lack", answer, "lacks_resources", givers, resource=resource)
        for kind in sorted(answer.gets):
            givers = [other for other in others if kind in other.gives]
            yield _exchange(VALUES, "exchange", answer, "gets", givers, kind=kind)
        for kind in sorted(answer.gives):
            if not any(kind in other.gets for other in others):
                cells = ((answer.party, "gives"),)
                yield Finding(VALUES, GAP, "offer_unmatched", cells, _named(answer, kind=kind))
        views = [other.their_bandwidth for other in others if other.their_bandwidth]
        if answer.our_bandwidth and views:
            others_view = Fraction(sum(views), len(views))
            apart = abs(others_view - answer.our_bandwidth) >= BANDWIDTH_GAP
            cells = ((answer.party, "our_bandwidth"),) + tuple(
                (other.party, "their_bandwidth") for other in others if other.their_bandwidth
            )
            seen = (Decimal(others_view.numerator) / Decimal(others_view.denominator)).quantize(
                Decimal("0.1")
            )
            yield Finding(
                QUESTIONS,
                GAP if apart else AGREEMENT,
                "bandwidth_seen_differently" if apart else "bandwidth_seen_alike",
                cells,
                _named(answer, own=answer.our_bandwidth, others=seen),
            )
    described = [a for a in answers if is_written(a.audience) and not is_everyone(a.audience)]
    for index, first in enumerate(described):
        for second in described[index + 1 :]:
            first_words, second_words = words(first.audience), words(second.audience)
            common = [key for key in first_words if key in second_words]
            cells = ((first.party, "audience"), (second.party, "audience"))
            parties = (("parties", f"{first.name}, {second.name}"),)
            if common:
                shared = ("words", ", ".join(first_words[key] for key in common))
                yield Finding(REACH, AGREEMENT, "audiences_overlap", cells, (*parties, shared))
            else:
                yield Finding(REACH, GAP, "audiences_differ", cells, parties)
    views = [answer for answer in answers if answer.decision_rights]
    if len(views) > 1:
        rights = [answer.decision_rights for answer in views]
        alike = all(right == DecisionRights.SHARED for right in rights) or (
            rights.count(DecisionRights.US) == 1
            and all(right != DecisionRights.SHARED for right in rights)
        )
        cells = tuple((answer.party, "decision_rights") for answer in views)
        code = "decision_rights_alike" if alike else "decision_rights_differ"
        yield Finding(POWER, AGREEMENT if alike else GAP, code, cells)


def _named(answer: PartyAnswers, **values) -> tuple:
    return (("party", answer.name), *values.items())


def _exchange(pillar, family, answer, field, givers, **values) -> Finding:
    cells = ((answer.party, field),) + tuple((giver.party, "gives") for giver in givers)
    if givers:
        names = ("givers", ", ".join(giver.name for giver in givers))
        return Finding(
            pillar, AGREEMENT, f"{family}_met", cells, (*_named(answer, **values), names)
        )
    return Finding(pillar, GAP, f"{family}_unmet", cells, _named(answer, **values))


def assessment_score(
    answers: Sequence[PartyAnswers], ledger: Sequence[PartyLedger], *, currency: str = ""
) -> FitResult:
    """Score the submitted answers of every party against each other and the ledger."""
    answers = sorted(answers, key=lambda answer: answer.party)
    ledger_of = {item.party: item for item in ledger}
    ratings: dict[str, list[Fraction]] = {pillar: [] for pillar in PILLARS}
    flags: list[RedFlag] = []
    proportionality: list[Proportionality] = []
    for answer in answers:
        others = [other for other in answers if other.party != answer.party]
        for pillar, rating in _ratings(answer, others).items():
            ratings[pillar].append(rating)
        books = ledger_of.get(answer.party) or PartyLedger(answer.party)
        flags.extend(_answer_flags(answer, others, books.money_given))
        if answer.sector == Sector.CIVIL_SOCIETY:
            item = Proportionality(
                answer.party,
                answer.name,
                work=books.work_given,
                deliverables=books.work_given + books.in_kind_given,
                money_received=books.money_received,
            )
            proportionality.append(item)
            flags.extend(_proportionality_flags(item))
    if currency:
        flags = [replace(flag, currency=currency) for flag in flags]
    pillars = []
    for pillar in PILLARS:
        # Once per kind of flag: the answers' ratings already count how many parties it hits.
        codes = {flag.code for flag in flags if flag.pillar == pillar}
        penalty = sum(RULES[code].penalty for code in codes)
        score = _round(100 * _mean(ratings[pillar])) - penalty
        pillars.append(PillarScore(pillar, max(0, min(100, score))))
    overall = _round(Fraction(sum(item.score for item in pillars), len(pillars)))
    order = list(PILLARS)
    flags.sort(key=lambda f: (order.index(f.pillar), f.party_name, f.party, f.code, f.field))
    findings = sorted(
        _findings(answers),
        key=lambda f: (order.index(f.pillar), f.kind != GAP, f.code, f.cells, str(f.values)),
    )
    return FitResult(overall, tuple(pillars), tuple(flags), tuple(findings), tuple(proportionality))
