"""Objects the URL walk needs inside the lead organisation's partnership.

The walk's partnership is `PartnershipTestCase.partnership`: the lead organisation
coordinates it, the company funds it (persona `partner`), the commune enables it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from alliances.agreements.models import AgreementVersion, MeetingFrequency
from alliances.organisations.models import Kind
from alliances.partnerships.models import (
    Assessment,
    Contribution,
    ContributionKind,
    DecisionRule,
    Party,
    PartyRole,
    PartyStatus,
)
from alliances.test import make_organisation, make_partnership


@dataclass
class WalkFixture:
    partnership: object
    party: Party  # the company's party, for party-level pages
    invitation: Party  # an invitation addressed to the lead organisation, elsewhere
    email_invitation: Party  # an invitation by e-mail, with a token
    contribution: Contribution
    version: AgreementVersion

    def url_kwargs(self) -> dict:
        return {
            "partnership_uuid": self.partnership.uuid,
            "party_uuid": self.party.uuid,
            "contribution_uuid": self.contribution.uuid,
            "number": self.version.number,
        }

    def overrides(self, name: str) -> dict:
        """URL names whose keyword names an object other than the default one."""
        if name == "partnerships:invitation":
            return {"party_uuid": self.invitation.uuid}
        if name == "partnerships:invitation_token":
            return {"token": self.email_invitation.token}
        return {}


def partnership_fixture(case) -> WalkFixture:
    partnership = case.partnership
    other = make_organisation("Centre social des Couronneries", kind=Kind.ASSOCIATION)
    elsewhere, _parties = make_partnership("Jardins partagés", coordinator=other)
    invitation = Party.objects.create(
        partnership=elsewhere,
        organisation=case.org,
        roles=[PartyRole.IMPLEMENTER],
        status=PartyStatus.INVITED,
    )
    email_invitation = Party.objects.create(
        partnership=partnership,
        invited_email="contact@mediatheque.example.org",
        invited_name="Médiathèque",
        roles=[PartyRole.COMMUNITY_RELAY],
        token="walk-party-token",
    )
    Assessment.objects.create(partnership=partnership, party=case.lead_party)
    contribution = Contribution.objects.create(
        partnership=partnership,
        party=case.lead_party,
        kind=ContributionKind.SKILLS,
        description="Tutorat",
        unit_rate=Decimal("300"),
        planned_quantity=Decimal("10"),
        planned_amount=Decimal("3000"),
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
    )
    version = AgreementVersion.objects.create(
        partnership=partnership,
        number=1,
        decision_rule=DecisionRule.CONSENSUS,
        meeting_frequency=MeetingFrequency.QUARTERLY,
        content={"snapshot": {}, "clauses": {}},
    )
    return WalkFixture(
        partnership=partnership,
        party=case.company_party,
        invitation=invitation,
        email_invitation=email_invitation,
        contribution=contribution,
        version=version,
    )
