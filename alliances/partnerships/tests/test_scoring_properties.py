"""Properties of the assessment's scoring that must hold for any answers whatsoever."""

from dataclasses import replace
from decimal import Decimal

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.organisations.models import Resource, Sector
from alliances.partnerships.models import DecisionRights, ValueKind
from alliances.partnerships.scoring import PILLARS, PartyAnswers, PartyLedger, assessment_score

TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            "n/a",
            "Aucun",
            "Tout le monde",
            "everyone",
            "Parents of pupils at the Jules-Verne secondary school",
            "Les collégiens du quartier des Couronneries",
            "No logo\nWe choose the families",
            "Pas d'exclusivité; pas de données personnelles",
        ]
    ),
    st.text(max_size=60),
)
LEVELS = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
KINDS = st.frozensets(st.sampled_from(ValueKind.values))
AMOUNTS = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


@st.composite
def party_answers(draw, key: str) -> PartyAnswers:
    return PartyAnswers(
        party=key,
        name=draw(st.sampled_from(["Maison des Trois-Cités", "Solidaires", "Ville", key])),
        sector=draw(st.sampled_from(Sector.values)),
        lacks=draw(TEXTS),
        lacks_resources=draw(st.frozensets(st.sampled_from(Resource.values))),
        our_bandwidth=draw(LEVELS),
        their_bandwidth=draw(LEVELS),
        admin_load=draw(LEVELS),
        expected_benefit=draw(LEVELS),
        non_negotiables=draw(TEXTS),
        shared_values=draw(TEXTS),
        gives=draw(KINDS),
        gets=draw(KINDS),
        audience=draw(TEXTS),
        influencers=draw(TEXTS),
        expected_action=draw(TEXTS),
        success_measure=draw(TEXTS),
        holds_money=draw(st.booleans()),
        asks_in_return=draw(TEXTS),
        guard_rails=draw(TEXTS),
        decision_rights=draw(st.sampled_from(["", *DecisionRights.values])),
    )


@st.composite
def partnerships(draw):
    count = draw(st.integers(min_value=1, max_value=4))
    keys = [f"party-{index}" for index in range(count)]
    answers = [draw(party_answers(key)) for key in keys]
    ledger = [
        PartyLedger(
            key,
            money_given=draw(AMOUNTS),
            work_given=draw(AMOUNTS),
            in_kind_given=draw(AMOUNTS),
            money_received=draw(AMOUNTS),
        )
        for key in keys
        if draw(st.booleans())
    ]
    return answers, ledger


class ScoringPropertyTests(SimpleTestCase):
    @settings(max_examples=150, deadline=None)
    @given(partnerships())
    def test_scores_stay_between_0_and_100(self, partnership):
        result = assessment_score(*partnership)
        self.assertTrue(0 <= result.overall <= 100)
        self.assertEqual([item.pillar for item in result.pillars], list(PILLARS))
        for item in result.pillars:
            self.assertTrue(0 <= item.score <= 100, item)

    @settings(max_examples=150, deadline=None)
    @given(partnerships(), st.randoms(use_true_random=False))
    def test_the_order_of_the_parties_changes_nothing(self, partnership, random):
        answers, ledger = partnership
        shuffled_answers, shuffled_ledger = list(answers), list(ledger)
        random.shuffle(shuffled_answers)
        random.shuffle(shuffled_ledger)
        self.assertEqual(
            assessment_score(answers, ledger, currency="EUR"),
            assessment_score(shuffled_answers, shuffled_ledger, currency="EUR"),
        )

    @settings(max_examples=150, deadline=None)
    @given(partnerships(), st.data())
    def test_adding_a_non_negotiable_never_lowers_selfish_clarity(self, partnership, data):
        answers, ledger = partnership
        index = data.draw(st.integers(min_value=0, max_value=len(answers) - 1))
        item = data.draw(st.text(min_size=1, max_size=40).filter(lambda text: "\n" not in text))
        before = assessment_score(answers, ledger)
        changed = list(answers)
        party = changed[index]
        changed[index] = replace(party, non_negotiables=f"{party.non_negotiables}\n{item}")
        after = assessment_score(changed, ledger)
        self.assertGreaterEqual(after.score_of("clarity"), before.score_of("clarity"))

    @settings(max_examples=150, deadline=None)
    @given(partnerships())
    def test_flags_point_to_a_party_and_an_answer(self, partnership):
        answers, ledger = partnership
        result = assessment_score(answers, ledger)
        keys = {answer.party for answer in answers}
        fields = set(PartyAnswers.__dataclass_fields__) | {"ledger"}
        for flag in result.flags:
            self.assertIn(flag.party, keys)
            self.assertIn(flag.field, fields)
            self.assertTrue(flag.message and flag.title and flag.remedy)
        for finding in result.findings:
            self.assertTrue(finding.message)

    @settings(max_examples=150, deadline=None)
    @given(partnerships())
    def test_a_non_profit_is_never_flagged_twice_for_the_same_ledger(self, partnership):
        result = assessment_score(*partnership)
        for answer in partnership[0]:
            codes = [
                flag.code
                for flag in result.flags
                if flag.party == answer.party and flag.field == "ledger"
            ]
            self.assertLessEqual(len(codes), 1)
            if codes:
                self.assertEqual(answer.sector, Sector.CIVIL_SOCIETY)

    @settings(max_examples=100, deadline=None)
    @given(partnerships())
    def test_ratio_flags_follow_the_ledger(self, partnership):
        result = assessment_score(*partnership)
        for item in result.proportionality:
            flagged = any(
                flag.party == item.party and flag.field == "ledger" for flag in result.flags
            )
            owed = item.deliverables > item.money_received
            self.assertEqual(flagged, owed)
            if item.ratio is not None:
                self.assertEqual(item.ratio > 1, item.deliverables > item.money_received)

    def test_amounts_are_decimals(self):
        # Money is never a float: totals add up to the cent.
        result = assessment_score(
            [PartyAnswers("a", "A", sector=Sector.CIVIL_SOCIETY)],
            [PartyLedger("a", work_given=Decimal("0.10"), in_kind_given=Decimal("0.20"))],
        )
        self.assertEqual(result.proportionality[0].deliverables, Decimal("0.30"))
