"""The social-cohesion demo partnership: two years of implementation in les Trois-Cités, with its
results framework, its values through the approval workflow, a resident survey whose answers
feed indicators, and a year of shared governance. Built through the services the pages use,
except the governance history, which needs backdated records."""

from datetime import date

from alliances.agreements import services as agreements
from alliances.agreements.models import MeetingFrequency
from alliances.core.permissions import Action
from alliances.demo.governance import demo_governance
from alliances.demo.impact import framework, resident_survey, survey_indicators
from alliances.demo.partnerships import _access, _assess, _create, _join, _move
from alliances.organisations.models import Organisation, Resource
from alliances.partnerships.models import (
    DecisionRights,
    DecisionRule,
    Partnership,
    PartnershipType,
    PartyRole,
    Stage,
    ValueKind,
)

TITLE = "Vivre ensemble aux Trois-Cités"


def _partnership(users, orgs) -> Partnership:
    lea, sophie, julien = users["lea"], users["sophie"], users["julien"]
    partnership = _create(
        user=lea,
        organisation=orgs["trois_cites"],
        data={
            "title": TITLE,
            "purpose": (
                "Recréer du lien entre les habitants des Trois-Cités : fêtes de quartier, "
                "cafés des parents, chantiers participatifs et médiation de voisinage, "
                "dans le cadre du contrat de ville."
            ),
            "objectives": (
                "Plus d'habitants participent à la vie du quartier\n"
                "Les habitants se sentent chez eux et en sécurité\n"
                "Les voisins se font davantage confiance"
            ),
            "kind": PartnershipType.SOCIETAL_INNOVATION,
            "starts_on": date(2024, 10, 1),
            "ends_on": date(2027, 9, 30),
            "decision_rule": DecisionRule.CONSENSUS,
        },
        causes=["11", "11.7", "16", "10"],
    )
    _join(
        partnership,
        inviter=lea,
        organisation=orgs["ville_poitiers"],
        admin=sophie,
        roles=[PartyRole.PUBLIC_ENABLER, PartyRole.FUNDER],
    )
    _join(
        partnership,
        inviter=lea,
        organisation=orgs["fondation_vienne"],
        admin=julien,
        roles=[PartyRole.FUNDER],
    )
    _move(lea, partnership, Stage.QUALIFICATION)
    shared = {
        "our_bandwidth": 4,
        "their_bandwidth": 4,
        "admin_load": 2,
        "expected_benefit": 5,
        "shared_values": "La cohésion sociale et la participation des habitants.",
        "audience": "Les habitants des Trois-Cités, en particulier ceux qui participent peu.",
        "influencers": "Le conseil citoyen et les gardiens d'immeuble.",
        "expected_action": "Venir au moins une fois par trimestre à une activité collective.",
        "success_measure": "Sentiment d'appartenance mesuré chaque trimestre par une enquête.",
        "decision_rights": DecisionRights.SHARED,
    }
    _assess(
        lea,
        partnership,
        {
            **shared,
            "lacks": "Un financement pluriannuel et un appui pour mesurer nos effets.",
            "lacks_resources": [Resource.FUNDING, Resource.DATA],
            "gives": [ValueKind.EXPERTISE, ValueKind.AUDIENCE],
            "gets": [ValueKind.FUNDING, ValueKind.DATA],
        },
    )
    _assess(
        sophie,
        partnership,
        {
            **shared,
            "lacks": "Des relais de terrain reconnus par les habitants.",
            "lacks_resources": [Resource.FIELD_EXPERTISE],
            "gives": [ValueKind.FUNDING, ValueKind.IN_KIND],
            "gets": [ValueKind.DATA, ValueKind.AUDIENCE],
        },
    )
    _assess(
        julien,
        partnership,
        {
            **shared,
            "lacks": "Des preuves d'impact pour notre conseil d'administration.",
            "lacks_resources": [Resource.DATA],
            "gives": [ValueKind.FUNDING],
            "gets": [ValueKind.DATA, ValueKind.CREDIBILITY],
        },
    )
    _move(lea, partnership, Stage.FORMALISATION)
    edit = _access(lea, partnership, Action.EDIT_PARTNERSHIP)
    version = agreements.agreement_save(
        access=edit,
        actor=lea,
        clauses={
            "data": "Les réponses à l'enquête habitants sont anonymes ; aucun chiffre "
            "n'est publié pour un groupe de moins de cinq répondants."
        },
        workstreams=[],
        decision_rule=DecisionRule.CONSENSUS,
        meeting_frequency=MeetingFrequency.QUARTERLY,
        note="Version signée en septembre 2024",
    )
    for user in (lea, sophie, julien):
        access = _access(user, partnership, Action.APPROVE_AGREEMENT)
        agreements.agreement_approve(
            access=access,
            actor=user,
            version=version,
            party=access.party_for(Action.APPROVE_AGREEMENT),
        )
    partnership.refresh_from_db()
    _move(lea, partnership, Stage.IMPLEMENTATION)
    return partnership


def demo_cohesion(users: dict, organisations: dict[str, Organisation]) -> Partnership | None:
    """Create the social-cohesion partnership, its impact data and its governance history,
    unless it exists."""
    if Partnership.objects.filter(title=TITLE).exists():
        return None
    partnership = _partnership(users, organisations)
    outcomes = framework(partnership, users)
    survey = resident_survey(partnership, users)
    survey_indicators(survey, outcomes["feel"], users)
    demo_governance(partnership, users, organisations)
    return partnership
