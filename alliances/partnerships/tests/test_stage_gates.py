"""stage_gates: which moves are allowed, and sentences that say why not."""

from django.test import SimpleTestCase

from alliances.partnerships.models import Partnership, Stage
from alliances.partnerships.selectors.workspace import StageFacts
from alliances.partnerships.services.workspace import stage_gates, stage_options, stage_targets

READY = StageFacts(missing_assessments=(), agreement_in_force=True)


def at(stage: str) -> Partnership:
    return Partnership(title="Réussir au collège", stage=stage)


class StageGatesTests(SimpleTestCase):
    def test_forward_path_is_allowed_when_nothing_is_missing(self):
        path = [
            (Stage.EXPLORATION, Stage.QUALIFICATION),
            (Stage.QUALIFICATION, Stage.FORMALISATION),
            (Stage.FORMALISATION, Stage.IMPLEMENTATION),
            (Stage.IMPLEMENTATION, Stage.EVALUATION),
            (Stage.EVALUATION, Stage.RENEWAL),
            (Stage.RENEWAL, Stage.FORMALISATION),
            (Stage.RENEWAL, Stage.IMPLEMENTATION),
        ]
        for current, target in path:
            with self.subTest(current=current, target=target):
                self.assertEqual(stage_gates(at(current), target=target, facts=READY), [])

    def test_skipping_a_stage_is_refused_with_the_possible_moves(self):
        problems = stage_gates(at(Stage.EXPLORATION), target=Stage.FORMALISATION, facts=READY)
        self.assertEqual(
            problems, ["From Exploration, the partnership can move to: Qualification, Closed."]
        )

    def test_staying_put_is_refused(self):
        problems = stage_gates(at(Stage.QUALIFICATION), target=Stage.QUALIFICATION, facts=READY)
        self.assertEqual(problems, ["The partnership is already at the Qualification stage."])

    def test_unknown_stage_is_refused(self):
        self.assertEqual(
            stage_gates(at(Stage.EXPLORATION), target="paused", facts=READY), ["Choose a stage."]
        )

    def test_formalisation_waits_for_every_assessment_and_names_the_missing_parties(self):
        facts = StageFacts(missing_assessments=("Solidaires Industries", "Ville de Poitiers"))
        problems = stage_gates(at(Stage.QUALIFICATION), target=Stage.FORMALISATION, facts=facts)
        self.assertEqual(len(problems), 1)
        self.assertIn("Every party must submit its assessment", problems[0])
        self.assertIn("Solidaires Industries, Ville de Poitiers", problems[0])

    def test_formalisation_from_renewal_also_waits_for_assessments(self):
        facts = StageFacts(missing_assessments=("Médiathèque",), agreement_in_force=True)
        problems = stage_gates(at(Stage.RENEWAL), target=Stage.FORMALISATION, facts=facts)
        self.assertIn("Médiathèque", problems[0])

    def test_implementation_waits_for_an_agreement_in_force(self):
        facts = StageFacts(agreement_in_force=False)
        problems = stage_gates(at(Stage.FORMALISATION), target=Stage.IMPLEMENTATION, facts=facts)
        self.assertEqual(
            problems,
            [
                "Implementation starts once a version of the agreement has been approved by "
                "every party."
            ],
        )

    def test_evaluation_leads_to_renewal_or_closure_only(self):
        self.assertEqual(
            stage_targets(Stage.EVALUATION), [Stage.RENEWAL, Stage.CLOSED, Stage.IMPLEMENTATION]
        )
        problems = stage_gates(at(Stage.EVALUATION), target=Stage.QUALIFICATION, facts=READY)
        self.assertIn("can move to: Renewal, Closed, Implementation", problems[0])

    def test_going_back_one_stage_needs_a_note(self):
        without = StageFacts(note="  ")
        problems = stage_gates(at(Stage.QUALIFICATION), target=Stage.EXPLORATION, facts=without)
        self.assertEqual(
            problems, ["Say in a note why the partnership goes back to the Exploration stage."]
        )
        with_note = StageFacts(note="The company's budget is not decided yet.")
        self.assertEqual(
            stage_gates(at(Stage.QUALIFICATION), target=Stage.EXPLORATION, facts=with_note), []
        )

    def test_going_back_two_stages_is_refused(self):
        facts = StageFacts(note="Start again", agreement_in_force=True)
        problems = stage_gates(at(Stage.IMPLEMENTATION), target=Stage.QUALIFICATION, facts=facts)
        self.assertIn("From Implementation, the partnership can move to", problems[0])

    def test_going_back_to_implementation_still_needs_the_agreement(self):
        facts = StageFacts(note="More time is needed", agreement_in_force=False)
        problems = stage_gates(at(Stage.EVALUATION), target=Stage.IMPLEMENTATION, facts=facts)
        self.assertEqual(len(problems), 1)
        self.assertIn("agreement", problems[0])

    def test_closing_is_possible_from_any_open_stage_with_a_reason_and_lessons(self):
        facts = StageFacts(closure_reason="Funding stopped.", lessons_learned="Start smaller.")
        for stage in Stage.values:
            if stage == Stage.CLOSED:
                continue
            with self.subTest(stage=stage):
                self.assertEqual(stage_gates(at(stage), target=Stage.CLOSED, facts=facts), [])

    def test_closing_without_reason_or_lessons_says_both(self):
        facts = StageFacts(closure_reason="", lessons_learned="")
        problems = stage_gates(at(Stage.EXPLORATION), target=Stage.CLOSED, facts=facts)
        self.assertEqual(
            problems,
            [
                "Say why the partnership closes.",
                "Write down the lessons learned, in a few lines.",
            ],
        )

    def test_a_closed_partnership_never_moves(self):
        facts = StageFacts(note="Reopen", closure_reason="x", lessons_learned="y")
        for target in Stage.values:
            with self.subTest(target=target):
                self.assertEqual(
                    stage_gates(at(Stage.CLOSED), target=target, facts=facts),
                    ["This partnership is closed: its stage can no longer change."],
                )
        self.assertEqual(stage_targets(Stage.CLOSED), [])

    def test_inputs_not_typed_yet_do_not_block_the_overview(self):
        # The overview lists what blocks a move before anyone fills the form in.
        options = {
            option.target: option for option in stage_options(at(Stage.QUALIFICATION), StageFacts())
        }
        self.assertEqual(set(options), {Stage.FORMALISATION, Stage.EXPLORATION, Stage.CLOSED})
        self.assertTrue(options[Stage.EXPLORATION].allowed)
        self.assertTrue(options[Stage.EXPLORATION].is_back)
        self.assertTrue(options[Stage.CLOSED].allowed)
        self.assertTrue(options[Stage.CLOSED].is_closure)
        self.assertTrue(options[Stage.FORMALISATION].allowed)
