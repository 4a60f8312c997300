"""Four quarterly health checks (baromètre de la relation), all closed. Trust is high at
first; in the third round, while the reporting conflict is in mediation, fairness and workload
turn amber and red; the fourth shows the recovery. Two concerns of the third round are followed
up: one by an action (done), one by an item of a later meeting's agenda.

Each party has three respondents, so results show per party; in the second round only two
of the foundation's people answered, so its answers are merged with another party's there
(never shown alone, never by name)."""

import hashlib

from django.utils import formats, translation

from alliances.demo.governance.common import History, backdate, feed
from alliances.demo.governance.decisions import action
from alliances.governance.models import (
    RATING_SCORES,
    ActionStatus,
    AgendaItem,
    Concern,
    Dimension,
    HealthCheckParticipation,
    HealthCheckRating,
    HealthCheckRound,
    Rating,
    RoundStatus,
)

SEED = "vivre-ensemble-trois-cites/barometre"
# The order of the letters in the answers below.
DIMENSIONS = [
    Dimension.TRUST,
    Dimension.COMMUNICATION,
    Dimension.FAIRNESS,
    Dimension.VALUE,
    Dimension.WORKLOAD,
    Dimension.ROLES,
    Dimension.CONTINUE,
]
LETTERS = {"G": Rating.GREEN, "A": Rating.AMBER, "R": Rating.RED}
# number, opens (days from today), each respondent's answers in the order of DIMENSIONS.
ROUNDS = [
    (1, -330, {"lea": "GGGGAAG", "karim": "GAGGAAG", "ines": "GGGGGAG", "sophie": "GGGGGAG",
               "marion": "GGGGAGG", "hugo": "GAGGGGG", "julien": "GGGAGGG",
               "nadia": "GGGGGAG", "olivier": "GGGGGGG"}),
    (2, -240, {"lea": "GGGGAGG", "karim": "GGGGAGG", "ines": "GGGGGGG", "sophie": "GAGGGGG",
               "marion": "GGGGGGG", "hugo": "GGGGGGG", "nadia": "GGGGGGG",
               "olivier": "GGGGAGG"}),
    (3, -150, {"lea": "AARGRGA", "karim": "AARARGG", "ines": "GAAGAGG", "sophie": "GAAGAGG",
               "marion": "GAGGAGG", "hugo": "GGAGGAG", "julien": "AAGAGAG",
               "nadia": "AGGAGAG", "olivier": "AGGAAGG"}),
    (4, -60, {"lea": "GGGGAGG", "karim": "GGAGGGG", "ines": "GGGGGGG", "sophie": "GGGGGGG",
              "marion": "GGGGGGG", "hugo": "GGGGGGG", "julien": "GGGGGGG",
              "nadia": "GGGGGGG", "olivier": "GGGGGGG"}),
]  # fmt: skip
COMMENTS = {
    (1, "lea", Dimension.ROLES): "Qui fait quoi entre la Ville et nous sur les chantiers ?",
    (1, "karim", Dimension.COMMUNICATION): "Les comptes rendus arrivent tard.",
    (1, "karim", Dimension.WORKLOAD): "Beaucoup de réunions pour démarrer.",
    (2, "sophie", Dimension.COMMUNICATION): "J'apprends parfois les changements par les habitants.",
    (3, "lea", Dimension.FAIRNESS): "Un financeur impose ses règles de suivi sans discussion.",
    (3, "lea", Dimension.WORKLOAD): "Près de deux jours par mois de tableaux pour une "
    "subvention modeste.",
    (3, "karim", Dimension.FAIRNESS): "Nous avons l'impression de devoir nous justifier en "
    "permanence.",
    (3, "karim", Dimension.WORKLOAD): "Le reporting prend le temps des activités.",
    (3, "ines", Dimension.COMMUNICATION): "On sent une tension entre partenaires sans savoir "
    "pourquoi.",
    (3, "sophie", Dimension.COMMUNICATION): "Le dernier comité a paru tendu.",
    (3, "julien", Dimension.TRUST): "Nous avons besoin d'être rassurés sur l'usage des fonds.",
    (3, "julien", Dimension.VALUE): "Difficile de montrer les résultats à notre conseil.",
    (4, "karim", Dimension.FAIRNESS): "Mieux depuis le cadre commun, à confirmer dans la durée.",
}
OPEN_DAYS = 21


