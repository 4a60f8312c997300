"""Three demo partnerships at different stages, built through the services the pages use:
one in implementation with its agreement in force, one being qualified, one just explored."""

from datetime import date
from decimal import Decimal

from alliances.agreements import services as agreements
from alliances.agreements.models import MeetingFrequency
from alliances.core.permissions import Action
from alliances.organisations.models import Cause, Organisation, Resource
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    ContributionKind,
    DecisionRights,
    DecisionRule,
    Partnership,
    PartnershipType,
    PartyRole,
    Stage,
    ValueKind,
)
from alliances.partnerships.services import assessments, contributions, parties, workspace
from alliances.partnerships.services.contributions import ContributionData
from alliances.territories.models import Territory

POITIERS = "86194"


def _access(user, partnership: Partnership, need: str = Action.VIEW_PARTNERSHIP):
    return access_partnership_by_uuid(user, partnership.uuid, need=need)


def _create(*, user, organisation, data: dict, causes: list[str]) -> Partnership:
    territory = Territory.objects.filter(kind="commune", code=POITIERS).first()
    return workspace.partnership_create(
        user=user,
        organisation=organisation,
        data={"currency": "EUR", "territory": territory, **data},
        causes=list(Cause.objects.filter(code__in=causes)),
    )


def _join(partnership, *, inviter, organisation, admin, roles) -> None:
    party = parties.party_invite_organisation(
        access=_access(inviter, partnership, Action.MANAGE_PARTIES),
        actor=inviter,
        organisation=organisation,
        roles=roles,
    )
    parties.party_accept(party=party, actor=admin)


def _party(user, partnership):
    return _access(user, partnership).party_for(Action.VIEW_PARTNERSHIP)


def _assess(user, partnership, answers: dict, *, submit: bool = True) -> None:
    party = _party(user, partnership)
    assessments.assessment_save(party=party, actor=user, data=answers)
    if submit:
        assessments.assessment_submit(party=party, actor=user)


def _contribute(user, partnership, *, recipient_user=None, **values) -> None:
    access = _access(user, partnership, Action.RECORD_CONTRIBUTIONS)
    party = access.party_for(Action.RECORD_CONTRIBUTIONS)
    recipient = _party(recipient_user, partnership) if recipient_user else None
    contributions.contribution_record(
        partnership=partnership,
        party=party,
        actor=user,
        data=ContributionData(recipient=recipient, **values),
    )


def _move(user, partnership, *targets: str) -> None:
    for target in targets:
        workspace.partnership_move_stage(
            access=_access(user, partnership, Action.MOVE_STAGE), actor=user, target=target
        )
        partnership.refresh_from_db()


