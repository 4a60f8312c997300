"""The decision log: every party reads it, newest first, filtered by status or meeting."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.governance.models import Decision, DecisionStatus, Meeting, VoteChoice
from alliances.governance.selectors.decisions import (
    DecisionFilters,
    decision_log_in_partnership,
)
from alliances.governance.tests.test_decision_base import DecisionTestCase
from alliances.test import make_organisation, make_partnership


class DecisionLogTests(DecisionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee_meeting = Meeting.objects.create(
            partnership=cls.partnership,
            title="Comité de mars",
            starts_at="2027-03-12T14:00:00Z",
            ends_at="2027-03-12T16:00:00Z",
        )
        for number, (title, status, meeting) in enumerate(
            [
                ("Adopter le budget", DecisionStatus.ADOPTED, cls.committee_meeting),
                ("Changer de salle", DecisionStatus.REJECTED, None),
                ("Ouvrir un groupe", DecisionStatus.OPEN, cls.committee_meeting),
            ],
            start=1,
        ):
            Decision.objects.create(
                partnership=cls.partnership,
                number=number,
                title=title,
                rule="consensus",
                status=status,
                meeting=meeting,
            )
        other, _parties = make_partnership("Autre", coordinator=make_organisation("Autre"))
        Decision.objects.create(partnership=other, number=1, title="Secret d'ailleurs", rule="x")
        cls.log_url = cls.url(cls, "decisions")

    def test_every_party_reads_it_and_outsiders_do_not(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.company_admin, 200),
            (self.commune_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.log_url).status_code, status)

    def test_newest_first_with_reference_rule_status_and_meeting(self):
        self.login(self.commune_admin)
        response = self.client.get(self.log_url)
        titles = [line.decision.title for line in response.context["lines"]]
        self.assertEqual(titles, ["Ouvrir un groupe", "Changer de salle", "Adopter le budget"])
        self.assertContains(response, '<span class="decision-ref">D-003</span> Ouvrir un groupe')
        self.assertContains(response, "Open to votes")
        self.assertContains(response, "Comité de mars")
        self.assertContains(response, "Consensus")
        self.assertNotContains(response, "Secret d&#x27;ailleurs")
        # The commune may propose; the viewer may not.
        self.assertContains(response, "Propose a decision")
        self.login(self.viewer)
        self.assertNotContains(self.client.get(self.log_url), "Propose a decision")

    def test_filters(self):
        self.login(self.viewer)
        response = self.client.get(self.log_url, {"status": "adopted"})
        self.assertEqual([line.decision.number for line in response.context["lines"]], [1])
        response = self.client.get(self.log_url, {"meeting": self.committee_meeting.uuid})
        self.assertEqual([line.decision.number for line in response.context["lines"]], [3, 1])
        response = self.client.get(self.log_url, {"status": "withdrawn"})
        self.assertContains(response, "No decision matches these filters.")
        # Values that match nothing are ignored, never an error page.
        response = self.client.get(self.log_url, {"status": "lost", "meeting": "nope"})
        self.assertEqual(len(response.context["lines"]), 3)

    def test_query_count_does_not_grow_with_the_log(self):
        self.login(self.viewer)
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.log_url)
        first = Decision.objects.get(partnership=self.partnership, number=1)
        for number in range(4, 14):
            Decision.objects.create(
                partnership=self.partnership,
                number=number,
                title=f"Décision {number}",
                rule="majority",
                meeting=self.committee_meeting,
                supersedes=first if number == 4 else None,
            )
        # Session, user, partnership and seats, meetings of the filter, the log, the failed
        # corrections, the unread notifications of the header.
        self.assertEqual(len(small), 9)
        with self.assertNumQueries(9):
            response = self.client.get(self.log_url)
        self.assertEqual(len(response.context["lines"]), 13)

    def test_the_selector_takes_two_queries(self):
        with self.assertNumQueries(2):
            lines = decision_log_in_partnership(
                partnership=self.partnership, filters=DecisionFilters(status="open")
            )
        self.assertEqual([line.decision.number for line in lines], [3])


class CorrectionMarksTests(DecisionTestCase):
    """A correction replaces the decision it corrects only once adopted."""

    def adopt(self, **extra):
        return self.closed_decision(
            (self.admin, self.lead_party, VoteChoice.FOR),
            (self.company_admin, self.company_party, VoteChoice.FOR),
            **extra,
        )

    def marks(self):
        self.login(self.viewer)
        response = self.client.get(self.url("decisions"))
        return {line.decision.reference: line for line in response.context["lines"]}, response

    def test_open_then_adopted_correction(self):
        old = self.adopt()
        correction = self.propose(title="Ouvrir deux groupes", supersedes=old)
        lines, response = self.marks()
        self.assertEqual(lines["D-002"].corrects.reference, "D-001")
        self.assertIsNone(lines["D-001"].superseded_by)
        self.assertEqual(lines["D-001"].correction_pending.reference, "D-002")
        self.assertContains(response, "this decision stands until it is adopted")
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, correction)
        self.vote(self.company_admin, self.company_party, VoteChoice.FOR, correction)
        self.close(correction)
        lines, response = self.marks()
        self.assertEqual(lines["D-001"].superseded_by.reference, "D-002")
        self.assertContains(response, "superseded by")
        self.assertContains(response, 'class="decision-superseded"')
        # The old decision is kept as it was taken.
        old.refresh_from_db()
        self.assertEqual(old.status, DecisionStatus.ADOPTED)

    def test_a_rejected_correction_leaves_the_old_decision_standing(self):
        old = self.adopt()
        correction = self.propose(title="Tout arrêter", supersedes=old)
        self.vote(self.company_admin, self.company_party, VoteChoice.AGAINST, correction)
        self.vote(self.admin, self.lead_party, VoteChoice.FOR, correction)
        closed = self.close(correction)
        self.assertEqual(closed.status, DecisionStatus.REJECTED)
        self.assertIsNone(closed.supersedes)
        self.assertEqual(closed.tally["corrects"]["reference"], "D-001")
        lines, response = self.marks()
        self.assertIsNone(lines["D-001"].superseded_by)
        self.assertEqual([ref.reference for ref in lines["D-001"].corrections_failed], ["D-002"])
        self.assertEqual(lines["D-002"].corrects.reference, "D-001")
        self.assertContains(response, "was not adopted (rejected): this decision stands")
        self.assertContains(response, "which stands")
        # It may be corrected again.
        self.assertEqual(self.propose(supersedes=old).supersedes, old)
