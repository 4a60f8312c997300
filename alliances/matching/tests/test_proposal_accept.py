import time_machine
from django.core import mail
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.models import Proposal, ProposalStatus
from alliances.matching.services.proposals import default_roles
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer
from alliances.organisations.models import Kind
from alliances.partnerships.models import (
    Notification,
    Partnership,
    PartnershipType,
    Party,
    PartyRole,
    PartyStatus,
    Stage,
)
from alliances.test import make_organisation


@time_machine.travel(NOW, tick=False)
class AcceptTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(
            cls.call, cls.company, cls.company_admin, "Nos salariés encadrent le mardi."
        )
        cls.other = make_answer(cls.call, cls.other_org, cls.outsider)
        cls.url = reverse("matching:proposal_accept", args=[cls.answer.uuid])
        cls.before = set(Partnership.objects.values_list("pk", flat=True))

    def new_partnership(self) -> Partnership:
        return Partnership.objects.exclude(pk__in=self.before).get()

    def test_the_accept_form_suggests_a_role_by_sector(self):
        self.login(self.editor)
        response = self.client.get(reverse("matching:proposal_detail", args=[self.answer.uuid]))
        self.assertContains(response, 'value="funder" id="id_roles_0" checked')
        self.assertContains(response, 'value="societal_innovation" id="id_kind_3" required checked')
        self.assertNotContains(response, 'value="coordinator"')

    def test_accepting_creates_the_partnership_with_both_parties_active(self):
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url, {"kind": PartnershipType.SOCIETAL_INNOVATION, "roles": ["funder"]}
            )
        partnership = self.new_partnership()
        self.assertRedirects(response, reverse("partnerships:detail", args=[partnership.uuid]))
        self.assertEqual(partnership.title, "Tuteurs pour l'aide aux devoirs")
        self.assertEqual(
            partnership.purpose,
            "Nous cherchons des bénévoles pour l'aide aux devoirs.\n\n"
            "Nos salariés encadrent le mardi.",
        )
        self.assertEqual(partnership.kind, PartnershipType.SOCIETAL_INNOVATION)
        self.assertEqual(partnership.stage, Stage.EXPLORATION)
        self.assertEqual(partnership.territory, self.poitiers)
        self.assertEqual([c.code for c in partnership.causes.all()], ["4"])
        self.assertEqual(partnership.created_by, self.editor)
        parties = {
            party.organisation: party
            for party in Party.objects.filter(partnership=partnership).select_related(
                "organisation"
            )
        }
        self.assertEqual(set(parties), {self.org, self.company})
        self.assertEqual(parties[self.org].roles, [PartyRole.COORDINATOR])
        self.assertEqual(parties[self.company].roles, [PartyRole.FUNDER])
        self.assertEqual({party.status for party in parties.values()}, {PartyStatus.ACTIVE})
        self.assertEqual(parties[self.company].responded_by, self.company_admin)
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, ProposalStatus.ACCEPTED)
        self.assertEqual(self.answer.partnership, partnership)
        self.assertEqual(self.answer.decided_by, self.editor)
        # The other answers stay as they are.
        self.other.refresh_from_db()
        self.assertEqual(self.other.status, ProposalStatus.SUBMITTED)
        notification = Notification.objects.get(verb="proposal.accepted")
        self.assertEqual(notification.user, self.company_admin)
        self.assertEqual(notification.partnership, partnership)
        self.assertEqual(notification.url, reverse("partnerships:detail", args=[partnership.uuid]))
        subjects = [message.subject for message in mail.outbox]
        self.assertIn(
            "Maison des Trois-Cités accepted your proposal: Tuteurs pour l'aide aux devoirs",
            subjects,
        )
        self.assertTrue(AuditEvent.objects.filter(verb="proposal.accepted").exists())
        # The sender's people are in the partnership now.
        self.login(self.company_admin)
        response = self.client.get(reverse("partnerships:detail", args=[partnership.uuid]))
        self.assertEqual(response.status_code, 200)

    def test_several_answers_may_be_accepted(self):
        self.login(self.editor)
        for proposal in (self.answer, self.other):
            url = reverse("matching:proposal_accept", args=[proposal.uuid])
            self.client.post(
                url,
                {
                    "kind": PartnershipType.PATRONAGE,
                    "patronage_forms": ["skills"],
                    "roles": ["funder"],
                },
            )
        self.assertEqual(Partnership.objects.exclude(pk__in=self.before).count(), 2)
        self.assertEqual(
            set(Proposal.objects.filter(call=self.call).values_list("status", flat=True)),
            {ProposalStatus.ACCEPTED},
        )

    def test_patronage_needs_its_forms(self):
        self.login(self.editor)
        response = self.client.post(
            self.url, {"kind": PartnershipType.PATRONAGE, "roles": ["funder"]}
        )
        self.assertContains(
            response,
            "Choose at least one form of patronage: financial, skills or in kind.",
            status_code=400,
        )
        self.assertFalse(Partnership.objects.exclude(pk__in=self.before).exists())

    def test_a_role_is_needed_and_coordinator_is_not_offered(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"kind": PartnershipType.SOCIETAL_INNOVATION})
        self.assertContains(response, "Choose at least one role for this party.", status_code=400)
        response = self.client.post(
            self.url, {"kind": PartnershipType.SOCIETAL_INNOVATION, "roles": ["coordinator"]}
        )
        self.assertContains(
            response,
            "Select a valid choice. coordinator is not one of the available choices.",
            status_code=400,
        )
        self.assertFalse(Partnership.objects.exclude(pk__in=self.before).exists())

    def test_an_inactive_sender_cannot_join_and_nothing_is_created(self):
        self.company.is_active = False
        self.company.save(update_fields=["is_active"])
        self.login(self.editor)
        response = self.client.post(
            self.url, {"kind": PartnershipType.SOCIETAL_INNOVATION, "roles": ["funder"]}
        )
        self.assertContains(response, "Solidaires Industries is no longer active.", status_code=400)
        self.assertFalse(Partnership.objects.exclude(pk__in=self.before).exists())
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, ProposalStatus.SUBMITTED)

    def test_accepting_twice_is_said(self):
        self.answer.status = ProposalStatus.ACCEPTED
        self.answer.save(update_fields=["status"])
        self.login(self.editor)
        response = self.client.post(
            self.url,
            {"kind": PartnershipType.SOCIETAL_INNOVATION, "roles": ["funder"]},
            follow=True,
        )
        self.assertContains(response, "This proposal is already accepted.")
        self.assertFalse(Partnership.objects.exclude(pk__in=self.before).exists())

    def test_only_the_receivers_editors_accept(self):
        data = {"kind": PartnershipType.SOCIETAL_INNOVATION, "roles": ["funder"]}
        for user in (self.viewer, self.company_admin):
            self.login(user)
            self.assertEqual(self.client.post(self.url, data).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url, data).status_code, 404)
        self.assertFalse(Partnership.objects.exclude(pk__in=self.before).exists())

    def test_accepting_a_direct_proposal(self):
        proposal = Proposal.objects.create(
            from_organisation=self.commune,
            to_organisation=self.org,
            title="Un local pour les devoirs",
            message="La ville prête une salle.",
            created_by=self.commune_admin,
        )
        self.login(self.admin)
        response = self.client.get(reverse("matching:proposal_detail", args=[proposal.uuid]))
        self.assertContains(response, 'value="public_enabler" id="id_roles_3" checked')
        self.client.post(
            reverse("matching:proposal_accept", args=[proposal.uuid]),
            {"kind": PartnershipType.SOCIETAL_INNOVATION, "roles": ["public_enabler"]},
        )
        partnership = self.new_partnership()
        self.assertEqual(partnership.title, "Un local pour les devoirs")
        self.assertEqual(partnership.purpose, "La ville prête une salle.")
        self.assertIsNone(partnership.territory)
        self.assertEqual(
            Party.objects.get(partnership=partnership, organisation=self.commune).roles,
            [PartyRole.PUBLIC_ENABLER],
        )


class DefaultRoleTests(CallTestCase):
    def test_by_kind_of_organisation(self):
        cases = {
            Kind.ASSOCIATION: PartyRole.IMPLEMENTER,
            Kind.RESIDENTS_GROUP: PartyRole.IMPLEMENTER,
            Kind.COMPANY: PartyRole.FUNDER,
            Kind.FOUNDATION: PartyRole.FUNDER,
            Kind.COMMUNE: PartyRole.PUBLIC_ENABLER,
            Kind.SCHOOL: PartyRole.PUBLIC_ENABLER,
        }
        for kind, role in cases.items():
            with self.subTest(kind=kind):
                organisation = make_organisation(f"Structure {kind}", kind=kind)
                self.assertEqual(default_roles(organisation), [role])
