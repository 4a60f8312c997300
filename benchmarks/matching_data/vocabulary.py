"""The words and habits of the synthetic directory: resources by kind of organisation, topics
(each said in several ways that the thesaurus of `alliances.matching.thesaurus` treats as one
concept, with its SDG goal and targets), and the phrases missions are built from."""

from dataclasses import dataclass

RESOURCES = (
    "funding", "skills", "volunteers", "in_kind", "premises", "network_audience",
    "field_expertise", "data", "policy_lever", "credibility",
)  # fmt: skip
SECTOR_OF_KIND = {
    "association": "civil_society", "foundation": "civil_society",
    "residents_group": "civil_society", "company": "private", "commune": "public",
    "epci": "public", "departement": "public", "school": "public", "state_agency": "public",
}  # fmt: skip
# What each kind of organisation tends to offer and to need (the first ones most often).
OFFERS = {
    "association": ("volunteers", "field_expertise", "network_audience", "skills", "credibility"),
    "foundation": ("funding", "network_audience", "skills", "credibility"),
    "residents_group": ("volunteers", "field_expertise", "network_audience"),
    "company": ("funding", "skills", "in_kind", "premises", "data", "network_audience"),
    "commune": ("premises", "funding", "policy_lever", "network_audience", "data"),
    "epci": ("funding", "policy_lever", "data", "premises"),
    "departement": ("funding", "policy_lever", "data"),
    "school": ("premises", "network_audience", "field_expertise"),
    "state_agency": ("funding", "data", "policy_lever", "credibility"),
}
NEEDS = {
    "association": ("funding", "premises", "skills", "in_kind", "volunteers"),
    "foundation": ("field_expertise", "data", "network_audience"),
    "residents_group": ("premises", "funding", "skills"),
    "company": ("field_expertise", "credibility", "network_audience", "volunteers"),
    "commune": ("field_expertise", "volunteers", "skills", "funding"),
    "epci": ("field_expertise", "data", "skills"),
    "departement": ("field_expertise", "data"),
    "school": ("volunteers", "skills", "funding", "in_kind"),
    "state_agency": ("field_expertise", "network_audience"),
}
# Directory make-up (registers and sign-ups): mostly associations, then companies.
KIND_SHARES = (
    ("association", 56), ("company", 26), ("foundation", 3), ("residents_group", 2),
    ("commune", 7), ("school", 4), ("epci", 1), ("state_agency", 1),
)  # fmt: skip


@dataclass(frozen=True)
class Topic:
    key: str
    phrases: tuple[str, ...]  # one thing, said in other words
    people: tuple[str, ...]  # who or what it is for, appended to a phrase
    goal: str
    targets: tuple[str, ...]


