"""Objects the URL walk needs inside the lead organisation's partnership.

The walk's partnership is `PartnershipTestCase.partnership`: the lead organisation
coordinates it, the company funds it (persona `partner`), the commune enables it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from alliances.agreements.models import AgreementVersion, MeetingFrequency
from alliances.indicators.models import Indicator, Objective, Outcome, Value, ValueStatus
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
from alliances.surveys.models import Response, Survey, SurveyStatus
from alliances.test import make_organisation, make_partnership


@dataclass
class WalkFixture:
    partnership: object
    party: Party  # the company's party, for party-level pages
    invitation: Party  # an invitation addressed to the lead organisation, elsewhere
    email_invitation: Party  # an invitation by e-mail, with a token
    contribution: Contribution
    version: AgreementVersion
    objective: Objective
    outcome: Outcome
    indicator: Indicator  # the company (persona `partner`) is responsible for it
    value: Value  # a submitted value of that indicator, entered by the company's admin
    survey: Survey  # open, with one response
    response: Response

    def url_kwargs(self) -> dict:
        return {
            "partnership_uuid": self.partnership.uuid,
            "party_uuid": self.party.uuid,
            "contribution_uuid": self.contribution.uuid,
            "number": self.version.number,
            "objective_uuid": self.objective.uuid,
            "outcome_uuid": self.outcome.uuid,
            "indicator_uuid": self.indicator.uuid,
            "value_uuid": self.value.uuid,
            "period": self.value.period_start.isoformat(),
            "survey_uuid": self.survey.uuid,
            "response_uuid": self.response.uuid,
            "name": "age",  # the survey's question
            "public_token": self.survey.public_token,
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
    objective = Objective.objects.create(partnership=partnership, title="Réussite éducative")
    outcome = Outcome.objects.create(
        partnership=partnership, objective=objective, title="Les élèves progressent en lecture"
    )
    indicator = Indicator.objects.create(
        partnership=partnership,
        outcome=outcome,
        title="Élèves accompagnés",
        unit="élèves",
        frequency="quarterly",
        responsible_party=case.company_party,
    )
    value = Value.objects.create(
        partnership=partnership,
        indicator=indicator,
        period_start=date(2026, 1, 1),
        value=Decimal("42"),
        status=ValueStatus.SUBMITTED,
        party=case.company_party,
        entered_by=case.company_admin,
    )
    survey = Survey.objects.create(
        partnership=partnership,
        title="Vivre ensemble aux Couronneries",
        status=SurveyStatus.OPEN,
        public_token="walk-survey-token",
        definition={
            "languages": ["fr"],
            "items": [
                {"name": "age", "type": "integer", "label": {"fr": "Votre âge"}},
            ],
        },
    )
    response = Response.objects.create(
        survey=survey,
        submission_id="6f1c1d2e-8a43-4d8e-9a4c-0c6f3b1f2a10",
        content_hash="0" * 64,
        answers={"age": 34},
        collected_on=date(2026, 2, 3),
    )
    return WalkFixture(
        partnership=partnership,
        party=case.company_party,
        invitation=invitation,
        email_invitation=email_invitation,
        contribution=contribution,
        version=version,
        objective=objective,
        outcome=outcome,
        indicator=indicator,
        value=value,
        survey=survey,
        response=response,
    )
