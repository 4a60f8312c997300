"""The decision log of the year, voted by each party's representative under the agreement's
rule, and the actions that followed: most done, a few under way, two overdue."""

import math
from datetime import timedelta

from alliances.demo.governance.common import REPRESENTATIVES, History, backdate, feed, rule_in_force
from alliances.governance.models import (
    ActionItem,
    ActionStatus,
    Decision,
    DecisionStatus,
    Vote,
    VoteChoice,
)
from alliances.partnerships.models import DecisionRule

FOR, AGAINST, ABSTAIN = VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN
QUORUM = 50

# key, meeting, proposed (days before the meeting), title, context,
# votes {party: (choice, comment)}, rationale, the decision it corrects, left open.
DECISIONS = [
    (
        "d1",
        "m1",
        7,
        "Adopter le programme annuel des activités collectives",
        "Deux fêtes de quartier, un café des parents tous les quinze jours, quatre chantiers "
        "participatifs et la permanence de médiation de voisinage du mardi.",
        {
            "maison": (FOR, ""),
            "ville": (FOR, "Conforme au contrat de ville."),
            "fondation": (FOR, ""),
        },
        "Le programme répond aux trois objectifs du partenariat et chacun peut le tenir.",
        None,
        False,
    ),
    (
        "d2",
        "m2",
        7,
        "Consacrer 4 000 € du budget commun aux cafés des parents",
        "Animation, petits déjeuners et intervenants pour un café des parents tous les quinze "
        "jours pendant un an.",
        {
            "maison": (FOR, ""),
            "ville": (FOR, ""),
            "fondation": (FOR, "À condition de suivre la fréquentation à chaque séance."),
        },
        "Les cafés des parents sont l'activité qui touche le plus de familles nouvelles.",
        None,
        False,
    ),
    (
        "d3",
        "m2",
        7,
        "Ouvrir les chantiers participatifs aux enfants de moins de 14 ans",
        "Des parents souhaitent venir avec leurs enfants ; les animateurs encadreraient un "
        "atelier adapté.",
        {
            "maison": (FOR, "Beaucoup de parents ne viennent pas faute de garde."),
            "ville": (
                AGAINST,
                "Notre assurance ne couvre pas les mineurs de moins de 14 ans sur les "
                "chantiers : impossible en l'état.",
            ),
            "fondation": (ABSTAIN, "Nous suivrons l'avis de la Ville sur la sécurité."),
        },
        "Objection de la Ville pour raison d'assurance ; la question reviendra quand la "
        "couverture aura été vérifiée.",
        None,
        False,
    ),
    (
        "d4",
        "m3",
        7,
        "Renouveler pour un an la mise à disposition de la salle polyvalente",
        "La salle du centre d'animation accueille les cafés des parents et les réunions "
        "d'habitants, gratuitement, deux demi-journées par semaine.",
        {"maison": (FOR, ""), "ville": (FOR, "Convention prête à signer.")},
        "Pas de solution équivalente dans le quartier ; la Ville maintient la gratuité.",
        None,
        False,
    ),
    (
        "d5",
        "m4",
        5,
        "Adopter un cadre de reporting commun, proportionné aux financements",
        "Huit indicateurs partagés, saisis une seule fois sur la plateforme et valables pour "
        "tous les financeurs ; un rapport narratif annuel ; aucune donnée individuelle sur "
        "les habitants.",
        {
            "maison": (FOR, "Nous gagnons environ deux jours de saisie par mois."),
            "ville": (FOR, "Nous l'utiliserons aussi pour le bilan du contrat de ville."),
            "fondation": (FOR, "La Fondation ne demandera plus de tableau séparé."),
        },
        "Le suivi reste rigoureux pour les financeurs et devient soutenable pour l'équipe "
        "de terrain.",
        None,
        False,
    ),
    (
        "d6",
        "m5",
        7,
        "Corriger la décision D-002 : 3 000 € pour les cafés des parents, 1 000 € pour "
        "l'accueil des jeunes enfants",
        "La garde des petits est le premier frein cité par les mères : une partie de "
        "l'enveloppe finance un espace d'accueil des enfants pendant les cafés.",
        {"maison": (FOR, ""), "fondation": (FOR, "Bonne idée, à évaluer au prochain bilan.")},
        "Même enveloppe, mieux utilisée ; la Ville, excusée, avait donné son accord de "
        "principe par écrit.",
        "d2",
        False,
    ),
    (
        "d7",
        "m6",
        25,
        "Déposer une candidature commune à l'appel à projets « Quartiers solidaires »",
        "L'appel à projets finance pendant trois ans des actions de lien social portées "
        "ensemble par une association, une collectivité et un financeur privé. Dossier à "
        "déposer avant la fin du trimestre ; la Maison de quartier serait porteuse.",
        {"fondation": (FOR, "La Fondation apportera une lettre de soutien et 5 000 €.")},
        "",
        None,
        True,
    ),
]


