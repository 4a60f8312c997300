"""The assessment's scoring rules, case by case: every red flag, when it is raised and when not,
the agreements and gaps, and how the scores add up (docs/assessment-scoring.md)."""

from dataclasses import replace
from decimal import Decimal

from django.test import SimpleTestCase

from alliances.partnerships.scoring import (
    AGREEMENT,
    GAP,
    PILLARS,
    PartyAnswers,
    PartyLedger,
    assessment_score,
)
from alliances.partnerships.scoring.rules import RULES
from alliances.partnerships.scoring.text import count_items, is_everyone, is_written

ASSO = PartyAnswers(
    party="a",
    name="Maison des Trois-Cités",
    sector="civil_society",
    lacks="Funding for the Wednesday workshops.",
    lacks_resources=frozenset({"funding"}),
    our_bandwidth=4,
    their_bandwidth=4,
    admin_load=2,
    expected_benefit=4,
    non_negotiables="We choose the families\nNo logo on our materials\nNo data leaves us",
    shared_values="Every child deserves help with homework.",
    gives=frozenset({"expertise", "audience"}),
    gets=frozenset({"funding"}),
    audience="Parents of pupils in their first year at the Jules-Verne secondary school",
    influencers="Teachers and the social centre",
    expected_action="Sign up for homework help",
    success_measure="40 pupils attend 10 sessions by June",
    guard_rails="Work asked in proportion to the grant",
    decision_rights="shared",
)
COMPANY = replace(
    ASSO,
    party="b",
    name="Solidaires Industries",
    sector="private",
    lacks="Contacts with families in the neighbourhood.",
    lacks_resources=frozenset({"network_audience"}),
    gives=frozenset({"funding"}),
    gets=frozenset({"audience"}),
    audience="Pupils of the Jules-Verne secondary school and their parents",
    holds_money=True,
    asks_in_return="A yearly report and our name on the programme",
    guard_rails="Payments on fixed dates; no exclusivity",
)
LEDGER = [
    PartyLedger("a", work_given=Decimal("5000"), money_received=Decimal("10000")),
    PartyLedger("b", money_given=Decimal("10000")),
]


def score(asso=ASSO, company=COMPANY, ledger=LEDGER, **kwargs):
    return assessment_score([asso, company], ledger, **kwargs)


class BaselineTests(SimpleTestCase):
    def test_sound_answers_raise_no_flag(self):
        result = score()
        self.assertEqual(result.flags, ())
        self.assertEqual(result.score_of("clarity"), 100)
        self.assertEqual(result.score_of("reach"), 100)
        self.assertEqual(result.score_of("power"), 100)
        self.assertGreaterEqual(result.overall, 80)

    def test_overall_is_the_average_of_the_pillars(self):
        result = score(asso=replace(ASSO, non_negotiables="", audience="everyone"))
        scores = [item.score for item in result.pillars]
        self.assertEqual([item.pillar for item in result.pillars], list(PILLARS))
        self.assertEqual(result.overall, round(sum(scores) / len(scores)))

    def test_the_same_answers_give_the_same_result(self):
        self.assertEqual(score(), score())

    def test_every_flag_has_a_rule_with_a_title_and_a_remedy(self):
        for code, rule in RULES.items():
            with self.subTest(code=code):
                self.assertIn(rule.pillar, PILLARS)
                self.assertTrue(str(rule.title))
                self.assertTrue(str(rule.remedy))
                self.assertGreater(rule.penalty, 0)


