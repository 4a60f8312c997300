"""Suggestions: what to do next, each with the reason it is suggested and links to the pages of
Alliances that help. The rules are data (`RULES`); `suggestions_for` is a pure function of
the facts of one self-diagnosis, so a past self-diagnosis keeps the suggestions of its day."""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from alliances.diagnosis.questions import LEVEL_POINTS, Dimension, Level, level_of
from alliances.diagnosis.reference import (
    AVERAGE_PARTNER_TYPES,
    SHARE_OF_TYPE,
    PartnerType,
    is_compared,
)
from alliances.diagnosis.selectors.portfolio import Portfolio
from alliances.organisations.models import Kind, Sector

LOW_SCORE = 50  # a dimension under this is a gap
LOW_LEVEL_POINTS = LEVEL_POINTS[Level.STARTING]  # an answer at or under this is a gap


@dataclass(frozen=True)
class Facts:
    kind: str
    portfolio: Portfolio
    scores: dict
    answers: dict

    @property
    def compared(self) -> bool:
        return is_compared(self.kind)

    @property
    def has_partnerships(self) -> bool:
        return self.portfolio.partnerships > 0

    def low_score(self, dimension: str) -> bool:
        score = self.scores.get(dimension)
        return score is not None and score < LOW_SCORE

    def low_answer(self, code: str) -> bool:
        level = level_of(self.answers, code)
        return level is not None and LEVEL_POINTS[level] <= LOW_LEVEL_POINTS

    def lacks(self, partner_type: str) -> bool:
        return self.has_partnerships and not self.portfolio.has_type(partner_type)


@dataclass(frozen=True)
class Targets:
    """Where links point: the organisation, its place for the calls list, and its partnerships
    (see `Portfolio`)."""

    organisation_uuid: str
    place: str = ""
    partnerships: dict = field(default_factory=dict)  # focus name -> partnership uuid ("": none)


