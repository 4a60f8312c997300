from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from alliances.matching.models import (
    Call,
    CallStatus,
    FeedbackState,
    Proposal,
    ProposalStatus,
    SuggestionFeedback,
)
from alliances.organisations.models import Organisation


class MatchingDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_open_calls_with_criteria_summing_to_a_hundred(self):
        calls = Call.objects.filter(status=CallStatus.PUBLISHED)
        self.assertEqual(calls.count(), 3)
        for call in calls:
            self.assertEqual(sum(c.weight for c in call.criteria.all()), 100, call.title)

    def test_the_foundation_call_has_a_shortlisted_and_a_received_answer(self):
        call = Call.objects.get(organisation__name="Fondation Vienne Solidaire")
        statuses = sorted(call.proposals.values_list("status", flat=True))
        self.assertEqual(statuses, [ProposalStatus.SHORTLISTED, ProposalStatus.SUBMITTED])

    def test_the_maison_received_a_direct_proposal_and_has_feedback(self):
        maison = Organisation.objects.get(name="Maison de quartier des Trois-Cités")
        self.assertTrue(Proposal.objects.filter(call=None, to_organisation=maison).exists())
        states = set(
            SuggestionFeedback.objects.filter(organisation=maison).values_list("state", flat=True)
        )
        self.assertEqual(states, {FeedbackState.SAVED, FeedbackState.DISMISSED})

    def test_loading_again_adds_nothing(self):
        before = (Call.objects.count(), Proposal.objects.count())
        call_command("load_demo", stdout=StringIO())
        self.assertEqual((Call.objects.count(), Proposal.objects.count()), before)
