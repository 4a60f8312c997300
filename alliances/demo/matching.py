"""Finding partners in the demo: three open calls (the foundation's grant call with two
answers, one scored and shortlisted; the city's call for companies; the school's call), a
proposal sent without a call to the Maison de quartier, and suggestions the Maison has
already kept or set aside. The demo's own journey (Léa publishes a call, Marc answers it, the
answer becomes a partnership) is left for the visitor to play."""

from datetime import timedelta

from django.utils import timezone

from alliances.matching.models import (
    Call,
    CallCriterion,
    CallKind,
    CallStatus,
    DismissReason,
    FeedbackState,
    Proposal,
    ProposalScore,
    ProposalStatus,
    SuggestionFeedback,
)
from alliances.organisations.models import Cause, Organisation
from alliances.territories.models import Territory

FOUNDATION_CALL = "Appel à projets 2027 : réussite éducative dans les quartiers"

CALLS = [
    {
        "publisher": "fondation_vienne",
        "author": "nadia",
        "kind": CallKind.OFFER,
        "title": FOUNDATION_CALL,
        "description": (
            "La Fondation Vienne Solidaire soutient chaque année des projets de réussite "
            "éducative portés par des associations ancrées dans les quartiers prioritaires de "
            "la Vienne : aide aux devoirs, ateliers de lecture, sciences et numérique. "
            "Subvention de 5 000 à 20 000 € sur deux ans, et l'appui de notre réseau."
        ),
        "sought": ["field_expertise"],
        "offered": ["funding", "credibility"],
        "sectors": ["civil_society"],
        "causes": ["4", "4.1", "10"],
        "territory": ("departement", "86"),
        "days": 45,
        "criteria": [
            ("Ancrage dans les quartiers", 40),
            ("Qualité du projet éducatif", 35),
            ("Capacité à mesurer l'impact", 25),
        ],
    },
    {
        "publisher": "ville_poitiers",
        "author": "marion",
        "kind": CallKind.NEED,
        "title": "Été solidaire aux Trois-Cités : entreprises partenaires",
        "description": (
            "Pour les vacances d'été, la Ville cherche des entreprises du territoire pour "
            "cofinancer les activités des enfants du quartier, prêter du matériel et proposer "
            "des journées de découverte des métiers."
        ),
        "sought": ["funding", "in_kind", "skills"],
        "offered": ["premises", "policy_lever"],
        "sectors": ["private"],
        "causes": ["10", "11"],
        "territory": ("commune", "86194"),
        "days": 20,
        "criteria": [
            ("Engagement sur la durée", 50),
            ("Proximité du quartier", 30),
            ("Apport en compétences", 20),
        ],
    },
    {
        "publisher": "college",
        "author": "claire",
        "kind": CallKind.NEED,
        "title": "Accompagnement à la scolarité le mercredi après-midi",
        "description": (
            "Le collège ouvre ses salles le mercredi après-midi et cherche une association "
            "pour encadrer l'aide aux devoirs des élèves de 6e et 5e."
        ),
        "sought": ["field_expertise", "volunteers"],
        "offered": ["premises"],
        "sectors": ["civil_society"],
        "causes": ["4", "4.1"],
        "territory": ("commune", "86194"),
        "days": 30,
        "criteria": [("Expérience avec les collégiens", 60), ("Disponibilité le mercredi", 40)],
    },
]

ANSWERS = [
    {
        "from": "sciences_quartiers",
        "author": "thomas",
        "message": (
            "Nous proposons « Petits chercheurs », des ateliers scientifiques hebdomadaires "
            "aux Trois-Cités et aux Couronneries, avec un suivi de 60 enfants et une mesure "
            "de leur goût pour les sciences en début et en fin d'année."
        ),
        "resources": ["field_expertise", "volunteers"],
        "scores": [4, 4, 3],
        "status": ProposalStatus.SHORTLISTED,
    },
    {
        "from": "coup_de_pouce",
        "author": "amina",
        "message": (
            "Nous voulons étendre aux collégiens notre accompagnement des jeunes : découverte "
            "des métiers, stages de 3e et parrainage par des salariés."
        ),
        "resources": ["field_expertise"],
        "scores": [],
        "status": ProposalStatus.SUBMITTED,
    },
]


def _territory(ref):
    kind, code = ref
    return Territory.objects.filter(kind=kind, code=code).first()


def _call(spec, users, organisations) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        organisation=organisations[spec["publisher"]],
        kind=spec["kind"],
        title=spec["title"],
        description=spec["description"],
        resources_sought=spec["sought"],
        resources_offered=spec["offered"],
        sectors_sought=spec["sectors"],
        territory=_territory(spec["territory"]),
        deadline=timezone.localdate() + timedelta(days=spec["days"]),
        status=CallStatus.PUBLISHED,
        created_by=users[spec["author"]],
        published_at=now - timedelta(days=6),
    )
    call.causes.set(Cause.objects.filter(code__in=spec["causes"]))
    for position, (label, weight) in enumerate(spec["criteria"]):
        CallCriterion.objects.create(call=call, label=label, weight=weight, position=position)
    return call


def demo_matching(users, organisations) -> bool:
    """Idempotent: does nothing once the foundation's call exists."""
    if Call.objects.filter(title=FOUNDATION_CALL).exists():
        return False
    calls = [_call(spec, users, organisations) for spec in CALLS]
    foundation_call = calls[0]
    criteria = list(foundation_call.criteria.all())
    for spec in ANSWERS:
        proposal = Proposal.objects.create(
            call=foundation_call,
            from_organisation=organisations[spec["from"]],
            to_organisation=foundation_call.organisation,
            message=spec["message"],
            resources_offered=spec["resources"],
            status=spec["status"],
            created_by=users[spec["author"]],
        )
        for criterion, mark in zip(criteria, spec["scores"], strict=False):
            ProposalScore.objects.create(
                proposal=proposal, criterion=criterion, score=mark, scored_by=users["nadia"]
            )
    maison = organisations["trois_cites"]
    Proposal.objects.create(
        from_organisation=organisations["sciences_quartiers"],
        to_organisation=maison,
        title="Un club sciences le samedi à la Maison de quartier",
        message=(
            "Nous aimerions animer un club sciences pour les 8-12 ans dans vos locaux le "
            "samedi matin, en lien avec votre aide aux devoirs. Pouvons-nous en parler ?"
        ),
        resources_offered=["field_expertise", "volunteers"],
        created_by=users["thomas"],
    )
    kept = Organisation.objects.filter(name="Cabinet Poitou Expertise Comptable").first()
    if kept is not None:
        SuggestionFeedback.objects.create(
            organisation=maison, candidate=kept, state=FeedbackState.SAVED, user=users["lea"]
        )
    SuggestionFeedback.objects.create(
        organisation=maison,
        candidate=organisations["sport"],
        state=FeedbackState.DISMISSED,
        reason=DismissReason.ALREADY_IN_TOUCH,
        note="Nous travaillons déjà ensemble sur la fête de quartier.",
        user=users["lea"],
    )
    return True