T = Topic
TOPICS = (
    T("homework", ("l'aide aux devoirs", "le soutien scolaire", "l'accompagnement à la scolarité"),
      ("des écoliers", "des collégiens", "des enfants du quartier"), "4", ("4.1", "4.5", "4.6")),
    T("food", ("l'aide alimentaire", "la distribution de colis alimentaires",
               "l'épicerie solidaire"),
      ("des familles modestes", "des étudiants", "des personnes en difficulté"), "2",
      ("2.1", "1.2", "1.3")),
    T("digital", ("l'inclusion numérique", "la médiation numérique",
                  "la lutte contre la fracture numérique"),
      ("des seniors", "des demandeurs d'emploi", "des habitants"), "10", ("10.2", "4.4", "9.c")),
    T("jobs", ("l'insertion professionnelle", "le retour à l'emploi",
               "l'accompagnement vers l'emploi"),
      ("des jeunes sans diplôme", "des chômeurs de longue durée", "des allocataires du RSA"),
      "8", ("8.5", "8.6", "4.4")),
    T("nature", ("la protection de la biodiversité", "la protection de la nature",
                 "la préservation de la biodiversité"),
      ("dans les zones humides", "dans les haies et les bocages", "en milieu urbain"), "15",
      ("15.1", "15.5", "15.8")),
    T("shelter", ("l'aide aux personnes sans domicile fixe", "la maraude",
                  "l'accueil des sans-abri"),
      ("en hiver", "des familles à la rue", "des personnes isolées"), "11", ("11.1", "1.4", "1.3")),
    T("elderly", ("la lutte contre l'isolement des personnes âgées", "les visites aux aînés isolés",
                  "le lien social avec les seniors"),
      ("à domicile", "en maison de retraite", "en milieu rural"), "10", ("10.2", "3.4", "11.7")),
    T("health", ("la prévention santé", "l'éducation à la santé", "la promotion de la santé"),
      ("des adolescents", "des habitants des quartiers prioritaires", "des femmes enceintes"),
      "3", ("3.4", "3.5", "3.7")),
    T("energy", ("la précarité énergétique", "la rénovation énergétique des logements",
                 "la sobriété énergétique"),
      ("des ménages modestes", "des propriétaires occupants", "des locataires"), "7",
      ("7.1", "7.3", "11.1")),
    T("mobility", ("la mobilité solidaire", "le transport solidaire", "le covoiturage solidaire"),
      ("en zone rurale", "des personnes sans voiture", "des demandeurs d'emploi"), "11",
      ("11.2", "10.2", "9.1")),
    T("women", ("l'égalité entre les femmes et les hommes", "les droits des femmes",
                "l'égalité femmes hommes"),
      ("au travail", "dans le sport", "dans les quartiers"), "5", ("5.1", "5.2", "5.5")),
    T("refugees", ("l'accueil des réfugiés", "l'accompagnement des personnes exilées",
                   "l'intégration des demandeurs d'asile"),
      ("et de leurs familles", "à leur arrivée", "mineurs non accompagnés"), "10",
      ("10.7", "16.9", "10.2")),
    T("french", ("l'apprentissage du français", "les cours de français langue étrangère",
                 "la lutte contre l'illettrisme"),
      ("des adultes", "des parents d'élèves", "des salariés"), "4", ("4.6", "4.3", "10.2")),
    T("gardens", ("les jardins partagés", "le jardinage collectif", "les potagers solidaires"),
      ("au pied des immeubles", "en ville", "avec les habitants"), "11", ("11.7", "2.4", "11.3")),
    T("waste", ("la réduction des déchets", "le réemploi des objets", "la ressourcerie"),
      ("des ménages", "des entreprises", "du quartier"), "12", ("12.5", "12.3", "12.8")),
    T("culture", ("l'accès à la culture", "l'éducation artistique et culturelle",
                  "les pratiques artistiques"),
      ("des jeunes", "des publics éloignés", "des enfants"), "4", ("4.7", "11.4", "10.2")),
    T("sport", ("le sport pour tous", "l'activité physique adaptée", "la pratique sportive"),
      ("des personnes âgées", "des jeunes filles", "des personnes en surpoids"), "3",
      ("3.4", "3.d", "5.1")),
    T("disability", ("l'inclusion des personnes handicapées",
                     "l'accompagnement des personnes en situation de handicap",
                     "l'accessibilité pour les personnes handicapées"),
      ("dans l'emploi", "dans les loisirs", "à l'école"), "10", ("10.2", "8.5", "4.5")),
    T("water", ("la protection de la ressource en eau", "l'accès à l'eau potable",
                "l'assainissement"),
      ("du bassin versant", "des cours d'eau", "des étangs"), "6", ("6.3", "6.6", "15.1")),
    T("climate", ("la lutte contre le changement climatique",
                  "la lutte contre le réchauffement climatique", "l'adaptation au climat"),
      ("des scolaires", "du grand public", "des élus"), "13", ("13.3", "13.1", "4.7")),
    T("rights", ("l'accès aux droits", "l'aide aux démarches administratives",
                 "les permanences d'écrivain public"),
      ("des locataires", "des étrangers", "des personnes précaires"), "16",
      ("16.3", "1.4", "10.3")),
    T("early", ("l'accueil de la petite enfance", "l'éveil des enfants",
                "la garde d'enfants"),
      ("des familles monoparentales", "en crèche", "à domicile"), "4", ("4.2", "5.4", "1.3")),
    T("farming", ("les circuits courts", "la vente directe des producteurs locaux",
                  "l'agriculture de proximité"),
      ("des producteurs", "des cantines scolaires", "des consommateurs"), "2",
      ("2.3", "2.4", "12.3")),
    T("youth", ("la citoyenneté des jeunes", "la participation citoyenne des jeunes",
                "l'engagement citoyen des jeunes"),
      ("des lycéens", "des quartiers", "en service civique"), "16", ("16.7", "4.7", "8.6")),
)  # fmt: skip
del T
TOPIC_BY_KEY = {topic.key: topic for topic in TOPICS}

OPENINGS = {
    "association": ("Notre association agit pour", "Nous développons", "L'association organise",
                    "Nos bénévoles s'engagent pour", "Notre mission :"),
    "foundation": ("La fondation finance des projets pour", "La fondation soutient",
                   "Notre fondation encourage"),
    "residents_group": ("Notre collectif d'habitants agit pour", "Le collectif organise"),
    "company": ("Notre entreprise soutient", "Dans le cadre de notre mécénat, nous soutenons",
                "Notre politique RSE encourage"),
    "commune": ("La commune mène une politique pour", "La municipalité développe"),
    "epci": ("L'intercommunalité coordonne", "La communauté de communes finance"),
    "departement": ("Le Département finance", "Le conseil départemental soutient"),
    "school": ("L'établissement développe", "Notre école porte un projet pour"),
    "state_agency": ("L'agence accompagne les acteurs qui développent", "Notre service soutient"),
}  # fmt: skip
FILLERS = (
    "Nous travaillons avec les familles, les écoles et les acteurs du territoire.",
    "Nos actions sont ouvertes à tous, sans condition de ressources.",
    "Nous agissons au plus près des habitants.",
    "Nous intervenons toute l'année, y compris pendant les vacances.",
    "Nous cherchons à mesurer l'impact de nos actions.",
    "Nous sommes reconnus pour notre sérieux et notre écoute.",
    "Nous fonctionnons grâce à une équipe de salariés et de bénévoles.",
    "Nous participons aux réseaux locaux de la solidarité.",
)
TRADES = (
    "conseil en informatique", "travaux publics", "boulangerie", "transport de marchandises",
    "expertise comptable", "grande distribution", "banque", "assurance", "énergie",
    "agroalimentaire", "bâtiment", "communication", "logistique", "industrie pharmaceutique",
)  # fmt: skip