class FlagTests(SimpleTestCase):
    def assertFlag(self, result, code, party, field, variant=""):  # noqa: N802
        matches = [
            flag
            for flag in result.flags
            if (flag.code, flag.party, flag.field, flag.variant) == (code, party, field, variant)
        ]
        self.assertEqual(len(matches), 1, f"{code} on {party}/{field} in {result.flags}")
        flag = matches[0]
        self.assertEqual(flag.anchor, f"answer-{party}-{field}")
        self.assertTrue(flag.message)
        self.assertEqual(flag.remedy, str(RULES[code].remedy))
        return flag

    def assertNoFlag(self, result, code):  # noqa: N802
        self.assertNotIn(code, result.flag_codes)

    def test_no_non_negotiables(self):
        for text in ("", "   ", "Aucun", "n/a", "none", "-", "Rien.", "\n\n"):
            with self.subTest(text=text):
                result = score(asso=replace(ASSO, non_negotiables=text))
                flag = self.assertFlag(result, "no_non_negotiables", "a", "non_negotiables")
                self.assertIn("Maison des Trois-Cités", flag.message)
                self.assertLess(result.score_of("clarity"), score().score_of("clarity"))
        self.assertNoFlag(
            score(asso=replace(ASSO, non_negotiables="No logo")), "no_non_negotiables"
        )

    def test_receives_nothing_valued(self):
        result = score(asso=replace(ASSO, gets=frozenset()))
        flag = self.assertFlag(result, "receives_nothing_valued", "a", "gets", "none_named")
        self.assertIn("has not said what it expects", flag.message)
        result = score(company=replace(COMPANY, gets=frozenset({"data"})))
        flag = self.assertFlag(result, "receives_nothing_valued", "b", "gets", "not_given")
        self.assertIn("No other party says it gives what Solidaires Industries", flag.message)
        # One of its expectations met is enough.
        result = score(company=replace(COMPANY, gets=frozenset({"data", "audience"})))
        self.assertNoFlag(result, "receives_nothing_valued")

    def test_gives_nothing(self):
        result = score(company=replace(COMPANY, gives=frozenset()))
        self.assertFlag(result, "gives_nothing", "b", "gives")
        self.assertNoFlag(score(), "gives_nothing")

    def test_audience_undefined_when_empty_or_everyone(self):
        result = score(asso=replace(ASSO, audience=""))
        self.assertFlag(result, "audience_undefined", "a", "audience", "empty")
        for text in (
            "Tout le monde",
            "tous publics",
            "Grand public",
            "Le grand public !",
            "everyone",
            "All",
            "The general public",
            "Tout le monde, grand public",
            "everyone and the general public",
            "TOUS",
        ):
            with self.subTest(text=text):
                result = score(asso=replace(ASSO, audience=text))
                flag = self.assertFlag(result, "audience_undefined", "a", "audience", "everyone")
                self.assertIn(text.strip(), flag.message)

    def test_a_precise_audience_is_defined(self):
        for text in (
            "Tous les jeunes du quartier des Couronneries",
            "All residents of Les Couronneries aged over 65",
            "Le public des centres sociaux de Poitiers",
        ):
            with self.subTest(text=text):
                self.assertNoFlag(score(asso=replace(ASSO, audience=text)), "audience_undefined")

    def test_impact_undefined(self):
        result = score(asso=replace(ASSO, expected_action="", success_measure="à définir"))
        self.assertFlag(result, "impact_undefined", "a", "expected_action", "action")
        self.assertFlag(result, "impact_undefined", "a", "success_measure", "result")
        self.assertNoFlag(score(), "impact_undefined")

    def test_disproportionate_deliverables(self):
        ledger = [
            PartyLedger(
                "a",
                work_given=Decimal("4000"),
                in_kind_given=Decimal("1000"),
                money_received=Decimal("2000"),
            ),
            PartyLedger("b", money_given=Decimal("2000")),
        ]
        result = score(ledger=ledger, currency="EUR")
        flag = self.assertFlag(result, "disproportionate_deliverables", "a", "ledger", "ratio")
        self.assertEqual(flag.anchor, "answer-a-ledger")
        self.assertIn("5,000.00 EUR", flag.message)
        self.assertIn("2,000.00 EUR", flag.message)
        self.assertIn("2.50 times", flag.message)
        [ratio] = result.proportionality
        self.assertEqual(ratio.ratio, Decimal("2.50"))
        self.assertEqual(ratio.deliverables, Decimal("5000"))
        self.assertNoFlag(result, "unpaid_work")

    def test_a_ratio_of_one_or_less_is_proportionate(self):
        ledger = [
            PartyLedger("a", work_given=Decimal("2000"), money_received=Decimal("2000")),
            PartyLedger("b", money_given=Decimal("2000")),
        ]
        result = score(ledger=ledger)
        self.assertEqual(result.proportionality[0].ratio, Decimal("1.00"))
        self.assertNoFlag(result, "disproportionate_deliverables")

    def test_goods_given_without_any_money_received(self):
        ledger = [PartyLedger("a", in_kind_given=Decimal("800"))]
        result = score(ledger=ledger)
        self.assertFlag(result, "disproportionate_deliverables", "a", "ledger", "no_money")
        self.assertIsNone(result.proportionality[0].ratio)
        self.assertNoFlag(result, "unpaid_work")

    def test_only_civil_society_parties_are_weighed(self):
        ledger = [PartyLedger("b", work_given=Decimal("9000"))]
        result = score(ledger=ledger)
        self.assertEqual([item.party for item in result.proportionality], ["a"])
        self.assertNoFlag(result, "unpaid_work")
        self.assertNoFlag(result, "disproportionate_deliverables")

    def test_unpaid_work(self):
        ledger = [PartyLedger("a", work_given=Decimal("3000"), in_kind_given=Decimal("500"))]
        result = score(ledger=ledger, currency="EUR")
        flag = self.assertFlag(result, "unpaid_work", "a", "ledger")
        self.assertIn("3,000.00 EUR", flag.message)
        self.assertNoFlag(result, "disproportionate_deliverables")
        self.assertNoFlag(score(), "unpaid_work")

    def test_a_non_profit_giving_nothing_is_not_flagged(self):
        result = score(ledger=[])
        self.assertEqual(result.proportionality[0].deliverables, Decimal("0"))
        self.assertNoFlag(result, "unpaid_work")
        self.assertNoFlag(result, "disproportionate_deliverables")

    def test_one_party_decides(self):
        for rights, words in (
            ("us", "says it holds"),
            ("them", "another party holds"),
            ("funder", "whoever holds the money"),
        ):
            with self.subTest(rights=rights):
                result = score(company=replace(COMPANY, decision_rights=rights))
                flag = self.assertFlag(result, "one_party_decides", "b", "decision_rights", rights)
                self.assertIn(words, flag.message)
        self.assertNoFlag(score(), "one_party_decides")

    def test_admin_load_exceeds_benefit(self):
        result = score(asso=replace(ASSO, admin_load=5, expected_benefit=3))
        flag = self.assertFlag(result, "admin_load_exceeds_benefit", "a", "admin_load")
        self.assertIn("(5 out of 5)", flag.message)
        equal = score(asso=replace(ASSO, admin_load=3, expected_benefit=3))
        self.assertNoFlag(equal, "admin_load_exceeds_benefit")

    def test_low_bandwidth(self):
        result = score(asso=replace(ASSO, our_bandwidth=2, their_bandwidth=1))
        self.assertFlag(result, "low_bandwidth", "a", "our_bandwidth", "own")
        self.assertFlag(result, "low_bandwidth", "a", "their_bandwidth", "others")
        self.assertNoFlag(score(asso=replace(ASSO, our_bandwidth=3)), "low_bandwidth")

    def test_no_need_stated(self):
        result = score(asso=replace(ASSO, lacks="rien", lacks_resources=frozenset()))
        self.assertFlag(result, "no_need_stated", "a", "lacks")
        ticked = score(asso=replace(ASSO, lacks="", lacks_resources=frozenset({"premises"})))
        self.assertNoFlag(ticked, "no_need_stated")

    def test_money_without_guard_rails(self):
        result = score(company=replace(COMPANY, guard_rails=""))
        self.assertFlag(result, "no_guard_rails_with_money", "b", "guard_rails")
        # Holding no money, a party needs no guard-rails of its own.
        result = score(asso=replace(ASSO, guard_rails=""))
        self.assertNoFlag(result, "no_guard_rails_with_money")

    def test_asks_not_stated(self):
        result = score(company=replace(COMPANY, asks_in_return=""))
        self.assertFlag(result, "asks_not_stated", "b", "asks_in_return")
        self.assertNoFlag(score(asso=replace(ASSO, asks_in_return="")), "asks_not_stated")

    def test_money_given_but_not_declared(self):
        company = replace(COMPANY, holds_money=False, guard_rails="")
        result = score(company=company, currency="EUR")
        flag = self.assertFlag(result, "money_not_declared", "b", "holds_money")
        self.assertIn("10,000.00 EUR", flag.message)
        # The ledger says it holds money: its guard-rails are expected too.
        self.assertFlag(result, "no_guard_rails_with_money", "b", "guard_rails")

    def test_flags_are_ordered_by_pillar(self):
        result = score(
            asso=replace(
                ASSO,
                decision_rights="them",
                non_negotiables="",
                lacks="",
                lacks_resources=frozenset(),
            )
        )
        order = list(PILLARS)
        pillars = [order.index(flag.pillar) for flag in result.flags]
        self.assertEqual(pillars, sorted(pillars))