def _sheet(number: int, index: int) -> str:
    # A fixed seed keeps the demo identical on every load; the key says nothing of the person.
    return hashlib.sha256(f"{SEED}/{number}/{index}".encode()).hexdigest()[:32]


def _score(answers: dict, people: list[str], dimension: str) -> int:
    position = DIMENSIONS.index(dimension)
    scores = [RATING_SCORES[LETTERS[answers[person][position]]] for person in people]
    return round(sum(scores) / len(scores))


def health_rounds(history: History) -> None:
    lea = history.users["lea"]
    for number, opens, answers in ROUNDS:
        closes = opens + OPEN_DAYS
        item = HealthCheckRound(
            partnership=history.partnership,
            number=number,
            opens_on=history.day(opens),
            closes_on=history.day(closes),
            status=RoundStatus.CLOSED,
            closed_at=history.at(closes, 23, 30),
        )
        item.full_clean()
        item.save()
        backdate(item, created_at=history.at(opens, 6))
        with translation.override("fr"):
            closing = formats.date_format(item.closes_on, "DATE_FORMAT")
        feed(
            history,
            history.at(opens, 6),
            "health.round_opened",
            data={"number": number, "closes": closing},
        )
        for person in answers:
            HealthCheckParticipation.objects.create(
                round=item, user=history.users[person], party=history.party_of(person)
            )
        # Ratings are written in the order of their random sheet keys, not of the people.
        sheets = sorted((_sheet(number, index), person) for index, person in enumerate(answers))
        HealthCheckRating.objects.bulk_create(
            HealthCheckRating(
                round=item,
                party=history.party_of(person),
                sheet=sheet,
                dimension=dimension,
                rating=LETTERS[letter],
                comment=COMMENTS.get((number, person, dimension), ""),
            )
            for sheet, person in sheets
            for dimension, letter in zip(DIMENSIONS, answers[person], strict=True)
        )
        feed(
            history,
            item.closed_at,
            "health.round_closed",
            data={"number": number, "answers": len(answers)},
        )
        if number == 3:
            _follow_up(history, item, answers, lea)


def _follow_up(history: History, item: HealthCheckRound, answers: dict, lea) -> None:
    """The association's red on fairness gets an action of the foundation; the workload,
    amber across the merged groups, goes on the agenda of the next quarterly committee."""
    association = [
        person for person in answers if history.party_of(person).pk == history.coordinator.pk
    ]
    fairness = Concern.objects.create(
        round=item,
        dimension=Dimension.FAIRNESS,
        party=history.coordinator,
        level=Rating.RED,
        score=_score(answers, association, Dimension.FAIRNESS),
        created_by=lea,
    )
    workload = Concern.objects.create(
        round=item,
        dimension=Dimension.WORKLOAD,
        party=None,
        level=Rating.AMBER,
        score=_score(answers, list(answers), Dimension.WORKLOAD),
        created_by=lea,
    )
    followed = (item.closes_on - history.today).days + 1
    for concern in (fairness, workload):
        backdate(concern, created_at=history.at(followed, 10))
    title = "Alléger les demandes de suivi de la Fondation : un seul tableau partagé"
    action(
        history,
        title=title,
        owner="julien",
        created=followed,
        due=-100,
        status=ActionStatus.DONE,
        completed=-104,
        concern=fairness,
    )
    feed(
        history,
        history.at(followed, 10),
        "health.concern_followed_up",
        actor=lea,
        party=history.coordinator,
        data={"dimension": fairness.dimension, "title": title},
    )
    meeting = history.meetings["m5"]
    agenda = "Baromètre n°3 : la charge de travail au regard des bénéfices"
    last = meeting.agenda_items.order_by("-position").first()
    agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        position=last.position + 1,
        title=agenda,
        description="Réponses orange et rouges sur la charge de travail : qu'est-ce qui a "
        "changé depuis le cadre de reporting commun ?",
        concern=workload,
        created_by=lea,
    )
    backdate(agenda_item, created_at=history.at(followed, 10, 5))
    feed(
        history,
        history.at(followed, 10, 5),
        "health.concern_followed_up",
        actor=lea,
        party=history.coordinator,
        data={"dimension": workload.dimension, "title": agenda},
    )
