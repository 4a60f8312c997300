"""Proposing a decision: numbered, under the rule and quorum in force, the committee told."""

import threading
import time
import unittest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.test import TransactionTestCase

from alliances.agreements.models import AgreementVersion, MeetingFrequency, VersionStatus
from alliances.core.permissions import Role
from alliances.governance.models import (
    Decision,
    DecisionStatus,
    GovernanceSettings,
    MeetingStatus,
    VoteChoice,
)
from alliances.governance.services import decisions as services
from alliances.governance.tests.test_decision_base import DecisionTestCase
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Activity,
    DecisionRule,
    Notification,
    Partnership,
    Stage,
)
from alliances.test import add_member, make_organisation, make_partnership, make_user


class DecisionProposeServiceTests(DecisionTestCase):
    def test_numbered_per_partnership_under_the_settings(self):
        self.partnership.decision_rule = DecisionRule.MAJORITY
        self.partnership.save(update_fields=["decision_rule"])
        GovernanceSettings.objects.create(partnership=self.partnership, quorum_percent=75)
        first = self.propose()
        second = self.propose(user=self.company_admin, title="Changer de salle")
        self.assertEqual((first.number, second.number), (1, 2))
        self.assertEqual(second.reference, "D-002")
        self.assertEqual(second.rule, DecisionRule.MAJORITY)
        self.assertEqual(second.rule_source, "settings")
        self.assertEqual(second.quorum_percent, 75)
        self.assertEqual(second.status, DecisionStatus.OPEN)
        self.assertEqual(second.created_by, self.company_admin)

    def test_the_agreement_in_force_gives_the_rule(self):
        AgreementVersion.objects.create(
            partnership=self.partnership,
            number=2,
            status=VersionStatus.IN_FORCE,
            decision_rule=DecisionRule.UNANIMITY,
            meeting_frequency=MeetingFrequency.QUARTERLY,
            content={},
        )
        decision = self.propose()
        self.assertEqual(decision.rule, DecisionRule.UNANIMITY)
        self.assertEqual(decision.rule_source, "agreement:2")
        # Defaults when the settings were never saved.
        self.assertEqual(decision.quorum_percent, 50)

    def test_the_committee_is_told_and_the_feed_says_it(self):
        decision = self.propose()
        notified = Notification.objects.filter(verb="decision.proposed")
        self.assertEqual(
            set(notified.values_list("user__email", flat=True)),
            {self.company_admin.email, self.commune_admin.email},
        )
        self.assertEqual(
            notified.first().url,
            f"/partnerships/{self.partnership.uuid}/governance/decisions/{decision.uuid}/",
        )
        activity = Activity.objects.get(verb="decision.proposed")
        self.assertEqual(activity.data["reference"], "D-001")
        self.assertEqual(activity.data["title"], decision.title)

    def test_distinct_numbers_even_with_other_partnerships(self):
        other_org = make_organisation("Autre association")
        other, _parties = make_partnership("Autre", coordinator=other_org)
        Decision.objects.create(partnership=other, number=7, title="x", rule="consensus")
        numbers = [self.propose(title=f"Proposition {n}").number for n in range(3)]
        self.assertEqual(numbers, [1, 2, 3])

    def test_linked_to_a_meeting_of_the_partnership(self):
        meeting = self.meeting()
        self.assertEqual(self.propose(meeting=meeting).meeting, meeting)
        meeting.status = MeetingStatus.CANCELLED
        meeting.save()
        with self.assertRaisesMessage(ValidationError, "This meeting was cancelled"):
            self.propose(meeting=meeting)

    def test_a_meeting_of_another_partnership_is_refused(self):
        other_org = make_organisation("Autre association")
        other, _parties = make_partnership("Autre", coordinator=other_org)
        meeting = self.meeting()
        meeting.partnership = other
        meeting.save()
        with self.assertRaises(PermissionDenied):
            self.propose(meeting=meeting)

    def test_viewers_do_not_propose(self):
        with self.assertRaises(PermissionDenied):
            self.propose(user=self.viewer)

    def test_a_closed_partnership_takes_no_new_decision(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        with self.assertRaisesMessage(ValidationError, "This partnership is closed"):
            self.propose()


class CorrectionProposeTests(DecisionTestCase):
    def test_only_a_decision_closed_by_a_vote_is_corrected(self):
        open_one = self.propose()
        with self.assertRaisesMessage(ValidationError, "D-001 is still open to votes"):
            self.propose(supersedes=open_one)
        services.decision_withdraw(
            access=self.access(self.admin), actor=self.admin, decision=open_one, reason="Doublon"
        )
        open_one.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "D-001 was withdrawn"):
            self.propose(supersedes=open_one)

    def test_one_correction_at_a_time(self):
        adopted = self.closed_decision(
            (self.admin, self.lead_party, VoteChoice.FOR),
            (self.company_admin, self.company_party, VoteChoice.FOR),
        )
        correction = self.propose(title="Correction", supersedes=adopted)
        self.assertEqual(correction.supersedes, adopted)
        with self.assertRaisesMessage(ValidationError, "D-002 already proposes a correction"):
            self.propose(supersedes=adopted)
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, correction)
        self.vote(self.company_admin, self.company_party, VoteChoice.FOR, correction)
        self.close(correction)
        with self.assertRaisesMessage(ValidationError, "already corrected by D-002"):
            self.propose(supersedes=adopted)

    def test_a_decision_of_another_partnership_is_refused(self):
        other_org = make_organisation("Autre association")
        other, _parties = make_partnership("Autre", coordinator=other_org)
        foreign = Decision.objects.create(
            partnership=other,
            number=1,
            title="x",
            rule="consensus",
            status=DecisionStatus.ADOPTED,
        )
        with self.assertRaises(PermissionDenied):
            self.propose(supersedes=foreign)


