"""The red flags of the assessment (pillar, penalty, title, remedy) and every sentence the
scoring shows. docs/assessment-scoring.md explains them in plain words: keep both in step."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alliances.partnerships.models import DecisionRights

# Pillars, in the order they are shown; each weighs the same in the overall score.
QUESTIONS, CLARITY, VALUES, REACH, POWER = "questions", "clarity", "values", "reach", "power"
PILLARS: dict[str, Promise] = {
    QUESTIONS: _("The three questions"),
    CLARITY: _("Selfish clarity"),
    VALUES: _("Values and exchange"),
    REACH: _("Reach is not impact"),
    POWER: _("Power imbalances"),
}


@dataclass(frozen=True)
class Rule:
    pillar: str
    penalty: int
    title: Promise
    remedy: Promise


RULES: dict[str, Rule] = {
    "no_need_stated": Rule(
        QUESTIONS,
        10,
        _("No need stated"),
        _(
            "Write down what your party cannot do alone (skills, audiences, resources). If it "
            "needs nothing, ask whether this partnership is strategic or a distraction."
        ),
    ),
    "low_bandwidth": Rule(
        QUESTIONS,
        10,
        _("Little time or commitment"),
        _(
            "Agree how much time each party gives, name one contact per party, and start "
            "smaller if time is short."
        ),
    ),
    "admin_load_exceeds_benefit": Rule(
        QUESTIONS,
        15,
        _("Administrative load above the benefit"),
        _(
            "Lighten the paperwork (one shared report, simple approvals, fewer meetings), or "
            "reconsider whether the partnership is worth it for this party."
        ),
    ),
    "no_non_negotiables": Rule(
        CLARITY,
        15,
        _("No non-negotiables written"),
        _(
            "Write down, one per line, what your party will not give up (for example: no logo "
            "on our materials, no access to the data of the people we support). Saying it now "
            "avoids conflicts later."
        ),
    ),
    "receives_nothing_valued": Rule(
        VALUES,
        20,
        _("A party receives nothing it values"),
        _(
            "Each party should get something it values: agree what each side gives and gets "
            "(funding, expertise, audience, credibility) and write it in the agreement."
        ),
    ),
    "gives_nothing": Rule(
        VALUES,
        10,
        _("A party brings nothing named"),
        _(
            "Name what your party brings (money, expertise, volunteers, premises, audience, "
            "credibility) so that the exchange is visible to all."
        ),
    ),
    "audience_undefined": Rule(
        REACH,
        15,
        _("Target audience undefined"),
        _(
            "Name the people who must hear or act (for example: parents of pupils in their "
            "first two years at the local secondary school), who influences them, and how you "
            "will reach them. Reaching many people is not the same as changing something."
        ),
    ),
    "impact_undefined": Rule(
        REACH,
        10,
        _("Action or result undefined"),
        _(
            "Write the action you expect from the audience (enrol, attend, volunteer, "
            "recycle...) and one result you could count, with a figure and a date."
        ),
    ),
    "one_party_decides": Rule(
        POWER,
        15,
        _("One party holds the decision rights"),
        _(
            "Agree which decisions are shared and how (consensus or majority), and write the "
            "decision rule in the agreement; a funder may keep the last word on its own money "
            "only."
        ),
    ),
    "money_not_declared": Rule(
        POWER,
        15,
        _("Money held but not declared"),
        _(
            "The side holding the money says so openly: tick “we hold the money” "
            "and write what you ask in return."
        ),
    ),
    "asks_not_stated": Rule(
        POWER,
        10,
        _("What is asked in return is not stated"),
        _(
            "Write what is expected in return for the money (reports, visibility, "
            "deliverables), so that it can be weighed against the funding."
        ),
    ),
    "no_guard_rails_with_money": Rule(
        POWER,
        15,
        _("Money without guard-rails"),
        _(
            "Write the guard-rails the money comes with: work asked in proportion to the "
            "funding, no unpaid work asked of a non-profit, payment dates, what happens if "
            "plans change."
        ),
    ),
    "disproportionate_deliverables": Rule(
        POWER,
        20,
        _("More asked of a non-profit than it receives"),
        _(
            "Reduce what is asked of the non-profit or raise its funding, so that the money it "
            "receives at least covers the work and goods it gives (a ratio of 1 or less)."
        ),
    ),
    "unpaid_work": Rule(
        POWER,
        25,
        _("Unpaid work asked of a non-profit"),
        _(
            "Pay for the work asked of a non-profit (a grant, a service contract or a "
            "donation that covers it), or remove it from what is asked."
        ),
    ),
}

FLAG_MESSAGES: dict[tuple[str, str], Promise] = {
    ("no_need_stated", ""): _(
        "%(party)s has not said what it lacks and hopes to find in this partnership."
    ),
    ("low_bandwidth", "own"): _(
        "%(party)s rates its own time and commitment at %(level)s out of 5."
    ),
    ("low_bandwidth", "others"): _(
        "%(party)s rates the other parties' time and commitment at %(level)s out of 5."
    ),
    ("admin_load_exceeds_benefit", ""): _(
        "%(party)s expects more administrative load (%(load)s out of 5) than benefit "
        "(%(benefit)s out of 5)."
    ),
    ("no_non_negotiables", ""): _("%(party)s has written no non-negotiables."),
    ("receives_nothing_valued", "none_named"): _(
        "%(party)s has not said what it expects to get from the partnership."
    ),
    ("receives_nothing_valued", "not_given"): _(
        "No other party says it gives what %(party)s expects to get."
    ),
    ("gives_nothing", ""): _("%(party)s has not said what it brings to the partnership."),
    ("audience_undefined", "empty"): _("%(party)s has not said who exactly must hear or act."),
    ("audience_undefined", "everyone"): _(
        "%(party)s names an audience as broad as everyone: “%(text)s”."
    ),
    ("impact_undefined", "action"): _(
        "%(party)s has not said which action the audience should take."
    ),
    ("impact_undefined", "result"): _(
        "%(party)s has not said what result would count as a success."
    ),
    ("one_party_decides", DecisionRights.US): _("%(party)s says it holds the decision rights."),
    ("one_party_decides", DecisionRights.THEM): _(
        "%(party)s says another party holds the decision rights."
    ),
    ("one_party_decides", DecisionRights.FUNDER): _(
        "%(party)s says whoever holds the money decides."
    ),
    ("money_not_declared", ""): _(
        "%(party)s plans to give %(amount)s in money according to the contributions, but has "
        "not said it holds the money."
    ),
    ("asks_not_stated", ""): _(
        "%(party)s holds the money but has not said what it asks in return."
    ),
    ("no_guard_rails_with_money", ""): _(
        "%(party)s holds the money but has written no guard-rails."
    ),
    ("disproportionate_deliverables", "ratio"): _(
        "%(party)s is to give %(deliverables)s in work and in kind for %(received)s received "
        "in money: %(ratio)s times what it receives."
    ),
    ("disproportionate_deliverables", "no_money"): _(
        "%(party)s is to give %(deliverables)s in kind and receives no money."
    ),
    ("unpaid_work", ""): _(
        "%(party)s is to give %(work)s of work (skills or volunteering) and receives no money "
        "at all."
    ),
}

FINDING_MESSAGES: dict[str, Promise] = {
    "lack_met": _("%(party)s lacks: %(resource)s. Offered by %(givers)s."),
    "lack_unmet": _("%(party)s lacks: %(resource)s. No other party says it brings it."),
    "exchange_met": _("%(party)s expects: %(kind)s. Given by %(givers)s."),
    "exchange_unmet": _("%(party)s expects: %(kind)s. No other party says it gives it."),
    "offer_unmatched": _("%(party)s offers: %(kind)s. No other party says it expects it."),
    "bandwidth_seen_alike": _(
        "%(party)s rates its own time and commitment %(own)s out of 5; the other parties rate "
        "their partners' %(others)s out of 5 on average."
    ),
    "bandwidth_seen_differently": _(
        "%(party)s rates its own time and commitment %(own)s out of 5; the other parties rate "
        "their partners' %(others)s out of 5 on average."
    ),
    "audiences_overlap": _("%(parties)s name the same people in part: %(words)s."),
    "audiences_differ": _(
        "%(parties)s describe different audiences: check that you mean the same people."
    ),
    "decision_rights_alike": _("The parties see the decision rights the same way."),
    "decision_rights_differ": _(
        "The parties see the decision rights differently: compare their answers."
    ),
}
