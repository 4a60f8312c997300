"""The year's one conflict: the association finds the foundation's reporting demands out of
proportion to its grant. Dialogue, then an external mediator, then an agreement the steering
committee adopted. Confidential: only the two parties see it (the association coordinates)."""

from alliances.demo.governance.common import History, backdate, feed
from alliances.governance.models import (
    Conflict,
    ConflictNote,
    ConflictNoteKind,
    ConflictStage,
    MediatorKind,
)

TOPIC = "Exigences de reporting de la Fondation disproportionnées au regard de la subvention"
DESCRIPTION = (
    "Pour une subvention de 15 000 €, la Fondation demande chaque mois un tableau de 40 "
    "indicateurs, avec des données par habitant, sur son propre modèle. L'équipe de la Maison "
    "de quartier y passe près de deux jours par mois, au détriment des activités, et les "
    "données individuelles posent un problème de confidentialité vis-à-vis des familles.\n\n"
    "Nous souhaitons un suivi proportionné et commun à tous les financeurs."
)
MEDIATOR = "Médiation 86 – Mme Delage"
OUTCOME = (
    "Accord trouvé en médiation et adopté par le comité de pilotage extraordinaire "
    "(décision D-005) : huit indicateurs partagés, saisis une seule fois sur la plateforme et "
    "valables pour tous les financeurs, un rapport narratif annuel, aucune donnée "
    "individuelle. La Fondation renonce à son tableau mensuel ; la Maison de quartier "
    "s'engage à tenir les indicateurs à jour chaque trimestre."
)
DIALOGUE, MEDIATION, RESOLVED = (
    ConflictStage.DIALOGUE,
    ConflictStage.MEDIATION,
    ConflictStage.RESOLVED,
)
# days from today, author, stage change (from, to) or None, text
TIMELINE = [
    (-178, "lea", None,
     "Échange téléphonique avec Julien Roux : la Fondation rappelle que son conseil "
     "d'administration attend des données détaillées. Pas d'accord à ce stade."),
    (-171, "julien", None,
     "La Fondation entend la difficulté. Elle ne peut pas renoncer à un suivi régulier mais "
     "accepte de chercher une autre forme, avec l'aide d'un tiers."),
    (-165, "lea", (DIALOGUE, MEDIATION),
     "Les deux parties acceptent une médiation externe : Médiation 86, Mme Delage. Première "
     "séance fixée dans trois semaines."),
    (-144, "lea", None,
     "Première séance de médiation (2 h). Chacun a exposé ses contraintes : deux jours de "
     "saisie par mois pour la Maison, l'obligation de rendre compte au conseil "
     "d'administration pour la Fondation. Climat tendu mais constructif."),
    (-125, "julien", None,
     "Deuxième séance : la médiatrice propose de partir des indicateurs déjà suivis sur la "
     "plateforme. Piste retenue : huit indicateurs partagés chaque trimestre et un rapport "
     "narratif annuel, sans données individuelles."),
    (-117, "karim", None,
     "La Maison de quartier accepte la proposition. Le cadre sera soumis à un comité de "
     "pilotage extraordinaire pour que la Ville puisse l'utiliser aussi."),
    (-108, "lea", (MEDIATION, RESOLVED),
     "Le comité extraordinaire a adopté le cadre de reporting commun (D-005). Merci à "
     "Mme Delage ; conflit clos d'un commun accord."),
]  # fmt: skip


def conflict(history: History) -> None:
    named = [history.parties["maison"], history.parties["fondation"]]
    # The coordinator is told: here it is also the raising party, so the audience is the same.
    audience = list({party.pk: party for party in [*named, history.coordinator]}.values())
    karim, raised = history.users["karim"], history.at(-185, 11)
    item = Conflict(
        partnership=history.partnership,
        number=1,
        topic=TOPIC,
        description=DESCRIPTION,
        raised_by=karim,
        raised_by_party=history.party_of("karim"),
        coordinator_informed=True,
    )
    item.full_clean(exclude=["parties"])
    item.save()
    item.parties.set(named)
    backdate(item, created_at=raised, updated_at=raised, last_activity_at=raised)
    feed(
        history,
        raised,
        "conflict.raised",
        actor=karim,
        party=history.party_of("karim"),
        audience=audience,
        data={"topic": TOPIC},
    )
    stage = DIALOGUE
    for offset, person, move, text in TIMELINE:
        user, party, when = history.users[person], history.party_of(person), history.at(offset, 15)
        note = ConflictNote.objects.create(
            conflict=item,
            kind=ConflictNoteKind.STAGE if move else ConflictNoteKind.NOTE,
            author=user,
            author_name=str(user),
            party=party,
            from_stage=move[0] if move else "",
            to_stage=move[1] if move else "",
            text=text,
        )
        backdate(note, created_at=when)
        if move:
            stage = move[1]
            feed(
                history,
                when,
                "conflict.stage_moved",
                actor=user,
                party=party,
                audience=audience,
                data={"topic": TOPIC, "from": move[0].value, "to": move[1].value},
            )
        else:
            feed(
                history,
                when,
                "conflict.note_added",
                actor=user,
                party=party,
                audience=audience,
                data={"topic": TOPIC},
            )
        if stage == MEDIATION and not item.mediator_name:
            item.mediator_kind, item.mediator_name = MediatorKind.EXTERNAL, MEDIATOR
        last = when
    item.stage, item.outcome, item.closed_at = stage, OUTCOME, last
    item.full_clean(exclude=["parties"])
    item.save(update_fields=["stage", "outcome", "closed_at", "mediator_kind", "mediator_name"])
    backdate(item, updated_at=last, last_activity_at=last)
