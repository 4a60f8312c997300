from datetime import date
from unittest import mock

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.matching.models import CallStatus, Proposal, ProposalStatus
from alliances.matching.services.proposals import proposal_answer
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer
from alliances.organisations.models import Kind
from alliances.partnerships.models import Notification
from alliances.test import add_member, make_organisation

ALREADY = (
    "Solidaires Industries has already answered this call. You can change its answer, or "
    "withdraw it and answer again."
)


@time_machine.travel(NOW, tick=False)
class CallAnswerTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:call_answer", args=[cls.call.uuid])
        cls.detail_url = reverse("matching:call_detail", args=[cls.call.uuid])

    def answer_form(self, organisation=None, **overrides) -> dict:
        data = {
            "organisation": str((organisation or self.other_org).uuid),
            "message": "Nos salariés encadrent deux soirs par semaine.",
            "resources_offered": ["volunteers", "skills"],
        }
        data.update(overrides)
        return data

    def test_an_organisation_answers_and_the_publisher_is_told(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "On behalf of <strong>Entreprise Voisine</strong>.")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, self.answer_form())
        proposal = Proposal.objects.get(from_organisation=self.other_org)
        self.assertRedirects(response, reverse("matching:proposal_detail", args=[proposal.uuid]))
        self.assertEqual(proposal.call, self.call)
        self.assertEqual(proposal.to_organisation, self.org)
        self.assertEqual(proposal.status, ProposalStatus.SUBMITTED)
        self.assertEqual(proposal.resources_offered, ["skills", "volunteers"])
        self.assertEqual(proposal.created_by, self.outsider)
        self.assertTrue(AuditEvent.objects.filter(verb="proposal.sent").exists())
        # The publisher's editors and administrators, not its viewer.
        notifications = Notification.objects.filter(verb="call.answered")
        self.assertEqual({n.user for n in notifications}, {self.admin, self.editor})
        self.assertEqual(
            notifications[0].url, reverse("matching:proposal_detail", args=[proposal.uuid])
        )
        # One e-mail each, written for the occasion (not the partnership notification one).
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), [self.admin.email, self.editor.email]
        )
        message = mail.outbox[0]
        self.assertEqual(
            message.subject,
            "Entreprise Voisine answered your call “Tuteurs pour l'aide aux devoirs”",
        )
        self.assertIn("Nos salariés encadrent deux soirs par semaine.", message.body)
        self.assertIn(f"/proposals/{proposal.uuid}/", message.body)

    def test_the_notification_reads_as_a_sentence(self):
        make_answer(self.call, self.company, self.company_admin)
        self.login(self.editor)
        proposal_answer(
            call=self.call,
            organisation=self.other_org,
            actor=self.outsider,
            message="Bonjour",
        )
        response = self.client.get(reverse("partnerships:notifications"))
        self.assertContains(
            response,
            "Entreprise Voisine answered your call “Tuteurs pour l&#x27;aide aux devoirs”.",
        )

    def test_a_message_is_needed_and_nothing_is_lost(self):
        self.login(self.outsider)
        response = self.client.post(self.url, self.answer_form(message="  "))
        self.assertContains(response, "Write a few lines about what you propose.", status_code=400)
        self.assertContains(
            response, 'value="skills" id="id_resources_offered_1" checked', status_code=400
        )
        self.assertFalse(Proposal.objects.filter(from_organisation=self.other_org).exists())

    def test_one_live_answer_per_organisation(self):
        existing = make_answer(self.call, self.company, self.company_admin)
        self.login(self.company_admin)
        response = self.client.get(self.url, follow=True)
        self.assertRedirects(response, reverse("matching:proposal_detail", args=[existing.uuid]))
        self.assertContains(response, ALREADY)
        response = self.client.post(self.url, self.answer_form(self.company))
        self.assertContains(response, ALREADY, status_code=400)
        self.assertEqual(Proposal.objects.filter(from_organisation=self.company).count(), 1)

    def test_two_answers_at_the_same_moment_get_the_same_message(self):
        make_answer(self.call, self.company, self.company_admin)
        # The check before saving saw nothing: the database's constraint has the last word.
        with (
            mock.patch(
                "alliances.matching.services.proposals.sending.has_live_answer", return_value=False
            ),
            self.assertRaisesMessage(ValidationError, ALREADY),
        ):
            proposal_answer(
                call=self.call,
                organisation=self.company,
                actor=self.company_admin,
                message="Encore nous",
            )
        self.assertEqual(Proposal.objects.filter(from_organisation=self.company).count(), 1)

    def test_answering_again_after_withdrawing(self):
        make_answer(self.call, self.company, self.company_admin, status=ProposalStatus.WITHDRAWN)
        self.login(self.company_admin)
        response = self.client.post(self.url, self.answer_form(self.company))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Proposal.objects.filter(from_organisation=self.company).count(), 2)

    def test_an_organisation_does_not_answer_its_own_call(self):
        self.login(self.editor)
        response = self.client.get(self.url, follow=True)
        self.assertRedirects(response, self.detail_url)
        self.assertContains(response, "An organisation cannot answer its own call.")
        with self.assertRaisesMessage(
            ValidationError, "An organisation cannot answer its own call."
        ):
            proposal_answer(
                call=self.call, organisation=self.org, actor=self.editor, message="Nous"
            )

    def test_refused_after_the_deadline(self):
        self.call.deadline = date(2026, 3, 1)
        self.call.save(update_fields=["deadline"])
        self.login(self.outsider)
        response = self.client.post(self.url, self.answer_form(), follow=True)
        self.assertRedirects(response, self.detail_url)
        self.assertContains(response, "The deadline for answers passed on March 1, 2026.")
        self.assertFalse(Proposal.objects.filter(from_organisation=self.other_org).exists())

    def test_refused_when_closed(self):
        self.call.status = CallStatus.CLOSED
        self.call.save(update_fields=["status"])
        self.login(self.outsider)
        response = self.client.post(self.url, self.answer_form(), follow=True)
        self.assertContains(response, "This call is closed: it no longer takes answers.")
        with self.assertRaisesMessage(
            ValidationError, "This call is closed: it no longer takes answers."
        ):
            proposal_answer(
                call=self.call, organisation=self.other_org, actor=self.outsider, message="Nous"
            )

    def test_an_inactive_organisation_does_not_answer(self):
        self.other_org.is_active = False
        self.other_org.save(update_fields=["is_active"])
        self.login(self.outsider)
        response = self.client.get(self.url, follow=True)
        self.assertContains(
            response,
            "To answer or propose, you need to be an editor or an administrator of an "
            "organisation on Alliances.",
        )
        with self.assertRaisesMessage(ValidationError, "Entreprise Voisine is no longer active."):
            proposal_answer(
                call=self.call, organisation=self.other_org, actor=self.outsider, message="Nous"
            )

    def test_the_call_of_an_inactive_organisation_takes_no_answer(self):
        self.org.is_active = False
        self.org.save(update_fields=["is_active"])
        self.login(self.outsider)
        response = self.client.get(self.url, follow=True)
        self.assertContains(response, "Maison des Trois-Cités is no longer active.")

    def test_a_viewer_elsewhere_cannot_answer(self):
        association = make_organisation("Les Amis du Quartier", kind=Kind.ASSOCIATION)
        add_member(self.viewer, association, Role.VIEWER)
        self.login(self.viewer)
        response = self.client.get(self.url, follow=True)
        self.assertRedirects(response, self.detail_url)
        self.assertContains(response, "you need to be an editor or an administrator")

    def test_choosing_among_several_organisations(self):
        association = make_organisation("Les Amis du Quartier", kind=Kind.ASSOCIATION)
        add_member(self.outsider, association, Role.EDITOR)
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, "Les Amis du Quartier")
        self.assertContains(response, 'type="radio"')
        response = self.client.post(self.url, self.answer_form(association))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Proposal.objects.filter(from_organisation=association).exists())
        # Not for an organisation that is not one's own.
        response = self.client.post(self.url, self.answer_form(self.commune))
        self.assertContains(response, "Choose one of your organisations.", status_code=400)

    def test_anonymous_logs_in_first(self):
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])
