"""What an organisation did with its suggestions shapes the next ones: each reason to set a
candidate aside is respected, saved candidates are flagged, and nobody else is affected."""

from alliances.matching.features import candidate_from_organisation, place_of_territory
from alliances.matching.feedback import HAIR_KM, feedback_by_candidate, need_with_feedback
from alliances.matching.models import DismissReason, FeedbackState, SuggestionFeedback
from alliances.matching.ranking import Need, distance_km, rank
from alliances.matching.selectors.suggestions import suggestions_for_organisation
from alliances.matching.tests.test_suggestions import SuggestionTestCase
from alliances.organisations.models import Kind
from alliances.test import make_organisation


class FeedbackTests(SuggestionTestCase):
    def dismiss(self, candidate, reason, *, organisation=None, **fields) -> SuggestionFeedback:
        return SuggestionFeedback.objects.create(
            organisation=organisation or self.org,
            candidate=candidate,
            state=FeedbackState.DISMISSED,
            reason=reason,
            **fields,
        )

    def suggested(self, **overrides) -> list[str]:
        suggestions = suggestions_for_organisation(organisation=self.org, limit=50, **overrides)
        return self.names(suggestions)

    def test_dismissed_never_comes_back(self):
        for reason in (DismissReason.NOT_RELEVANT, DismissReason.ALREADY_IN_TOUCH):
            with self.subTest(reason=reason):
                SuggestionFeedback.objects.all().delete()
                self.dismiss(self.volunteers_org, reason)
                suggestions = suggestions_for_organisation(organisation=self.org)
                self.assertNotIn("Bénévoles de Buxerolles", self.names(suggestions))
                self.assertIn("Clain Énergies", self.names(suggestions))
                self.assertEqual(suggestions.notes, ["1 organisation you set aside is not shown."])

    def test_too_far_drops_that_candidate_and_farther_ones(self):
        km = distance_km(
            place_of_territory(self.places["poitiers"]),
            place_of_territory(self.places["chatellerault"]),
        )
        self.dismiss(self.energy, DismissReason.TOO_FAR, distance_km=km)
        names = self.suggested()
        self.assertNotIn("Clain Énergies", names)
        self.assertNotIn("Fondation Niort Solidaire", names)  # 66 km
        self.assertIn("Bénévoles de Buxerolles", names)  # 4 km
        self.assertIn(self.other_org.name, names)  # place unknown: kept
        # A maximum distance asked on the page stays when it is nearer.
        need = need_with_feedback(Need(asker_id=self.org.pk, max_km=10), organisation=self.org)
        self.assertEqual(need.max_km, 10)
        need = need_with_feedback(Need(asker_id=self.org.pk, max_km=100), organisation=self.org)
        self.assertAlmostEqual(need.max_km, km - HAIR_KM)
        # The candidate itself is beyond the limit, to the metre.
        poitiers = place_of_territory(self.places["poitiers"])
        need = need_with_feedback(Need(asker_id=self.org.pk, place=poitiers), organisation=self.org)
        self.assertLess(need.max_km, km)
        self.assertEqual(rank(need, [candidate_from_organisation(self.energy)]), [])

    def test_too_far_without_a_recorded_distance_measures_it(self):
        self.dismiss(self.foundation, DismissReason.TOO_FAR)
        names = self.suggested()
        self.assertNotIn("Fondation Niort Solidaire", names)
        self.assertIn("Clain Énergies", names)  # 30 km: nearer than Niort
        # Without a place of its own, the asker cannot measure: only that one goes.
        need = need_with_feedback(Need(asker_id=self.org.pk), organisation=self.org)
        self.assertIsNone(need.max_km)
        self.assertEqual(need.exclude, frozenset({self.foundation.pk}))

    def test_wrong_kind_drops_that_kind(self):
        other_company = make_organisation("Boulangerie Solidaire SAS", kind=Kind.COMPANY)
        self.assertIn(other_company.name, self.suggested())
        self.dismiss(self.energy, DismissReason.WRONG_KIND)
        names = self.suggested()
        self.assertNotIn("Clain Énergies", names)
        self.assertNotIn(other_company.name, names)
        self.assertNotIn(self.other_org.name, names)  # also a company
        self.assertIn("Fondation Niort Solidaire", names)

    def test_saved_is_flagged_and_stays(self):
        saved = SuggestionFeedback.objects.create(
            organisation=self.org, candidate=self.volunteers_org, state=FeedbackState.SAVED
        )
        suggestions = suggestions_for_organisation(organisation=self.org)
        first = suggestions.items[0]
        self.assertEqual(first.organisation, self.volunteers_org)
        self.assertEqual(first.feedback, saved)
        self.assertTrue(all(item.feedback is None for item in suggestions.items[1:]))
        self.assertEqual(suggestions.notes, [])

    def test_only_the_organisation_own_feedback_counts(self):
        self.dismiss(self.volunteers_org, DismissReason.WRONG_KIND, organisation=self.other_org)
        self.dismiss(self.energy, DismissReason.TOO_FAR, organisation=self.other_org, distance_km=1)
        names = self.suggested()
        self.assertIn("Bénévoles de Buxerolles", names)
        self.assertIn("Clain Énergies", names)
        need = Need(asker_id=self.org.pk)
        self.assertIs(need_with_feedback(need, organisation=self.org), need)

    def test_feedback_by_candidate(self):
        saved = SuggestionFeedback.objects.create(
            organisation=self.org, candidate=self.energy, state=FeedbackState.SAVED
        )
        dismissed = self.dismiss(self.foundation, DismissReason.OTHER, note="Plus tard")
        self.dismiss(self.energy, DismissReason.OTHER, organisation=self.other_org)
        with self.assertNumQueries(1):
            found = feedback_by_candidate(
                organisation=self.org,
                ids=[self.energy.pk, self.foundation.pk, self.volunteers_org.pk],
            )
        self.assertEqual(found, {self.energy.pk: saved, self.foundation.pk: dismissed})
        with self.assertNumQueries(0):
            self.assertEqual(feedback_by_candidate(organisation=self.org, ids=[]), {})
