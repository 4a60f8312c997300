import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.matching.models import Proposal, ProposalStatus
from alliances.matching.services.proposals import proposal_send
from alliances.matching.tests.test_call_setup import NOW, CallTestCase
from alliances.partnerships.models import Notification
from alliances.test import add_member, make_organisation

NO_ORGANISATION = (
    "To answer or propose, you need to be an editor or an administrator of an organisation "
    "on Alliances."
)


@time_machine.travel(NOW, tick=False)
class DirectProposalTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:proposal_create", args=[cls.org.uuid])
        cls.profile_url = reverse("organisations:detail", args=[cls.org.uuid])

    def form(self, **overrides) -> dict:
        data = {
            "organisation": str(self.other_org.uuid),
            "title": "Mécénat de compétences en comptabilité",
            "message": "Nos comptables peuvent aider votre trésorier.",
            "resources_offered": ["skills"],
        }
        data.update(overrides)
        return data

    def test_from_the_profile_an_editor_of_another_organisation_proposes(self):
        self.login(self.outsider)
        self.assertContains(self.client.get(self.profile_url), self.url)
        response = self.client.get(self.url)
        self.assertContains(response, "Propose a partnership to Maison des Trois-Cités")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, self.form())
        proposal = Proposal.objects.get(from_organisation=self.other_org)
        self.assertRedirects(response, reverse("matching:proposal_detail", args=[proposal.uuid]))
        self.assertIsNone(proposal.call)
        self.assertEqual(proposal.to_organisation, self.org)
        self.assertEqual(proposal.title, "Mécénat de compétences en comptabilité")
        self.assertEqual(proposal.resources_offered, ["skills"])
        self.assertEqual(proposal.status, ProposalStatus.SUBMITTED)
        self.assertTrue(AuditEvent.objects.filter(verb="proposal.sent").exists())
        notified = {n.user for n in Notification.objects.filter(verb="proposal.received")}
        self.assertEqual(notified, {self.admin, self.editor})
        self.assertEqual(
            mail.outbox[0].subject,
            "Entreprise Voisine proposes a partnership: Mécénat de compétences en comptabilité",
        )
        # The receiver finds it, and may accept or decline it; no criteria to score.
        self.login(self.editor)
        response = self.client.get(reverse("matching:proposal_detail", args=[proposal.uuid]))
        self.assertContains(response, "Accept and create the partnership")
        self.assertContains(response, "Decline the proposal")
        self.assertNotContains(response, 'name="score_0"')

    def test_a_title_and_a_message_are_needed(self):
        self.login(self.outsider)
        response = self.client.post(self.url, self.form(title="", message=""))
        self.assertContains(response, "Give your proposal a title.", status_code=400)
        self.assertContains(response, "Write a few lines about what you propose.", status_code=400)
        self.assertFalse(Proposal.objects.exists())

    def test_refused_to_an_inactive_receiver(self):
        self.org.is_active = False
        self.org.save(update_fields=["is_active"])
        self.login(self.outsider)
        response = self.client.get(self.url, follow=True)
        self.assertRedirects(response, self.profile_url)
        message = "Maison des Trois-Cités is no longer active: it cannot receive proposals."
        self.assertContains(response, message)
        with self.assertRaisesMessage(ValidationError, message):
            proposal_send(
                from_organisation=self.other_org,
                to_organisation=self.org,
                actor=self.outsider,
                title="Titre",
                message="Bonjour",
            )

    def test_refused_to_oneself(self):
        self.login(self.editor)
        response = self.client.get(self.url, follow=True)
        self.assertRedirects(response, self.profile_url)
        self.assertContains(response, "An organisation cannot send a proposal to itself.")
        with self.assertRaisesMessage(
            ValidationError, "An organisation cannot send a proposal to itself."
        ):
            proposal_send(
                from_organisation=self.org,
                to_organisation=self.org,
                actor=self.editor,
                title="Titre",
                message="Bonjour",
            )

    def test_a_viewer_or_someone_without_organisation_cannot_propose(self):
        for user in (self.viewer, self.staff):
            self.login(user)
            response = self.client.get(self.url, follow=True)
            self.assertContains(response, NO_ORGANISATION)
        with self.assertRaisesMessage(
            ValidationError,
            "You can answer or propose only for an organisation in which you are an editor "
            "or an administrator.",
        ):
            proposal_send(
                from_organisation=self.other_org,
                to_organisation=self.org,
                actor=self.viewer,
                title="Titre",
                message="Bonjour",
            )

    def test_an_editor_of_the_receiver_proposes_for_another_of_its_organisations(self):
        association = make_organisation("Les Amis du Quartier")
        add_member(self.editor, association, Role.ADMIN)
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "On behalf of <strong>Les Amis du Quartier</strong>.")
        response = self.client.post(self.url, self.form(organisation=str(association.uuid)))
        self.assertEqual(response.status_code, 302)
        response = self.client.post(self.url, self.form(organisation=str(self.org.uuid)))
        self.assertContains(response, "Choose one of your organisations.", status_code=400)

    def test_a_private_organisation_is_not_found(self):
        self.org.is_public = False
        self.org.save(update_fields=["is_public"])
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
