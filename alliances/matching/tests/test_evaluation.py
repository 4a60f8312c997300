"""The offline evaluation of suggestions (`make eval-matching`): its planted set is what it
says it is, and its figures are computed right. On a tiny set; never the full evaluation."""

from django.test import SimpleTestCase

from alliances.matching.ranking import DEFAULT_WEIGHTS, Place, Weights, distance_km
from benchmarks.matching_data import (
    FAR_KM,
    TOPICS,
    Town,
    is_right,
    planted_directory,
)
from benchmarks.matching_eval import evaluate, parse_weights, precision_at, recall_at

# Two clusters of towns about 600 km apart (around Poitiers and around Strasbourg).
TOWNS = [
    Town(f"Ouest {i}", f"86{i:03}", 1000 * (i + 1), Place(46.58 + i * 0.03, 0.34 + i * 0.02, 1, 86))
    for i in range(8)
] + [
    Town(f"Est {i}", f"67{i:03}", 1000 * (i + 1), Place(48.58 + i * 0.03, 7.75 - i * 0.02, 2, 67))
    for i in range(8)
]
TOPIC = {topic.key: topic for topic in TOPICS}


def tiny(seed=1):
    return planted_directory(TOWNS, size=400, needs=4, right=5, seed=seed)


def said(topic_key: str, text: str) -> set[int]:
    """Which of the topic's phrasings a text uses."""
    return {i for i, phrase in enumerate(TOPIC[topic_key].phrases) if phrase in text}


class PlantedSetTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.directory = tiny()
        cls.by_id = {profile.candidate.id: profile for profile in cls.directory.profiles}

    def test_the_same_seed_gives_the_same_directory(self):
        again = tiny()
        self.assertEqual(again.candidates, self.directory.candidates)
        self.assertEqual(again.texts, self.directory.texts)
        self.assertNotEqual(tiny(seed=2).texts, self.directory.texts)

    def test_sizes_and_unique_ids(self):
        self.assertEqual(self.directory.counts["organisations"], 400)
        self.assertEqual(len(self.directory.needs), 4)
        ids = [candidate.id for candidate in self.directory.candidates]
        self.assertEqual(sorted(ids), list(range(1, 401)))

    def test_right_partners_fit_the_need_and_say_it_in_other_words(self):
        for planted in self.directory.needs:
            self.assertEqual(len(planted.planted), 5)
            self.assertLessEqual(planted.planted, planted.relevant)
            need_phrases = said(planted.topic, planted.text)
            self.assertEqual(len(need_phrases), 1)
            for cid in planted.planted:
                partner = self.by_id[cid]
                self.assertTrue(is_right(planted.need, planted.topic, partner))
                self.assertTrue(said(planted.topic, partner.text))
                self.assertFalse(said(planted.topic, partner.text) & need_phrases)

    def test_every_relevant_one_fits_and_nothing_else_does(self):
        for planted in self.directory.needs:
            for profile in self.directory.profiles:
                fits = is_right(planted.need, planted.topic, profile)
                self.assertIs(profile.candidate.id in planted.relevant, fits, profile)

    def test_near_duplicates_copy_a_right_partner_under_another_name(self):
        duplicates = [p for p in self.directory.profiles if p.role == "duplicate"]
        self.assertTrue(duplicates)
        for copy in duplicates:
            twin = next(
                p for p in self.directory.profiles
                if p.role == "right" and p.text == copy.text and p is not copy
            )  # fmt: skip
            self.assertNotEqual(copy.candidate.name, twin.candidate.name)
            self.assertEqual(copy.candidate.offers, twin.candidate.offers)

    def test_noise_is_not_relevant(self):
        for planted in self.directory.needs:
            for cid in planted.inactive:
                self.assertFalse(self.by_id[cid].candidate.active)
            for cid in planted.far:
                km = distance_km(planted.need.place, self.by_id[cid].candidate.place)
                self.assertGreaterEqual(km, FAR_KM)
            for cid in planted.decoys:
                decoy = self.by_id[cid]
                self.assertFalse(decoy.candidate.offers & planted.need.seeks)
                self.assertEqual(said(planted.topic, decoy.text), said(planted.topic, planted.text))
            noise = planted.inactive | planted.far | planted.decoys
            self.assertFalse(noise & planted.relevant)

    def test_the_asker_is_in_the_directory_but_not_relevant(self):
        for planted in self.directory.needs:
            self.assertEqual(self.by_id[planted.need.asker_id].role, "asker")
            self.assertNotIn(planted.need.asker_id, planted.relevant)


class MetricTests(SimpleTestCase):
    def test_a_perfect_ranking_gives_precision_and_recall_of_one(self):
        relevant = set(range(1, 13))
        ranked = [*range(1, 13), *range(100, 138)]
        self.assertEqual(precision_at(ranked, relevant, 10), 1.0)
        self.assertEqual(recall_at(ranked, relevant, 50), 1.0)

    def test_a_known_ranking_gives_the_known_figures(self):
        relevant = {1, 2, 3, 4, 5}
        ranked = [1, 90, 2, 91, 92, 93, 94, 95, 96, 3, 97, 4, *range(200, 238)]
        self.assertAlmostEqual(precision_at(ranked, relevant, 10), 0.3)
        self.assertAlmostEqual(recall_at(ranked, relevant, 50), 0.8)  # 5 never comes
        self.assertAlmostEqual(recall_at(ranked, relevant, 10), 0.6)

    def test_a_short_list_is_not_more_precise(self):
        self.assertAlmostEqual(precision_at([1], {1, 2}, 10), 0.1)

    def test_recall_without_relevant_candidates_is_one(self):
        self.assertEqual(recall_at([1, 2], set(), 50), 1.0)

    def test_evaluate_counts_the_noise_that_gets_through(self):
        directory = tiny()

        def oracle(need, weights, k):
            planted = next(p for p in directory.needs if p.need.asker_id == need.asker_id)
            inactive = sorted(planted.inactive)[:1]
            far = sorted(planted.far)[:1]
            return (sorted(planted.relevant) + far + inactive)[:k]

        figures = evaluate(
            directory, oracle, DEFAULT_WEIGHTS, with_terms=[p.need for p in directory.needs]
        )
        expected_precision = sum(min(len(p.relevant), 10) / 10 for p in directory.needs) / 4
        self.assertAlmostEqual(figures["precision_at_10"], round(expected_precision, 4))
        self.assertEqual(figures["recall_at_50"], 1.0)
        self.assertEqual(
            figures["inactive_in_top_50"], sum(bool(p.inactive) for p in directory.needs)
        )

    def test_weights_from_the_command_line(self):
        weights = parse_weights("complementarity=40, text=5")
        self.assertEqual(weights, Weights(complementarity=40, text=5))
        self.assertEqual(parse_weights(None), DEFAULT_WEIGHTS)
        with self.assertRaisesMessage(ValueError, "unknown part 'colour'"):
            parse_weights("colour=3")
        with self.assertRaisesMessage(ValueError, "text: 'lots' is not a number"):
            parse_weights("text=lots")
