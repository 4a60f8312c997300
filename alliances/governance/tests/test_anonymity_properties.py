"""Properties of the health-check anonymity rules that must hold for any round whatsoever."""

from itertools import combinations

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.governance.anonymity import (
    OTHERS,
    AnswerSheet,
    PartyAnswers,
    group_parties,
    round_results,
)
from alliances.governance.models import HEALTH_MIN_GROUP, Dimension, Rating

COUNTS = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=9),
    max_size=7,
)
SHEETS = st.builds(
    lambda ratings, comment: AnswerSheet(
        ratings=dict(zip(Dimension.values, ratings, strict=True)),
        comments={Dimension.TRUST: comment} if comment else {},
    ),
    st.lists(st.sampled_from(Rating.values), min_size=7, max_size=7),
    st.sampled_from(["", "ok", "Trop de réunions", "nous ne sommes pas écoutés"]),
)


@st.composite
def rounds(draw) -> list[PartyAnswers]:
    keys = draw(st.lists(st.uuids().map(str), max_size=6, unique=True))
    return [
        PartyAnswers(key=key, name=f"Party {key[:4]}", sheets=draw(st.lists(SHEETS, max_size=8)))
        for key in keys
    ]


class GroupingPropertyTests(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(COUNTS)
    def test_no_group_shown_is_small_and_no_subtraction_reveals_one(self, counts):
        grouping = group_parties(counts)
        if not grouping.overall_shown:
            self.assertEqual(grouping.shown, ())
            return
        shown = [counts[key] for key in grouping.shown]
        if grouping.others_shown:
            shown.append(grouping.merged_count)
        self.assertTrue(all(size >= HEALTH_MIN_GROUP for size in shown))
        # Overall minus any set of shown groups never leaves 1 or 2 people.
        for size in range(len(shown) + 1):
            for picked in combinations(shown, size):
                self.assertNotIn(grouping.total - sum(picked), (1, 2))

    @settings(max_examples=300, deadline=None)
    @given(COUNTS)
    def test_merging_never_loses_a_respondent(self, counts):
        grouping = group_parties(counts)
        counted = sum(counts[key] for key in grouping.shown) + grouping.merged_count
        self.assertEqual(counted, sum(counts.values()))
        self.assertEqual(set(grouping.shown) & set(grouping.merged), set())


class RoundResultsPropertyTests(SimpleTestCase):
    @settings(max_examples=200, deadline=None)
    @given(rounds())
    def test_results_respect_the_minimum_group(self, parties):
        results = round_results(parties)
        total = sum(len(party.sheets) for party in parties)
        self.assertEqual(results.respondents, total)
        if total < HEALTH_MIN_GROUP:
            self.assertFalse(results.shown)
            self.assertEqual(results.groups, ())
            return
        self.assertEqual(results.overall.respondents, total)
        sizes = [group.respondents for group in results.groups]
        self.assertTrue(all(size >= HEALTH_MIN_GROUP for size in sizes))
        if results.groups:
            self.assertEqual(sum(sizes), total)
        for size in range(len(sizes) + 1):
            for picked in combinations(sizes, size):
                self.assertNotIn(total - sum(picked), (1, 2))
        # The merged group never carries a name; a party group carries its own.
        for group in results.groups:
            if group.key == OTHERS:
                self.assertEqual(group.name, "")
            else:
                party = next(p for p in parties if p.key == group.key)
                self.assertEqual(group.name, party.name)
                self.assertGreaterEqual(len(party.sheets), HEALTH_MIN_GROUP)

    @settings(max_examples=100, deadline=None)
    @given(rounds())
    def test_comments_do_not_follow_answer_order(self, parties):
        results = round_results(parties)
        reversed_results = round_results(
            [PartyAnswers(p.key, p.name, list(reversed(p.sheets))) for p in parties]
        )
        self.assertEqual(results, reversed_results)