def _education(users, orgs) -> Partnership:
    """Implementation: three parties, assessments compared, agreement v2 in force."""
    lea, marc, sophie = users["lea"], users["marc"], users["sophie"]
    partnership = _create(
        user=lea,
        organisation=orgs["trois_cites"],
        data={
            "title": "Réussite éducative aux Trois-Cités",
            "purpose": (
                "Accompagner 60 collégiens du quartier prioritaire des Trois-Cités vers la "
                "réussite scolaire : aide aux devoirs, tutorat par des salariés bénévoles, "
                "découverte des métiers et sorties culturelles."
            ),
            "objectives": (
                "60 collégiens accompagnés chaque année\n"
                "Moins de décrochage en 4e et 3e\n"
                "Chaque élève découvre au moins trois métiers"
            ),
            "kind": PartnershipType.PATRONAGE,
            "patronage_forms": ["financial", "skills"],
            "starts_on": date(2026, 9, 1),
            "ends_on": date(2028, 8, 31),
            "decision_rule": DecisionRule.CONSENSUS,
        },
        causes=["4", "4.1", "10"],
    )
    _join(
        partnership,
        inviter=lea,
        organisation=orgs["clain_energies"],
        admin=marc,
        roles=[PartyRole.FUNDER, PartyRole.EXPERT],
    )
    _join(
        partnership,
        inviter=lea,
        organisation=orgs["ville_poitiers"],
        admin=sophie,
        roles=[PartyRole.PUBLIC_ENABLER],
    )
    _move(lea, partnership, Stage.QUALIFICATION)
    _contribute(
        marc,
        partnership,
        recipient_user=lea,
        kind=ContributionKind.MONEY,
        description="Subvention annuelle (mécénat financier)",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 8, 31),
        planned_amount=Decimal("20000"),
        actual_amount=Decimal("10000"),
    )
    _contribute(
        marc,
        partnership,
        kind=ContributionKind.SKILLS,
        description="Tutorat par des ingénieurs (mécénat de compétences)",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
        unit_rate=Decimal("450"),
        planned_quantity=Decimal("12"),
        actual_quantity=Decimal("5"),
    )
    _contribute(
        lea,
        partnership,
        kind=ContributionKind.SKILLS,
        description="Coordination et animation des ateliers",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 8, 31),
        unit_rate=Decimal("250"),
        planned_quantity=Decimal("40"),
        actual_quantity=Decimal("18"),
    )
    _contribute(
        lea,
        partnership,
        kind=ContributionKind.VOLUNTEERING,
        description="Bénévoles de l'aide aux devoirs",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
        unit_rate=Decimal("15"),
        planned_quantity=Decimal("300"),
        actual_quantity=Decimal("120"),
    )
    _contribute(
        sophie,
        partnership,
        kind=ContributionKind.PREMISES,
        description="Salle du centre d'animation, deux soirs par semaine",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
        planned_amount=Decimal("3000"),
    )
    _assess(
        lea,
        partnership,
        {
            "lacks": "Des financements pluriannuels et des professionnels pour parler métiers.",
            "lacks_resources": [Resource.FUNDING, Resource.SKILLS],
            "our_bandwidth": 4,
            "their_bandwidth": 3,
            "admin_load": 2,
            "expected_benefit": 5,
            "non_negotiables": "Gratuité pour les familles ; aucune communication commerciale "
            "auprès des élèves.",
            "shared_values": "L'égalité des chances et l'ancrage dans le quartier.",
            "gives": [ValueKind.EXPERTISE, ValueKind.AUDIENCE, ValueKind.CREDIBILITY],
            "gets": [ValueKind.FUNDING, ValueKind.EXPERTISE],
            "audience": "Les collégiens de 4e et 3e du collège des Trois-Cités et leurs parents.",
            "influencers": "Les professeurs principaux et la conseillère d'orientation.",
            "expected_action": "Venir aux ateliers au moins une fois par semaine.",
            "success_measure": "Taux de passage en seconde générale ou professionnelle choisie.",
            "asks_in_return": "",
            "guard_rails": "Les bilans demandés restent proportionnés à la subvention.",
            "decision_rights": DecisionRights.SHARED,
        },
    )
    _assess(
        marc,
        partnership,
        {
            "lacks": "Un lien de confiance avec les familles du quartier.",
            "lacks_resources": [Resource.FIELD_EXPERTISE, Resource.NETWORK_AUDIENCE],
            "our_bandwidth": 3,
            "their_bandwidth": 4,
            "admin_load": 2,
            "expected_benefit": 4,
            "non_negotiables": "Un bilan annuel chiffré pour notre rapport de durabilité.",
            "shared_values": "L'emploi local et la transition énergétique.",
            "gives": [ValueKind.FUNDING, ValueKind.EXPERTISE],
            "gets": [ValueKind.CREDIBILITY, ValueKind.AUDIENCE],
            "audience": "Les collégiens des Trois-Cités.",
            "influencers": "Les parents et les animateurs de la maison de quartier.",
            "expected_action": "Découvrir les métiers de l'énergie.",
            "success_measure": "Nombre de stages de 3e réalisés chez nous.",
            "holds_money": True,
            "asks_in_return": "Un bilan annuel et la présence du logo sur les supports.",
            "guard_rails": "Pas d'exclusivité ; un bilan par an au plus.",
            "decision_rights": DecisionRights.SHARED,
        },
    )
    _assess(
        sophie,
        partnership,
        {
            "lacks": "Des acteurs privés engagés dans le contrat de ville.",
            "lacks_resources": [Resource.FUNDING],
            "our_bandwidth": 3,
            "their_bandwidth": 4,
            "admin_load": 3,
            "expected_benefit": 4,
            "non_negotiables": "Respect des priorités du contrat de ville.",
            "shared_values": "La cohésion sociale dans les quartiers prioritaires.",
            "gives": [ValueKind.IN_KIND, ValueKind.NETWORK],
            "gets": [ValueKind.DATA],
            "audience": "Les familles du quartier prioritaire des Trois-Cités.",
            "influencers": "Le conseil citoyen.",
            "expected_action": "Inscrire leurs enfants aux ateliers.",
            "success_measure": "Part des collégiens du quartier inscrits.",
            "guard_rails": "",
            "decision_rights": DecisionRights.SHARED,
        },
    )
    _move(lea, partnership, Stage.FORMALISATION)
    lead = _party(lea, partnership)
    workstreams = [
        {
            "name": "Aide aux devoirs",
            "lead": str(lead.uuid),
            "parties": [str(_party(sophie, partnership).uuid)],
            "deliverables": "Quatre soirs par semaine hors vacances scolaires.",
        },
        {
            "name": "Découverte des métiers",
            "lead": str(_party(marc, partnership).uuid),
            "parties": [str(lead.uuid)],
            "deliverables": "Six visites d'entreprise et douze offres de stage de 3e.",
        },
    ]
    edit = _access(lea, partnership, Action.EDIT_PARTNERSHIP)
    agreements.agreement_save(
        access=edit,
        actor=lea,
        clauses={},
        workstreams=workstreams,
        decision_rule=DecisionRule.CONSENSUS,
        meeting_frequency=MeetingFrequency.QUARTERLY,
        note="Première version",
    )
    version = agreements.agreement_save(
        access=edit,
        actor=lea,
        clauses={
            "communication": "Le logo de Clain Énergies figure sur les supports des ateliers, "
            "jamais sur les documents remis aux élèves."
        },
        workstreams=workstreams,
        decision_rule=DecisionRule.CONSENSUS,
        meeting_frequency=MeetingFrequency.QUARTERLY,
        note="Règles d'usage du logo demandées par la Ville",
    )
    for user in (lea, marc, sophie):
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


