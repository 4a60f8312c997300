"""Editing a proposal: only while open and before the first vote; never once closed."""

from django.core.exceptions import PermissionDenied, ValidationError

from alliances.core.models import AuditEvent
from alliances.governance.models import Decision, VoteChoice
from alliances.governance.services import decisions as services
from alliances.governance.tests.test_decision_base import DecisionTestCase


class DecisionEditServiceTests(DecisionTestCase):
    def edit(self, decision, user=None, **changes):
        user = user or self.admin
        values = {"title": decision.title, "context": decision.context, "meeting": None}
        values.update(changes)
        return services.decision_edit(
            access=self.access(user), actor=user, decision=decision, **values
        )

    def test_reworded_before_any_vote(self):
        decision = self.propose()
        meeting = self.meeting()
        edited = self.edit(decision, title="  Ouvrir deux groupes ", meeting=meeting)
        self.assertEqual((edited.title, edited.meeting), ("Ouvrir deux groupes", meeting))
        self.assertEqual(Decision.objects.get().title, "Ouvrir deux groupes")
        self.assertTrue(AuditEvent.objects.filter(verb="decision.edited").exists())

    def test_not_after_the_first_vote(self):
        decision = self.propose()
        self.vote(self.company_admin, self.company_party, VoteChoice.FOR, decision)
        with self.assertRaisesMessage(ValidationError, "Votes have been cast on D-001"):
            self.edit(decision, title="Autre chose")
        self.assertNotEqual(Decision.objects.get().title, "Autre chose")

    def test_a_closed_decision_is_never_edited(self):
        decision = self.propose()
        self.close(decision)
        with self.assertRaisesMessage(ValidationError, "Decision D-001 is closed"):
            self.edit(decision, title="Autre chose")

    def test_only_the_proposer_or_the_coordinator(self):
        decision = self.propose(user=self.company_admin)
        self.assertEqual(
            self.edit(decision, title="Par le coordinateur").title, "Par le coordinateur"
        )
        other = self.propose()
        with self.assertRaises(PermissionDenied):
            self.edit(other, user=self.company_admin, title="Par un partenaire")
        with self.assertRaises(PermissionDenied):
            self.edit(other, user=self.viewer, title="Par un lecteur")


class DecisionEditPageTests(DecisionTestCase):
    def setUp(self):
        self.decision = self.propose()
        self.edit_url = self.url("decision_edit", self.decision)
        self.detail_url = self.url("decision_detail", self.decision)

    def test_permissions(self):
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.company_admin, 403),
            (self.editor, 200),
            (self.admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.edit_url).status_code, status)

    def test_edit_and_back_to_the_decision(self):
        self.login(self.admin)
        response = self.client.get(self.edit_url)
        self.assertContains(response, "Edit the proposal D-001")
        self.assertContains(response, 'value="Ouvrir un second groupe de tutorat"')
        response = self.client.post(self.edit_url, {"title": "", "context": "Nouveau contexte"})
        self.assertContains(response, "Write the proposal in one sentence.", status_code=400)
        self.assertContains(response, "Nouveau contexte", status_code=400)
        response = self.client.post(self.edit_url, {"title": "Deux groupes", "context": "Vingt"})
        self.assertRedirects(response, self.detail_url)
        self.decision.refresh_from_db()
        self.assertEqual((self.decision.title, self.decision.context), ("Deux groupes", "Vingt"))

    def test_after_a_vote_the_page_explains_why_not(self):
        self.vote(self.company_admin, self.company_party, VoteChoice.FOR, self.decision)
        self.login(self.admin)
        self.assertNotContains(self.client.get(self.detail_url), "Edit the proposal")
        response = self.client.post(self.edit_url, {"title": "Autre"}, follow=True)
        self.assertContains(response, "can no longer be edited")
        self.assertNotEqual(Decision.objects.get().title, "Autre")
