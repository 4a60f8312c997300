"""The overview: what the partnership is, who takes part, where it stands, what comes next."""

from django.urls import reverse

from alliances.core.permissions import Role
from alliances.organisations.models import Cause
from alliances.partnerships.models import (
    Assessment,
    AssessmentStatus,
    Partnership,
    Party,
    PartyRole,
    Stage,
    StageChange,
)
from alliances.territories.models import Territory, TerritoryKind
from alliances.test import PartnershipTestCase, add_member, make_organisation


class PartnershipDetailTests(PartnershipTestCase):
    def setUp(self):
        self.url = reverse("partnerships:detail", args=[self.partnership.uuid])

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
            (self.commune_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_a_party_that_left_no_longer_sees_it(self):
        self.company_party.status = "left"
        self.company_party.save(update_fields=["status"])
        self.login(self.company_admin)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_invited_party_does_not_see_it_yet(self):
        invited = make_organisation("Centre social")
        Party.objects.create(
            partnership=self.partnership, organisation=invited, roles=[PartyRole.EXPERT]
        )
        add_member(self.outsider, invited, Role.ADMIN)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_overview_shows_purpose_objectives_causes_parties_and_history(self):
        vienne = Territory.objects.create(kind=TerritoryKind.DEPARTEMENT, code="86", name="Vienne")
        self.partnership.territory = Territory.objects.create(
            kind=TerritoryKind.COMMUNE, code="86194", name="Poitiers", departement=vienne
        )
        self.partnership.objectives = "Moins de décrochage\nPlus de sorties"
        self.partnership.patronage_forms = ["financial", "skills"]
        self.partnership.save(update_fields=["objectives", "patronage_forms", "territory"])
        self.partnership.causes.set([Cause.objects.get(code="4.1")])
        StageChange.objects.create(
            partnership=self.partnership, from_stage="", to_stage=Stage.EXPLORATION
        )
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Aide aux devoirs et sorties culturelles")
        self.assertContains(response, "Patronage (mécénat) (Financial, Skills)")
        self.assertContains(response, 'Poitiers <span class="muted">(Commune, Vienne)</span>')
        self.assertContains(response, "<li>Plus de sorties</li>", html=True)
        self.assertContains(response, '<span class="target-code">4.1</span>', html=True)
        self.assertContains(response, "Solidaires Industries")
        self.assertContains(response, "Public enabler")
        self.assertContains(response, "Created at the Exploration stage")
        self.assertContains(response, 'aria-current="step"')

    def test_next_step_and_missing_assessments_are_named_before_anyone_tries(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.QUALIFICATION)
        Assessment.objects.create(
            partnership=self.partnership,
            party=self.lead_party,
            status=AssessmentStatus.SUBMITTED,
        )
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(
            response,
            "Each party answers the opportunity assessment. Still missing: "
            "Solidaires Industries, Ville de Poitiers.",
        )
        self.assertContains(
            response, "Every party must submit its assessment before formalisation."
        )
        self.assertContains(response, "Not yet")
        stage_url = reverse("partnerships:stage", args=[self.partnership.uuid])
        self.assertNotContains(response, f"{stage_url}?to=formalisation")
        self.assertContains(response, f"{stage_url}?to=exploration")

    def test_missing_agreement_is_named(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.FORMALISATION)
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Draft the agreement, then have every party approve")
        self.assertContains(response, "Implementation starts once a version of the agreement")

    def test_only_the_coordinator_gets_the_move_buttons(self):
        stage_url = reverse("partnerships:stage", args=[self.partnership.uuid])
        self.login(self.editor)
        self.assertContains(self.client.get(self.url), f"{stage_url}?to=qualification")
        for user in (self.viewer, self.company_admin):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertNotContains(response, stage_url)
                self.assertContains(response, "The coordinator's editors and administrators move")

    def test_edit_link_only_for_those_who_may_edit(self):
        edit_url = reverse("partnerships:edit", args=[self.partnership.uuid])
        self.login(self.viewer)
        self.assertNotContains(self.client.get(self.url), edit_url)
        self.login(self.company_admin)
        self.assertContains(self.client.get(self.url), edit_url)

    def test_closed_partnership_shows_its_closure(self):
        Partnership.objects.filter(pk=self.partnership.pk).update(
            stage=Stage.CLOSED, closure_reason="Funding ended.", lessons_learned="Start sooner."
        )
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Funding ended.")
        self.assertContains(response, "Start sooner.")
        self.assertContains(response, "This partnership is closed; its record stays readable.")
        self.assertNotContains(response, reverse("partnerships:edit", args=[self.partnership.uuid]))

    def test_query_count_stays_flat(self):
        self.login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(10):
            self.client.get(self.url)


class OverviewAssessmentSummaryTests(PartnershipTestCase):
    def test_fit_score_and_red_flags_appear_once_every_party_has_submitted(self):
        from alliances.partnerships.models import Assessment, AssessmentStatus

        url = reverse("partnerships:detail", args=[self.partnership.uuid])
        self.login(self.viewer)
        self.assertNotContains(self.client.get(url), "Fit score")
        for party in (self.lead_party, self.company_party, self.commune_party):
            Assessment.objects.create(
                partnership=self.partnership,
                party=party,
                status=AssessmentStatus.SUBMITTED,
                our_bandwidth=3,
                their_bandwidth=3,
                admin_load=2,
                expected_benefit=4,
                decision_rights="shared",
            )
        response = self.client.get(url)
        self.assertContains(response, "Fit score:")
        self.assertContains(response, "red flag")
        self.assertContains(
            response, reverse("partnerships:assessment_comparison", args=[self.partnership.uuid])
        )