def _employment(users, orgs) -> Partnership:
    """Qualification: the association has submitted its assessment, the foundation not yet."""
    amina, julien = users["amina"], users["julien"]
    partnership = _create(
        user=amina,
        organisation=orgs["coup_de_pouce"],
        data={
            "title": "Parrainage vers l'emploi des jeunes",
            "purpose": (
                "Mettre en relation 40 jeunes de 16 à 25 ans sans emploi avec des parrains "
                "et marraines en activité pour un accompagnement de six mois."
            ),
            "objectives": "40 jeunes parrainés par an\n60 % en emploi ou formation à six mois",
            "kind": PartnershipType.SOCIETAL_INNOVATION,
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 12, 31),
            "decision_rule": DecisionRule.MAJORITY,
        },
        causes=["8", "8.6", "10"],
    )
    _join(
        partnership,
        inviter=amina,
        organisation=orgs["fondation_vienne"],
        admin=julien,
        roles=[PartyRole.FUNDER],
    )
    _move(amina, partnership, Stage.QUALIFICATION)
    _contribute(
        julien,
        partnership,
        recipient_user=amina,
        kind=ContributionKind.MONEY,
        description="Dotation de la fondation",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        planned_amount=Decimal("8000"),
    )
    _contribute(
        amina,
        partnership,
        kind=ContributionKind.SKILLS,
        description="Recrutement et suivi des binômes",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        unit_rate=Decimal("280"),
        planned_quantity=Decimal("45"),
    )
    _assess(
        amina,
        partnership,
        {
            "lacks": "Des parrains issus des entreprises du territoire.",
            "lacks_resources": [Resource.FUNDING, Resource.NETWORK_AUDIENCE],
            "our_bandwidth": 3,
            "their_bandwidth": 2,
            "admin_load": 4,
            "expected_benefit": 3,
            "non_negotiables": "",
            "shared_values": "L'insertion professionnelle des jeunes.",
            "gives": [ValueKind.EXPERTISE, ValueKind.AUDIENCE],
            "gets": [ValueKind.FUNDING],
            "audience": "Tout le monde",
            "decision_rights": DecisionRights.FUNDER,
        },
    )
    _assess(
        julien,
        partnership,
        {"lacks": "Un opérateur de terrain reconnu par les missions locales."},
        submit=False,
    )
    return partnership


def _gardens(users, orgs) -> Partnership:
    """Exploration: the town invites a company, which has not answered yet."""
    sophie = users["sophie"]
    partnership = _create(
        user=sophie,
        organisation=orgs["ville_poitiers"],
        data={
            "title": "Jardins partagés et sobriété énergétique",
            "purpose": (
                "Créer deux jardins partagés aux Couronneries et y animer des ateliers sur les "
                "économies d'énergie à la maison."
            ),
            "objectives": "Deux jardins ouverts au printemps\n150 foyers sensibilisés",
            "kind": PartnershipType.ECONOMIC_COOPERATION,
            "starts_on": date(2027, 3, 1),
            "decision_rule": DecisionRule.CONSENSUS,
        },
        causes=["11", "13", "7"],
    )
    parties.party_invite_organisation(
        access=_access(sophie, partnership, Action.MANAGE_PARTIES),
        actor=sophie,
        organisation=orgs["clain_energies"],
        roles=[PartyRole.FUNDER, PartyRole.EXPERT],
        message="Vos ateliers sur les économies d'énergie seraient précieux aux Couronneries.",
    )
    return partnership


BUILDERS = {
    "Réussite éducative aux Trois-Cités": _education,
    "Parrainage vers l'emploi des jeunes": _employment,
    "Jardins partagés et sobriété énergétique": _gardens,
}


def demo_partnerships(users: dict, organisations: dict[str, Organisation]) -> list[str]:
    """Create the demo partnerships that do not exist yet; return their titles."""
    created = []
    for title, build in BUILDERS.items():
        if Partnership.objects.filter(title=title).exists():
            continue
        build(users, organisations)
        created.append(title)
    return created