def _outcome(rule: str, counts: dict, required: int) -> str:
    if counts["for"] + counts["against"] + counts["abstain"] < required:
        return DecisionStatus.NO_QUORUM
    if rule == DecisionRule.MAJORITY:
        adopted = counts["for"] > counts["against"]
    elif rule == DecisionRule.UNANIMITY:
        adopted = counts["for"] == counts["eligible"]
    else:  # consensus: adopted unless someone objects
        adopted = counts["against"] == 0 and counts["for"] > 0
    return DecisionStatus.ADOPTED if adopted else DecisionStatus.REJECTED


def decisions(history: History) -> None:
    rule, source = rule_in_force(history.partnership)
    lea, eligible = history.users["lea"], len(REPRESENTATIVES)
    required = math.ceil(eligible * QUORUM / 100)
    for number, spec in enumerate(DECISIONS, start=1):
        key, meeting_key, ahead, title, context, votes, rationale, corrects, is_open = spec
        meeting = history.meetings[meeting_key]
        meeting_day = (meeting.starts_at.date() - history.today).days
        proposed = history.at(meeting_day - ahead, 9)
        decision = Decision(
            partnership=history.partnership,
            number=number,
            title=title,
            context=context,
            rule=rule,
            rule_source=source,
            quorum_percent=QUORUM,
            meeting=meeting,
            rationale=rationale,
            supersedes=history.decisions[corrects] if corrects else None,
            created_by=lea,
        )
        decision.full_clean()
        decision.save()
        history.decisions[key] = decision
        feed(
            history,
            proposed,
            "decision.proposed",
            actor=lea,
            party=history.coordinator,
            data={"reference": decision.reference, "title": title},
        )
        counts = {"eligible": eligible, "for": 0, "against": 0, "abstain": 0}
        voters = []
        for index, (party_key, (choice, comment)) in enumerate(votes.items()):
            user, party = history.users[REPRESENTATIVES[party_key]], history.parties[party_key]
            cast = (
                history.at(-3, 17)
                if is_open
                else meeting.starts_at + timedelta(minutes=40 + 5 * index)
            )
            vote = Vote.objects.create(
                decision=decision, party=party, choice=choice, comment=comment, cast_by=user
            )
            backdate(vote, cast_at=cast)
            feed(
                history,
                cast,
                "decision.voted",
                actor=user,
                party=party,
                data={"reference": decision.reference, "choice": choice.value},
            )
            counts[choice.value] += 1
            voters.append(
                {"party": str(party), "choice": choice.value, "comment": comment, "by": str(user)}
            )
        if is_open:
            backdate(decision, created_at=proposed, updated_at=history.at(-3, 17))
            continue
        status = _outcome(rule, counts, required)
        decision.status = status
        decision.tally = {**counts, "quorum_required": required, "voters": voters}
        decision.closed_by, decision.closed_at = lea, meeting.ends_at
        decision.save(update_fields=["status", "tally", "closed_by", "closed_at"])
        backdate(decision, created_at=proposed, updated_at=meeting.ends_at)
        feed(
            history,
            meeting.ends_at,
            "decision.closed",
            actor=lea,
            party=history.coordinator,
            data={"reference": decision.reference, "title": title, "outcome": status.value},
        )