class ScoreTests(SimpleTestCase):
    def test_a_kind_of_flag_costs_its_penalty_once(self):
        one = score(asso=replace(ASSO, non_negotiables=""))
        both = score(
            asso=replace(ASSO, non_negotiables=""), company=replace(COMPANY, non_negotiables="")
        )
        # One party without: half the parties rate 0, and the penalty applies.
        self.assertEqual(one.score_of("clarity"), 50 - RULES["no_non_negotiables"].penalty)
        self.assertEqual(both.score_of("clarity"), 0)

    def test_more_non_negotiables_score_higher_up_to_three(self):
        scores = [
            score(
                asso=replace(ASSO, non_negotiables="\n".join(["Item"] * n)),
                company=replace(COMPANY, non_negotiables="\n".join(["Item"] * n)),
            ).score_of("clarity")
            for n in range(5)
        ]
        self.assertEqual(scores, [0, 70, 85, 100, 100])

    def test_scores_stay_within_bounds_when_everything_is_missing(self):
        empty = [PartyAnswers("a", "A", sector="civil_society"), PartyAnswers("b", "B")]
        result = assessment_score(empty, [PartyLedger("a", work_given=Decimal("10"))])
        self.assertEqual(result.overall, 0)
        self.assertTrue(all(item.score == 0 for item in result.pillars))

    def test_no_party_at_all(self):
        result = assessment_score([], [])
        self.assertEqual(result.overall, 0)
        self.assertEqual(result.flags, ())


