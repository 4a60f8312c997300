"""The governance settings, the steering committee and a year of its meetings: four quarterly
committees, one extraordinary committee, and the next one, three weeks ahead."""

from alliances.demo.data import DOMAIN
from alliances.demo.governance.common import REPRESENTATIVES, History, backdate, feed
from alliances.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CommitteeMember,
    Frequency,
    GovernanceSettings,
    Meeting,
    MeetingStatus,
)

PLACE = "Maison de quartier des Trois-Cités, salle du conseil, 12 place de France, Poitiers"
VIDEO = f"https://visio.{DOMAIN}/copil-trois-cites"
P, A, X = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT

# key, days from today, days it was scheduled ahead, title, with a video link, attendance
# (lea, karim, sophie, julien), agenda, minutes.
MEETINGS = [
    (
        "m1",
        -340,
        21,
        "Comité de pilotage – feuille de route de l'année",
        False,
        (P, P, P, P),
        [
            ("Bilan du trimestre écoulé", "Fête de quartier, cafés des parents, médiation."),
            ("Programme annuel des activités collectives", "Proposition jointe à l'invitation."),
            ("Suivi et évaluation : enquête habitants et baromètre de la relation", ""),
            ("Questions diverses", ""),
        ],
        "La fête de quartier d'automne a réuni environ 350 personnes, dont beaucoup de "
        "familles venues pour la première fois. Les cafés des parents trouvent leur rythme, "
        "avec une quinzaine de participantes par séance. La permanence de médiation de "
        "voisinage a traité onze situations, dont deux conflits de bruit réglés à l'amiable.\n\n"
        "Le programme annuel est adopté par consensus (décision D-001) : deux fêtes de quartier, "
        "un café des parents tous les quinze jours, quatre chantiers participatifs et la "
        "permanence de médiation du mardi. La Ville le transmettra aux gardiens d'immeuble et "
        "au conseil citoyen.\n\n"
        "Les partenaires conviennent d'un baromètre de la relation chaque trimestre, en plus "
        "de l'enquête habitants : quelques questions courtes, réponses anonymes.\n\n"
        "Prochain comité dans trois mois, à la Maison de quartier.",
    ),
    (
        "m2",
        -250,
        30,
        "Comité de pilotage – budget commun et chantiers participatifs",
        True,
        (P, A, P, P),
        [
            ("Point sur les actions du dernier comité", ""),
            ("Enveloppe du budget commun pour les cafés des parents", "4 000 € proposés."),
            ("Ouverture des chantiers participatifs aux moins de 14 ans", ""),
            ("Calendrier des bilans demandés par les financeurs", ""),
        ],
        "Karim Haddad, excusé, a transmis le point sur les actions : toutes sont faites, "
        "la salle du centre d'animation est réservée jusqu'à l'été.\n\n"
        "Le comité consacre 4 000 € du budget commun aux cafés des parents (décision D-002), "
        "la Fondation demandant que la fréquentation soit suivie à chaque séance.\n\n"
        "La proposition d'ouvrir les chantiers participatifs aux enfants de moins de 14 ans "
        "n'est pas adoptée (décision D-003) : l'assurance de la Ville ne couvre pas ces mineurs "
        "sur les chantiers. La Ville vérifie auprès de son assureur ; le sujet reviendra.\n\n"
        "La Fondation présente son calendrier de bilans : un bilan intermédiaire et un bilan "
        "final, sur son propre modèle.",
    ),
    (
        "m3",
        -160,
        30,
        "Comité de pilotage – point d'étape trimestriel",
        False,
        (P, P, P, X),
        [
            ("Fréquentation des activités collectives", ""),
            ("Convention de mise à disposition de la salle polyvalente", "Renouvellement."),
            ("Préparation du chantier participatif d'automne", ""),
        ],
        "La Fondation n'est pas représentée à ce comité.\n\n"
        "La fréquentation progresse dans les trois quartiers, plus lentement à Beaulieu : "
        "les animateurs proposent d'y tenir un café des parents sur deux.\n\n"
        "La mise à disposition gratuite de la salle polyvalente du centre d'animation est "
        "renouvelée pour un an (décision D-004).\n\n"
        "La Maison de quartier signale une charge administrative lourde liée au suivi des "
        "financements ; le sujet est traité directement avec le partenaire concerné et "
        "reviendra en comité si besoin.",
    ),
    (
        "m4",
        -110,
        10,
        "Comité de pilotage extraordinaire – reporting aux financeurs",
        True,
        (P, P, P, P),
        [
            ("Présentation du cadre de reporting commun", "Huit indicateurs partagés."),
            ("Décision sur le cadre de reporting", ""),
            ("Mise en œuvre sur la plateforme", ""),
        ],
        "Comité réuni à la demande de la Maison de quartier et de la Fondation.\n\n"
        "Léa Moreau et Julien Roux présentent le cadre de reporting commun, préparé ensemble : "
        "huit indicateurs saisis une seule fois sur la plateforme et valables pour tous les "
        "financeurs, un rapport narratif annuel, aucune donnée individuelle sur les habitants.\n\n"
        "Le cadre est adopté par consensus (décision D-005). La Ville indique qu'elle "
        "l'utilisera aussi pour le bilan du contrat de ville. Karim Haddad met en place les "
        "indicateurs sur la plateforme d'ici deux mois.",
    ),
    (
        "m5",
        -70,
        60,
        "Comité de pilotage – suites du baromètre et fête de quartier",
        False,
        (P, P, A, P),
        [
            ("Bilan des actions en cours", ""),
            ("Correction de la décision D-002 : garde des jeunes enfants", ""),
            ("Préparation de la fête de quartier", "Habitants relais, programme, sécurité."),
        ],
        "Sophie Girard, excusée, a donné son accord de principe par écrit sur la correction "
        "de la décision D-002 ; la Ville ne prend pas part au vote.\n\n"
        "Le comité corrige la décision D-002 (décision D-006) : sur les 4 000 €, 1 000 € "
        "financent un espace d'accueil des jeunes enfants pendant les cafés des parents, "
        "la garde des petits étant le premier frein cité par les mères.\n\n"
        "Le baromètre n°3 montre une charge de travail jugée lourde au regard des bénéfices. "
        "Depuis, le cadre de reporting commun allège les saisies ; chacun est invité à le dire "
        "au prochain baromètre.\n\n"
        "Fête de quartier : quatre habitants relais seront recrutés pour l'accueil et la "
        "buvette ; la Ville propose trois dates pour le chantier participatif de printemps.",
    ),
    (
        "m6",
        21,
        30,
        "Comité de pilotage – bilan de l'année et candidature commune",
        True,
        (AttendanceStatus.INVITED, A, AttendanceStatus.INVITED, AttendanceStatus.INVITED),
        [
            ("Bilan des actions de l'année", ""),
            (
                "Candidature commune à l'appel à projets « Quartiers solidaires »",
                "Décision D-007, ouverte au vote avant le comité.",
            ),
            ("Résultats du baromètre n°4", ""),
            ("Programme du prochain trimestre", ""),
        ],
        "",
    ),
]
INVITEES = ("lea", "karim", "sophie", "julien")