@dataclass(frozen=True)
class LinkSpec:
    label: str
    url_name: str
    # "organisation", "none", or the Portfolio field naming the partnership to link to.
    scope: str = "organisation"
    query: tuple[tuple[str, str], ...] = ()
    with_place: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    applies: Callable[[Facts], bool]
    reason: Callable[[Facts], str]
    links: tuple[LinkSpec, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Suggestion:
    code: str
    reason: str
    links: tuple[Link, ...]


def _missing_type_reason(partner_type: str, plain, compared) -> Callable[[Facts], str]:
    def reason(facts: Facts) -> str:
        if facts.compared:
            return str(compared) % {"percent": SHARE_OF_TYPE[partner_type].percent}
        return str(plain)

    return reason


def _few_types_reason(facts: Facts) -> str:
    count = facts.portfolio.type_count
    if facts.compared:
        return ngettext(
            "Your partners are of %(count)s type only; associations work with %(average)s types "
            "on average.",
            "Your partners are of %(count)s types; associations work with %(average)s types on "
            "average.",
            count,
        ) % {"count": count, "average": number_format(AVERAGE_PARTNER_TYPES, 1)}
    return ngettext(
        "Your partners are of %(count)s type only: partners from other sectors bring other "
        "resources and reach other people.",
        "Your partners are of %(count)s types only: partners from other sectors bring other "
        "resources and reach other people.",
        count,
    ) % {"count": count}


def _practice_reason(code: str, counted: str, some, none) -> Callable[[Facts], str]:
    """`some`: the message when part of the partnerships lack the practice; `none`: when all
    of them do."""

    def reason(facts: Facts) -> str:
        total = facts.portfolio.partnerships
        missing = total - getattr(facts.portfolio, counted)
        if missing >= total:
            return none % {"total": total}
        if missing > 0:
            return some % {"count": missing, "total": total}
        return str(QUESTION_GAP_REASONS[code])

    return reason


QUESTION_GAP_REASONS = {
    "systems.written_agreements": gettext_lazy(
        "You said your partnerships are not yet set out in written agreements signed by every "
        "partner."
    ),
    "systems.impact_measurement": gettext_lazy(
        "You said you do not yet measure the results of your partnerships with agreed indicators."
    ),
    "culture.partner_feedback": gettext_lazy(
        "You said you do not yet ask your partners regularly how the relationship is going."
    ),
}

FIND_PARTNERS = gettext_lazy("Find partners")
CALLS_NEARBY = gettext_lazy("Calls for partners near you")


def _find(sector: str) -> LinkSpec:
    return LinkSpec(
        FIND_PARTNERS, "matching:organisation_suggestions", query=(("sectors", sector),)
    )


_CALLS = LinkSpec(CALLS_NEARBY, "matching:call_list", scope="none", with_place=True)


RULES: tuple[Rule, ...] = (
    Rule(
        "no_partnership",
        lambda facts: not facts.has_partnerships,
        lambda facts: _(
            "Your organisation takes part in no partnership on Alliances yet: its portfolio "
            "cannot be compared."
        ),
        (
            LinkSpec(FIND_PARTNERS, "matching:organisation_suggestions"),
            _CALLS,
            LinkSpec(gettext_lazy("Start a partnership"), "partnerships:create", scope="none"),
        ),
    ),
    Rule(
        "no_local_authority",
        lambda facts: facts.lacks(PartnerType.LOCAL_AUTHORITY),
        _missing_type_reason(
            PartnerType.LOCAL_AUTHORITY,
            gettext_lazy(
                "You have no partnership with a local authority (commune, intercommunality, "
                "département or region)."
            ),
            gettext_lazy(
                "You have no partnership with a local authority, while %(percent)s in 100 "
                "associations work with one."
            ),
        ),
        (_find(Sector.PUBLIC), _CALLS),
    ),
    Rule(
        "no_association",
        lambda facts: facts.lacks(PartnerType.ASSOCIATION),
        _missing_type_reason(
            PartnerType.ASSOCIATION,
            gettext_lazy("You have no partnership with an association or a foundation."),
            gettext_lazy(
                "You have no partnership with another association or a foundation, while "
                "%(percent)s in 100 associations work with one."
            ),
        ),
        (_find(Sector.CIVIL_SOCIETY), _CALLS),
    ),
    Rule(
        "no_school",
        lambda facts: facts.lacks(PartnerType.SCHOOL),
        _missing_type_reason(
            PartnerType.SCHOOL,
            gettext_lazy("You have no partnership with a school or a university."),
            gettext_lazy(
                "You have no partnership with a school or a university, while %(percent)s in 100 "
                "associations work with one."
            ),
        ),
        (_CALLS, _find(Sector.PUBLIC)),
    ),
    Rule(
        "no_company",
        lambda facts: facts.kind != Kind.COMPANY and facts.lacks(PartnerType.COMPANY),
        lambda facts: _(
            "You have no partnership with a company: companies bring funding, skills and goods "
            "through patronage (mécénat)."
        ),
        (_find(Sector.PRIVATE),),
    ),
    Rule(
        "few_types",
        lambda facts: facts.has_partnerships and facts.portfolio.type_count < AVERAGE_PARTNER_TYPES,
        _few_types_reason,
        (LinkSpec(gettext_lazy("Build a team of partners"), "matching:consortium"),),
    ),
    Rule(
        "agreements",
        lambda facts: (
            facts.has_partnerships
            and (
                facts.portfolio.with_agreement < facts.portfolio.partnerships
                or facts.low_answer("systems.written_agreements")
            )
        ),
        _practice_reason(
            "systems.written_agreements",
            "with_agreement",
            ngettext_lazy(
                "%(count)s of your %(total)s partnerships has no agreement approved by every "
                "party.",
                "%(count)s of your %(total)s partnerships have no agreement approved by every "
                "party.",
                "count",
            ),
            ngettext_lazy(
                "Your partnership has no agreement approved by every party yet.",
                "None of your %(total)s partnerships has an agreement approved by every party yet.",
                "total",
            ),
        ),
        (
            LinkSpec(
                gettext_lazy("Draft the partnership agreement"),
                "agreements:detail",
                scope="without_agreement",
            ),
        ),
    ),
    Rule(
        "impact_measurement",
        lambda facts: (
            facts.has_partnerships
            and (
                facts.portfolio.with_framework < facts.portfolio.partnerships
                or facts.low_answer("systems.impact_measurement")
            )
        ),
        _practice_reason(
            "systems.impact_measurement",
            "with_framework",
            ngettext_lazy(
                "%(count)s of your %(total)s partnerships measures nothing yet: no indicator.",
                "%(count)s of your %(total)s partnerships measure nothing yet: no indicator.",
                "count",
            ),
            ngettext_lazy(
                "Your partnership measures nothing yet: no indicator.",
                "None of your %(total)s partnerships measures anything yet: no indicator.",
                "total",
            ),
        ),
        (
            LinkSpec(
                gettext_lazy("Set up the results framework"),
                "indicators:framework",
                scope="without_framework",
            ),
            LinkSpec(gettext_lazy("See the impact of your partnerships"), "portfolio:dashboard"),
        ),
    ),
    Rule(
        "steering",
        lambda facts: (
            facts.has_partnerships
            and (facts.low_score(Dimension.SYSTEMS) or facts.low_answer("systems.steering"))
        ),
        lambda facts: _(
            "Your systems and processes are still light: a steering committee with regular "
            "meetings and a decision log keeps every partner on board."
        ),
        (
            LinkSpec(
                gettext_lazy("Organise the steering of a partnership"),
                "governance:overview",
                scope="focus",
            ),
        ),
    ),
    Rule(
        "health_checks",
        lambda facts: (
            facts.has_partnerships
            and (
                facts.low_score(Dimension.CULTURE)
                or facts.low_answer("culture.partner_feedback")
                or facts.portfolio.with_health_check == 0
            )
        ),
        lambda facts: _(
            "Ask your partners regularly how the relationship is going: a short health check on "
            "trust, communication, fairness and value received shows problems early."
        ),
        (
            LinkSpec(
                gettext_lazy("Schedule a partner health check"),
                "governance:health",
                scope="without_health_check",
            ),
        ),
    ),
    Rule(
        "fair_exchange",
        lambda facts: facts.has_partnerships and facts.low_answer("culture.fair_exchange"),
        lambda facts: _(
            "You said you do not yet check that each partner gets something of value: the value "
            "exchange shows what each party brings and receives."
        ),
        (
            LinkSpec(
                gettext_lazy("See the value exchange"), "partnerships:value_exchange", scope="focus"
            ),
        ),
    ),
    Rule(
        "leadership",
        lambda facts: facts.has_partnerships and facts.low_score(Dimension.LEADERSHIP),
        lambda facts: _(
            "Your partnership strategy is still implicit: the opportunity assessment checks, for "
            "each partnership, that it serves your goals and is worth its cost."
        ),
        (
            LinkSpec(
                gettext_lazy("Answer the opportunity assessment"),
                "partnerships:assessment",
                scope="focus",
            ),
        ),
    ),
    Rule(
        "people",
        lambda facts: facts.low_score(Dimension.PEOPLE) or facts.low_answer("people.named_lead"),
        lambda facts: _(
            "Partnerships rest on too few people: name a partnership lead and invite the "
            "colleagues concerned, so that the work does not stop when someone leaves."
        ),
        (LinkSpec(gettext_lazy("Invite colleagues"), "organisations:members"),),
    ),
    Rule(
        "residents_voice",
        lambda facts: facts.has_partnerships and facts.low_answer("culture.residents_voice"),
        lambda facts: _(
            "You said the people you serve do not yet help evaluate your partnerships: a short "
            "survey, on paper or on a phone, gives them a voice."
        ),
        (LinkSpec(gettext_lazy("Create a survey"), "surveys:list", scope="focus"),),
    ),
)


def _url(spec: LinkSpec, targets: Targets) -> str | None:
    if spec.scope == "none":
        url = reverse(spec.url_name)
    elif spec.scope == "organisation":
        url = reverse(spec.url_name, args=[targets.organisation_uuid])
    else:
        partnership = targets.partnerships.get(spec.scope) or targets.partnerships.get("focus")
        if not partnership:
            return None
        url = reverse(spec.url_name, args=[partnership])
    query = list(spec.query)
    if spec.with_place and targets.place:
        query.append(("where", targets.place))
    return f"{url}?{urlencode(query)}" if query else url


def suggestions_for(facts: Facts, targets: Targets, rules: tuple[Rule, ...] = RULES):
    """The suggestions whose rule applies, in the rules' order, each with its links."""
    found = []
    for rule in rules:
        if not rule.applies(facts):
            continue
        links = tuple(
            Link(str(spec.label), url)
            for spec in rule.links
            if (url := _url(spec, targets)) is not None
        )
        found.append(Suggestion(rule.code, rule.reason(facts), links))
    return found


def targets_of(*, organisation_uuid, place: str, portfolio: Portfolio) -> Targets:
    return Targets(
        organisation_uuid=str(organisation_uuid),
        place=place,
        partnerships={
            "focus": portfolio.focus,
            "without_agreement": portfolio.without_agreement,
            "without_framework": portfolio.without_framework,
            "without_health_check": portfolio.without_health_check,
        },
    )
