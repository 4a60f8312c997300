"""The anonymity rules of health-check results, on hand-built rounds."""

from django.test import SimpleTestCase

from alliances.governance.anonymity import (
    KIND_OTHERS,
    KIND_PARTY,
    OTHERS,
    OVERALL,
    AnswerSheet,
    PartyAnswers,
    group_parties,
    level_of,
    mean_score,
    round_results,
)
from alliances.governance.models import Dimension, Rating

ALL_GREEN = dict.fromkeys(Dimension.values, Rating.GREEN)


def sheets(count: int, rating: str = Rating.GREEN, comment: str = "") -> list[AnswerSheet]:
    comments = {Dimension.TRUST: comment} if comment else {}
    return [
        AnswerSheet(ratings=dict.fromkeys(Dimension.values, rating), comments=comments)
        for _ in range(count)
    ]


class LevelTests(SimpleTestCase):
    def test_thresholds(self):
        self.assertEqual(level_of(100), Rating.GREEN)
        self.assertEqual(level_of(75), Rating.GREEN)
        self.assertEqual(level_of(74), Rating.AMBER)
        self.assertEqual(level_of(40), Rating.AMBER)
        self.assertEqual(level_of(39), Rating.RED)
        self.assertEqual(level_of(0), Rating.RED)
        self.assertIsNone(level_of(None))

    def test_mean_rounds_half_up(self):
        self.assertEqual(mean_score([100, 50]), 75)
        self.assertEqual(mean_score([100, 0, 0]), 33)
        self.assertEqual(mean_score([100, 100, 0]), 67)
        self.assertEqual(mean_score([50, 0, 0, 0]), 13)  # 12.5 → 13
        self.assertIsNone(mean_score([]))


class GroupingTests(SimpleTestCase):
    def test_nothing_below_three_in_all(self):
        grouping = group_parties({"a": 1, "b": 1})
        self.assertFalse(grouping.overall_shown)
        self.assertEqual(grouping.shown, ())

    def test_parties_of_three_or_more_are_shown_alone(self):
        grouping = group_parties({"a": 3, "b": 5, "c": 0})
        self.assertEqual(grouping.shown, ("b", "a"))
        self.assertEqual(grouping.merged_count, 0)
        self.assertFalse(grouping.others_shown)

    def test_small_parties_merge_when_they_reach_three(self):
        grouping = group_parties({"a": 4, "b": 2, "c": 1})
        self.assertEqual(grouping.shown, ("a",))
        self.assertEqual(grouping.merged, ("b", "c"))
        self.assertTrue(grouping.others_shown)

    def test_a_small_merged_group_takes_the_smallest_party_shown(self):
        # b alone (2) could be read as overall − a − c: the smallest shown party (c) joins it.
        grouping = group_parties({"a": 6, "b": 2, "c": 3})
        self.assertEqual(grouping.shown, ("a",))
        self.assertEqual(grouping.merged, ("b", "c"))
        self.assertEqual(grouping.merged_count, 5)

    def test_with_one_party_shown_and_one_answer_left_only_the_overall_remains(self):
        grouping = group_parties({"a": 5, "b": 1})
        self.assertEqual(grouping.shown, ())
        self.assertEqual(grouping.merged_count, 6)
        self.assertTrue(grouping.overall_shown)
        self.assertFalse(grouping.others_shown)


class RoundResultsTests(SimpleTestCase):
    def test_a_party_of_two_never_appears_by_name(self):
        results = round_results(
            [
                PartyAnswers("lead", "Maison", sheets(3, Rating.GREEN)),
                PartyAnswers("company", "Solidaires", sheets(2, Rating.RED, "Trop de réunions")),
                PartyAnswers("commune", "Ville", sheets(3, Rating.AMBER)),
            ]
        )
        names = [group.name for group in results.groups]
        self.assertNotIn("Solidaires", names)
        self.assertIsNone(results.group("company"))
        # The two are merged with the smallest shown party (a tie of 3: the first key).
        others = results.group(OTHERS)
        self.assertEqual(others.kind, KIND_OTHERS)
        self.assertEqual(others.respondents, 5)
        self.assertEqual(others.name, "")
        self.assertEqual(
            others.comments_on(Dimension.TRUST), ("Trop de réunions", "Trop de réunions")
        )
        self.assertEqual([g.key for g in results.party_groups], ["lead"])
        self.assertTrue(results.merged)

    def test_scores_and_levels(self):
        mixed = [
            AnswerSheet(ratings={**ALL_GREEN, Dimension.TRUST: Rating.RED}),
            AnswerSheet(ratings={**ALL_GREEN, Dimension.TRUST: Rating.AMBER}),
            AnswerSheet(ratings=ALL_GREEN),
        ]
        results = round_results([PartyAnswers("lead", "Maison", mixed)])
        trust = results.overall.dimension(Dimension.TRUST)
        self.assertEqual(trust.score, 50)
        self.assertEqual(trust.level, Rating.AMBER)
        self.assertEqual((trust.green, trust.amber, trust.red), (1, 1, 1))
        self.assertTrue(trust.needs_attention)
        self.assertEqual(results.overall.dimension(Dimension.ROLES).level, Rating.GREEN)
        # 6 dimensions × 3 × 100 + (0 + 50 + 100) over 21 ratings.
        self.assertEqual(results.overall.score, 93)
        self.assertEqual(results.group("lead").kind, KIND_PARTY)

    def test_comments_are_sorted_not_in_answer_order(self):
        answers = [
            AnswerSheet(ratings=ALL_GREEN, comments={Dimension.VALUE: "zèbre"}),
            AnswerSheet(ratings=ALL_GREEN, comments={Dimension.VALUE: "Abricot"}),
            AnswerSheet(ratings=ALL_GREEN, comments={Dimension.VALUE: "  "}),
        ]
        results = round_results([PartyAnswers("lead", "Maison", answers)])
        self.assertEqual(results.group("lead").comments_on(Dimension.VALUE), ("Abricot", "zèbre"))
        self.assertEqual(results.overall.comments_on(Dimension.TRUST), ())

    def test_too_few_answers_show_nothing(self):
        results = round_results([PartyAnswers("lead", "Maison", sheets(2, comment="secret"))])
        self.assertFalse(results.shown)
        self.assertIsNone(results.group(OVERALL))
        self.assertEqual(results.groups, ())
        self.assertEqual(results.respondents, 2)

    def test_only_small_parties_give_the_overall_result_alone(self):
        results = round_results(
            [
                PartyAnswers("lead", "Maison", sheets(2)),
                PartyAnswers("company", "Solidaires", sheets(2)),
            ]
        )
        self.assertEqual(results.overall.respondents, 4)
        self.assertEqual(results.groups, ())
        self.assertTrue(results.merged)
