"""The comparison of the assessments: closed until every active party has submitted, then the
answers side by side with agreements, gaps, scores, red flags and the proportionality figures."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.organisations.models import Kind
from alliances.partnerships.models import (
    Assessment,
    Contribution,
    ContributionKind,
    Party,
    PartyRole,
    PartyStatus,
)
from alliances.partnerships.selectors.assessments import (
    assessment_comparison_in_partnership,
    assessment_fit_in_partnership,
)
from alliances.partnerships.tests.test_assessment_save import SECRET
from alliances.partnerships.tests.test_assessment_submit import submitted
from alliances.test import PartnershipTestCase, add_member, make_organisation, make_user

SOUND = {
    "lacks": "Funding for the Wednesday workshops",
    "non_negotiables": "We choose the families\nNo logo\nNo data leaves us",
    "shared_values": "Every child deserves help",
    "audience": "Parents of pupils at the Jules-Verne secondary school",
    "influencers": "Teachers",
    "expected_action": "Sign up for homework help",
    "success_measure": "40 pupils by June",
    "guard_rails": "No unpaid work",
}


class AssessmentComparisonTests(PartnershipTestCase):
    def url(self):
        return reverse("partnerships:assessment_comparison", args=[self.partnership.uuid])

    def submit_all(self):
        submitted(
            self.partnership,
            self.lead_party,
            **SOUND,
            gives=["expertise", "audience"],
            gets=["funding"],
        )
        submitted(
            self.partnership,
            self.company_party,
            **{**SOUND, "non_negotiables": ""},
            gives=["funding"],
            gets=["audience"],
            holds_money=True,
            asks_in_return="A yearly report",
            decision_rights="us",
        )
        submitted(
            self.partnership,
            self.commune_party,
            **{**SOUND, "audience": "Tout le monde"},
            gives=["in_kind"],
            gets=["credibility"],
        )

    def contribute(self, party, kind, amount, recipient=None):
        Contribution.objects.create(
            partnership=self.partnership,
            party=party,
            recipient=recipient,
            kind=kind,
            description=f"{kind} {amount}",
            planned_amount=Decimal(amount),
        )

    def test_who_may_open_the_page(self):
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)

    def test_closed_until_every_active_party_has_submitted(self):
        submitted(self.partnership, self.company_party, non_negotiables=SECRET)
        submitted(self.partnership, self.commune_party, audience=SECRET)
        Assessment.objects.create(
            partnership=self.partnership, party=self.lead_party, guard_rails=SECRET
        )
        for user in (self.admin, self.company_admin, self.viewer):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url())
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The comparison opens when every party")
                self.assertContains(response, "Still to submit")
                self.assertContains(response, "<li>Maison des Trois-Cités</li>", html=True)
                self.assertNotContains(response, SECRET)
                self.assertNotContains(response, "Red flag")
        self.assertIsNone(assessment_comparison_in_partnership(partnership=self.partnership))
        self.assertIsNone(assessment_fit_in_partnership(partnership=self.partnership))

    def test_answers_side_by_side_with_scores_flags_and_links(self):
        self.submit_all()
        self.login(self.viewer)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        for party in ("Maison des Trois-Cités", "Solidaires Industries", "Ville de Poitiers"):
            self.assertContains(response, f'<th scope="col">{party}</th>', html=True)
        company_cell = f"answer-{self.company_party.uuid}-non_negotiables"
        self.assertContains(response, f'id="{company_cell}"')
        self.assertContains(response, f'href="#{company_cell}"')
        self.assertContains(response, f'data-label="{self.company_party}"')
        self.assertContains(response, "stack-table comparison-table")
        self.assertContains(response, "No non-negotiables written")
        self.assertContains(response, "Solidaires Industries has written no non-negotiables.")
        self.assertContains(response, "Solidaires Industries · Our non-negotiables")
        self.assertContains(response, "What to do:")
        self.assertContains(response, "Target audience undefined")
        self.assertContains(response, "Ville de Poitiers names an audience as broad as everyone")
        self.assertContains(response, "One party holds the decision rights")
        self.assertContains(response, "The parties see the decision rights differently")
        self.assertContains(
            response, "Maison des Trois-Cités expects: Funding. Given by Solidaires"
        )
        self.assertContains(response, "Ville de Poitiers expects: Credibility. No other party")
        self.assertContains(response, "cell-gap")
        self.assertContains(response, "cell-agreement")
        self.assertContains(response, "cell-flagged")
        result = assessment_fit_in_partnership(partnership=self.partnership)
        self.assertContains(response, f"<strong>{result.overall}</strong> / 100")
        for item in result.pillars:
            self.assertContains(response, f'value="{item.score}"')
        self.assertEqual(
            result.flag_codes,
            {
                "no_non_negotiables",
                "audience_undefined",
                "one_party_decides",
                "receives_nothing_valued",
            },
        )

    def test_proportionality_from_the_ledger(self):
        self.submit_all()
        self.contribute(self.company_party, ContributionKind.MONEY, "2000", self.lead_party)
        self.contribute(self.lead_party, ContributionKind.SKILLS, "4000")
        self.contribute(self.lead_party, ContributionKind.IN_KIND, "1000")
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "More asked of a non-profit than it receives")
        self.assertContains(
            response,
            "Maison des Trois-Cités is to give 5,000.00 EUR in work and in kind for "
            "2,000.00 EUR received in money: 2.50 times what it receives.",
        )
        anchor = f"answer-{self.lead_party.uuid}-ledger"
        self.assertContains(response, f'<tr id="{anchor}">')
        self.assertContains(response, f'href="#{anchor}"')
        self.assertContains(response, "Maison des Trois-Cités · Contributions ledger")
        self.assertContains(response, "5,000.00")
        self.assertContains(response, "2.50")
        self.assertNotContains(response, "Unpaid work asked of a non-profit")

    def test_unpaid_work_asked_of_a_non_profit(self):
        self.submit_all()
        self.contribute(self.lead_party, ContributionKind.VOLUNTEERING, "1200")
        # Money given to someone else does not pay the association.
        self.contribute(self.company_party, ContributionKind.MONEY, "5000", self.commune_party)
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "Unpaid work asked of a non-profit")
        self.assertContains(response, "is to give 1,200.00 EUR of work")
        self.assertContains(response, "no money received")
        result = assessment_fit_in_partnership(partnership=self.partnership)
        [ratio] = result.proportionality
        self.assertEqual(ratio.work, Decimal("1200"))
        self.assertIsNone(ratio.ratio)

    def test_a_company_giving_work_is_not_weighed(self):
        self.submit_all()
        self.contribute(self.company_party, ContributionKind.SKILLS, "9000")
        result = assessment_fit_in_partnership(partnership=self.partnership)
        self.assertEqual([item.party_name for item in result.proportionality], [str(self.org)])
        self.assertNotIn("unpaid_work", result.flag_codes)

    def test_parties_that_left_are_left_out(self):
        self.submit_all()
        self.commune_party.status = PartyStatus.LEFT
        self.commune_party.save(update_fields=["status"])
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertNotContains(response, '<th scope="col">Ville de Poitiers</th>', html=True)
        self.assertNotContains(response, "Tout le monde")

    def test_a_new_party_closes_the_comparison_until_it_submits(self):
        self.submit_all()
        school = make_organisation("Collège Jules-Verne", kind=Kind.SCHOOL)
        party = Party.objects.create(
            partnership=self.partnership,
            organisation=school,
            roles=[PartyRole.EXPERT],
            status=PartyStatus.ACTIVE,
        )
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "<li>Collège Jules-Verne</li>", html=True)
        self.assertNotContains(response, "Red flag")
        submitted(self.partnership, party, **SOUND)
        response = self.client.get(self.url())
        self.assertContains(response, '<th scope="col">Collège Jules-Verne</th>', html=True)

    def test_queries_do_not_grow_with_the_parties(self):
        self.submit_all()
        self.login(self.admin)
        with CaptureQueriesContext(connection) as three:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        school = make_organisation("Collège Jules-Verne", kind=Kind.SCHOOL)
        add_member(make_user("school@example.org"), school, Role.ADMIN)
        party = Party.objects.create(
            partnership=self.partnership,
            organisation=school,
            roles=[PartyRole.EXPERT],
            status=PartyStatus.ACTIVE,
        )
        submitted(self.partnership, party, **SOUND)
        with CaptureQueriesContext(connection) as four:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        self.assertEqual(len(four), len(three))
        self.assertLessEqual(len(three), 15)