# title, owner, created (days from today), due, status, completed, meeting, decision
ACTIONS = [
    ("Réserver la salle du centre d'animation pour les cafés des parents",
     "karim", -340, -325, ActionStatus.DONE, -328, "m1", None),
    ("Transmettre le programme annuel aux gardiens d'immeuble et au conseil citoyen",
     "sophie", -340, -320, ActionStatus.DONE, -322, "m1", "d1"),
    ("Présenter le partenariat au conseil d'administration de la Fondation",
     "julien", -340, -280, ActionStatus.DONE, -284, "m1", None),
    ("Lancer les inscriptions aux cafés des parents",
     "karim", -250, -230, ActionStatus.DONE, -233, "m2", "d2"),
    ("Vérifier auprès de l'assureur la couverture des mineurs sur les chantiers",
     "sophie", -250, -200, ActionStatus.DONE, -205, "m2", "d3"),
    ("Signer la convention de mise à disposition de la salle polyvalente",
     "sophie", -160, -130, ActionStatus.DONE, -138, "m3", "d4"),
    ("Mettre en place les huit indicateurs partagés sur la plateforme",
     "karim", -110, -80, ActionStatus.DONE, -84, "m4", "d5"),
    ("Organiser l'accueil des jeunes enfants pendant les cafés des parents",
     "lea", -70, -40, ActionStatus.DONE, -45, "m5", "d6"),
    ("Recruter quatre habitants relais pour la fête de quartier",
     "karim", -70, -30, ActionStatus.DONE, -33, "m5", None),
    ("Proposer trois dates pour le chantier participatif de printemps",
     "sophie", -70, -6, ActionStatus.IN_PROGRESS, None, "m5", None),
    ("Diffuser la synthèse du baromètre n°4 aux équipes des trois partenaires",
     "lea", -35, -4, ActionStatus.OPEN, None, None, None),
    ("Rédiger le dossier de candidature « Quartiers solidaires »",
     "lea", -4, 14, ActionStatus.IN_PROGRESS, None, None, "d7"),
    ("Préparer le bilan annuel de la Fondation pour le comité",
     "julien", -9, 20, ActionStatus.OPEN, None, "m6", None),
]  # fmt: skip


def action(history: History, *, title, owner, created, due, status, completed, **links):
    """One action, assigned at `created` and, when it moved on, its status line."""
    user, party = history.users[owner], history.party_of(owner)
    lea = history.users["lea"]
    item = ActionItem(
        partnership=history.partnership,
        title=title,
        owner=user,
        owner_party=party,
        due_on=history.day(due),
        status=status,
        completed_at=history.at(completed, 16) if completed is not None else None,
        created_by=lea,
        **links,
    )
    item.full_clean()
    item.save()
    assigned = history.at(created, 17)
    changed = item.completed_at or history.at(min(created + 7, -1), 11)
    backdate(
        item, created_at=assigned, updated_at=assigned if status == ActionStatus.OPEN else changed
    )
    feed(
        history,
        assigned,
        "action.assigned",
        actor=lea,
        party=party,
        data={"title": title, "owner": str(user)},
    )
    if status != ActionStatus.OPEN:
        feed(
            history,
            changed,
            "action.status_changed",
            actor=user,
            party=party,
            data={"title": title, "status": status.value},
        )
    return item


def actions(history: History) -> None:
    for title, owner, created, due, status, completed, meeting, decision in ACTIONS:
        action(
            history,
            title=title,
            owner=owner,
            created=created,
            due=due,
            status=status,
            completed=completed,
            meeting=history.meetings[meeting] if meeting else None,
            decision=history.decisions[decision] if decision else None,
        )