class FindingTests(SimpleTestCase):
    def findings(self, result, code):
        return [finding for finding in result.findings if finding.code == code]

    def test_gives_of_one_side_meet_gets_of_the_other(self):
        result = score()
        [met] = [f for f in self.findings(result, "exchange_met") if f.cells[0][0] == "a"]
        self.assertEqual(met.kind, AGREEMENT)
        self.assertEqual(met.anchors, ["answer-a-gets", "answer-b-gives"])
        self.assertIn("Funding", met.message)
        self.assertIn("Given by Solidaires Industries", met.message)
        [offer] = self.findings(result, "offer_unmatched")
        self.assertEqual(offer.kind, GAP)
        self.assertIn("Expertise", offer.message)

    def test_an_expectation_nobody_gives_is_a_gap(self):
        result = score(company=replace(COMPANY, gets=frozenset({"audience", "data"})))
        [unmet] = self.findings(result, "exchange_unmet")
        self.assertEqual(unmet.kind, GAP)
        self.assertIn("Data and knowledge", unmet.message)

    def test_lacks_meet_what_the_others_give(self):
        result = score()
        [met] = [f for f in self.findings(result, "lack_met") if f.cells[0][0] == "a"]
        self.assertIn("Funding", met.message)
        result = score(asso=replace(ASSO, lacks_resources=frozenset({"premises"})))
        [unmet] = self.findings(result, "lack_unmet")
        self.assertIn("Premises", unmet.message)

    def test_views_of_bandwidth(self):
        result = score()
        self.assertEqual(len(self.findings(result, "bandwidth_seen_alike")), 2)
        result = score(
            asso=replace(ASSO, our_bandwidth=5), company=replace(COMPANY, their_bandwidth=2)
        )
        [gap] = self.findings(result, "bandwidth_seen_differently")
        self.assertEqual(gap.anchors, ["answer-a-our_bandwidth", "answer-b-their_bandwidth"])
        self.assertIn("5 out of 5", gap.message)
        self.assertIn("2.0 out of 5", gap.message)

    def test_audiences_that_match_and_differ(self):
        [overlap] = self.findings(score(), "audiences_overlap")
        self.assertEqual(overlap.kind, AGREEMENT)
        self.assertIn("pupils", overlap.message)
        other = replace(COMPANY, audience="Retired people living alone in Saint-Éloi")
        [differ] = self.findings(score(company=other), "audiences_differ")
        self.assertEqual(differ.kind, GAP)
        self.assertEqual(differ.anchors, ["answer-a-audience", "answer-b-audience"])

    def test_decision_rights_seen_alike_or_differently(self):
        self.assertEqual(len(self.findings(score(), "decision_rights_alike")), 1)
        result = score(company=replace(COMPANY, decision_rights="us"))
        [differ] = self.findings(result, "decision_rights_differ")
        self.assertEqual(differ.kind, GAP)
        # One says it decides and the other agrees: the same view, however unbalanced.
        result = score(
            asso=replace(ASSO, decision_rights="them"),
            company=replace(COMPANY, decision_rights="us"),
        )
        self.assertTrue(self.findings(result, "decision_rights_alike"))
        self.assertIn("one_party_decides", result.flag_codes)


class TextTests(SimpleTestCase):
    def test_is_written(self):
        for text in ("", " ", "n/a", "N.A.", "Aucune", "néant", "RAS", "?", "...", "-"):
            with self.subTest(text=text):
                self.assertFalse(is_written(text))
        self.assertTrue(is_written("Pas de logo"))

    def test_is_everyone(self):
        self.assertTrue(is_everyone("Tous les publics"))
        self.assertTrue(is_everyone("Toute la population / everyone"))
        self.assertFalse(is_everyone(""))
        self.assertFalse(is_everyone("Tous les collégiens"))

    def test_count_items(self):
        self.assertEqual(count_items("- No logo\n- Our families\n\n- none"), 2)
        self.assertEqual(count_items("No logo; no exclusivity"), 2)
        self.assertEqual(count_items("• one • two"), 2)
        self.assertEqual(count_items(""), 0)