def governance_settings(history: History) -> None:
    settings = GovernanceSettings(
        partnership=history.partnership,
        quorum_percent=50,
        health_frequency=Frequency.QUARTERLY,
        health_next_on=history.day(60),
    )
    settings.full_clean()
    settings.save()


def committee(history: History) -> None:
    """One representative per party, Léa Moreau in the chair, Karim Haddad as her stand-in."""
    lea, when = history.users["lea"], history.at(-365)
    seats = [(party, person, True) for party, person in REPRESENTATIVES.items()]
    seats.append(("maison", "karim", False))
    for party_key, person, representative in seats:
        user, party = history.users[person], history.parties[party_key]
        member = CommitteeMember(
            partnership=history.partnership,
            party=party,
            user=user,
            is_representative=representative,
            is_chair=person == "lea",
        )
        member.full_clean()
        member.save()
        backdate(member, created_at=when, updated_at=when)
        verb = "committee.representative_named" if representative else "committee.member_added"
        feed(history, when, verb, actor=lea, party=party, data={"person": str(user)})
    feed(
        history,
        when,
        "committee.chair_appointed",
        actor=lea,
        party=history.coordinator,
        data={"person": str(lea)},
    )


def meetings(history: History) -> None:
    lea = history.users["lea"]
    for key, offset, ahead, title, video, presence, agenda, minutes in MEETINGS:
        starts = history.at(offset, 14)
        ends = history.at(offset, 16, 30)
        held = offset < 0
        meeting = Meeting(
            partnership=history.partnership,
            title=title,
            starts_at=starts,
            ends_at=ends,
            place=PLACE,
            video_url=VIDEO if video else "",
            status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
            minutes=minutes,
            minutes_updated_at=history.at(offset + 2, 11) if held else None,
            created_by=lea,
        )
        meeting.full_clean()
        meeting.save()
        scheduled = history.at(offset - ahead, 9, 30)
        backdate(meeting, created_at=scheduled, updated_at=meeting.minutes_updated_at or scheduled)
        history.meetings[key] = meeting
        feed(history, scheduled, "meeting.scheduled", actor=lea, data={"meeting": title})
        for position, (item_title, description) in enumerate(agenda, start=1):
            item = AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=item_title,
                description=description,
                created_by=lea,
            )
            backdate(item, created_at=scheduled)
        for person, status in zip(INVITEES, presence, strict=True):
            Attendance.objects.create(
                meeting=meeting,
                user=history.users[person],
                party=history.party_of(person),
                status=status,
            )
            if not held and status == AttendanceStatus.APOLOGIES:
                feed(
                    history,
                    history.at(-2, 18),
                    "meeting.apologies_sent",
                    actor=history.users[person],
                    party=history.party_of(person),
                    data={"meeting": title},
                )
        if held:
            feed(
                history,
                meeting.minutes_updated_at,
                "meeting.minutes_saved",
                actor=lea,
                party=history.coordinator,
                data={"meeting": title},
            )