class DecisionCreatePageTests(DecisionTestCase):
    def setUp(self):
        self.create_url = self.url("decision_create")

    def test_permissions(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.create_url).status_code, status)
                self.assertEqual(
                    self.client.post(self.create_url, {"title": "x"}).status_code,
                    302 if status == 200 else status,
                )
        self.assertEqual(Decision.objects.count(), 2)

    def test_the_page_says_which_rule_applies_and_why(self):
        GovernanceSettings.objects.create(partnership=self.partnership, quorum_percent=60)
        self.login(self.editor)
        response = self.client.get(self.create_url)
        self.assertContains(response, "How it will be decided")
        self.assertContains(response, "Consensus: the proposal is adopted when no party votes")
        self.assertContains(response, "This rule comes from the partnership settings.")
        self.assertContains(response, "at least 60 % of the parties")

    def test_propose_in_a_meeting(self):
        meeting = self.meeting()
        self.login(self.editor)
        response = self.client.get(f"{self.create_url}?meeting={meeting.uuid}")
        self.assertContains(response, f'<option value="{meeting.uuid}" selected>')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.create_url,
                {"title": "Ouvrir un groupe", "context": "Douze élèves", "meeting": meeting.uuid},
            )
        decision = Decision.objects.get()
        self.assertRedirects(
            response, self.url("decision_detail", decision), target_status_code=200
        )
        self.assertEqual(decision.meeting, meeting)
        self.assertEqual(decision.created_by, self.editor)

    def test_correct_a_decision_from_its_button(self):
        old = self.closed_decision((self.admin, self.lead_party, VoteChoice.FOR))
        self.login(self.editor)
        response = self.client.get(f"{self.create_url}?supersedes={old.uuid}")
        self.assertContains(response, "Correct decision D-001")
        self.assertContains(response, f'name="supersedes" value="{old.uuid}"')
        response = self.client.post(
            self.create_url, {"title": "Ouvrir deux groupes", "supersedes": old.uuid}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Decision.objects.get(number=2).supersedes, old)

    def test_a_refused_correction_comes_back_with_the_text(self):
        open_one = self.propose()
        self.login(self.editor)
        response = self.client.post(
            self.create_url, {"title": "Mon texte", "supersedes": open_one.uuid}
        )
        self.assertContains(response, "Only a decision closed by a vote", status_code=400)
        self.assertContains(response, 'value="Mon texte"', status_code=400)

    def test_bad_input_returns_the_form(self):
        self.login(self.editor)
        response = self.client.post(self.create_url, {"context": "Sans titre"})
        self.assertContains(response, "Write the proposal in one sentence.", status_code=400)
        self.assertContains(response, "Sans titre", status_code=400)
        response = self.client.post(self.create_url, {"title": "x", "meeting": "not-a-uuid"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Decision.objects.exists())

    def test_closed_partnership_redirects_with_a_message(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.editor)
        response = self.client.get(self.create_url, follow=True)
        self.assertContains(response, "This partnership is closed")


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        # A transaction keeps its first snapshot of the statistics unless told to drop it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentProposalTests(TransactionTestCase):
    """Two people propose at the same instant, each in its own connection: the partnership's
    row lock makes one wait for the other, so each gets its own number."""

    serialized_rollback = True

    def setUp(self):
        org = make_organisation("Maison des Trois-Cités")
        self.partnership, _parties = make_partnership("Réussir", coordinator=org)
        self.people = [make_user(f"p{n}@example.org") for n in range(2)]
        for person in self.people:
            add_member(person, org, Role.EDITOR)

    def test_simultaneous_proposals_get_distinct_numbers(self):
        errors = []

        def propose(person):
            try:
                access = access_partnership_by_uuid(person, self.partnership.uuid)
                services.decision_propose(
                    access=access, actor=person, title=f"Par {person.email}", context=""
                )
            except Exception as exc:  # reported below, in the main thread
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=propose, args=(p,)) for p in self.people]
        # Hold the partnership until both proposals wait for it, then let them go together.
        with transaction.atomic():
            Partnership.objects.select_for_update().get(pk=self.partnership.pk)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 10
            while _waiting_for_locks() < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            waiting = _waiting_for_locks()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(waiting, 2, "both proposals wait for the partnership's lock")
        self.assertEqual(errors, [])
        numbers = sorted(Decision.objects.values_list("number", flat=True))
        self.assertEqual(numbers, [1, 2])
