"""The demo territory: Poitiers (Vienne), its priority neighbourhood les Trois-Cités, its
intercommunality, and the organisations that work there. Public actors carry their real
INSEE codes; associations, companies and people are fictional (their identifiers are valid
in form but made up)."""

from alliances.core.permissions import Role
from alliances.organisations.models import BudgetBand, Kind, Resource

PASSWORD = "demo-alliances-2026"
DOMAIN = "demo.alliances.test"

# email local part, full name, platform staff
USERS = [
    ("lea", "Léa Moreau", False),
    ("karim", "Karim Haddad", False),
    ("ines", "Inès Lefèvre", False),
    ("marc", "Marc Dubois", False),
    ("sophie", "Sophie Girard", False),
    ("thomas", "Thomas Nguyen", False),
    ("amina", "Amina Diallo", False),
    ("julien", "Julien Roux", False),
    ("claire", "Claire Bernard", False),
    ("marion", "Marion Petit", False),
    ("hugo", "Hugo Lambert", False),
    ("nadia", "Nadia Benali", False),
    ("olivier", "Olivier Roche", False),
    ("staff", "Équipe Alliances", True),
]

# Who administers what, and other members: organisation key -> [(user, role)]
MEMBERS = {
    "trois_cites": [("lea", Role.ADMIN), ("karim", Role.EDITOR), ("ines", Role.VIEWER)],
    "clain_energies": [("marc", Role.ADMIN)],
    "ville_poitiers": [("sophie", Role.ADMIN), ("marion", Role.EDITOR), ("hugo", Role.VIEWER)],
    "sciences_quartiers": [("thomas", Role.ADMIN)],
    "coup_de_pouce": [("amina", Role.ADMIN)],
    "fondation_vienne": [
        ("julien", Role.ADMIN),
        ("nadia", Role.EDITOR),
        ("olivier", Role.VIEWER),
    ],
    "college": [("claire", Role.ADMIN)],
}

_O = Resource
ORGANISATIONS = [
    {
        "key": "trois_cites",
        "name": "Maison de quartier des Trois-Cités",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000101",
        "address": "12 place de France",
        "mission": (
            "Centre social du quartier des Trois-Cités : accueil des familles, soutien "
            "scolaire, ateliers de français, fêtes de quartier et accompagnement des "
            "initiatives d'habitants."
        ),
        "staff_count": 14,
        "volunteer_count": 60,
        "budget_band": BudgetBand.FROM_200K,
        "causes": ["1", "4", "4.6", "10", "10.2", "11", "11.3"],
        "offered": [
            (_O.FIELD_EXPERTISE, "Vingt ans de présence au cœur du quartier"),
            (_O.NETWORK_AUDIENCE, "800 familles adhérentes"),
            (_O.VOLUNTEERS, "Bénévoles pour l'aide aux devoirs"),
        ],
        "needed": [
            (_O.FUNDING, "Cofinancement du programme de réussite éducative"),
            (_O.SKILLS, "Mécénat de compétences en numérique"),
            (_O.PREMISES, "Une salle pour les ateliers du samedi"),
        ],
    },
    {
        "key": "sciences_quartiers",
        "name": "Sciences en Quartiers",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000102",
        "address": "5 rue des Écoles",
        "mission": "Ateliers scientifiques et techniques pour les enfants des quartiers.",
        "staff_count": 4,
        "volunteer_count": 25,
        "budget_band": BudgetBand.FROM_50K,
        "causes": ["4", "4.1", "5", "9"],
        "offered": [(_O.FIELD_EXPERTISE, "Animation scientifique"), (_O.VOLUNTEERS, "")],
        "needed": [(_O.FUNDING, "Matériel pédagogique"), (_O.PREMISES, "")],
    },
    {
        "key": "coup_de_pouce",
        "name": "Coup de Pouce Emploi 86",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000103",
        "address": "40 avenue de la Libération",
        "mission": "Accompagnement vers l'emploi des jeunes et des femmes des quartiers.",
        "staff_count": 7,
        "volunteer_count": 12,
        "budget_band": BudgetBand.FROM_200K,
        "causes": ["8", "8.5", "8.6", "10"],
        "offered": [(_O.FIELD_EXPERTISE, "Insertion professionnelle")],
        "needed": [(_O.NETWORK_AUDIENCE, "Entreprises qui recrutent"), (_O.SKILLS, "")],
    },
    {
        "key": "jardins",
        "name": "Jardins partagés des Couronneries",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000104",
        "mission": "Jardins partagés, compost et alimentation durable au pied des immeubles.",
        "volunteer_count": 40,
        "budget_band": BudgetBand.UNDER_10K,
        "causes": ["2", "11", "11.7", "13"],
        "offered": [(_O.VOLUNTEERS, "")],
        "needed": [(_O.IN_KIND, "Outils et semences"), (_O.PREMISES, "Une parcelle")],
    },
    {
        "key": "sport",
        "name": "Sport Ensemble Poitiers",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000105",
        "mission": "Le sport comme outil de lien social et de santé pour toutes et tous.",
        "staff_count": 3,
        "volunteer_count": 35,
        "budget_band": BudgetBand.FROM_10K,
        "causes": ["3", "5", "10"],
        "offered": [(_O.NETWORK_AUDIENCE, "Clubs et familles")],
        "needed": [(_O.FUNDING, ""), (_O.IN_KIND, "Équipements sportifs")],
    },
    {
        "key": "femmes_solidaires",
        "name": "Femmes Solidaires du Clain",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000106",
        "mission": "Accès aux droits, lutte contre les violences faites aux femmes.",
        "volunteer_count": 20,
        "budget_band": BudgetBand.FROM_10K,
        "causes": ["5", "5.2", "16"],
        "offered": [(_O.FIELD_EXPERTISE, "Accès aux droits")],
        "needed": [(_O.CREDIBILITY, "Relais institutionnels")],
    },
    {
        "key": "conseil_citoyen",
        "name": "Conseil citoyen des Trois-Cités",
        "kind": Kind.RESIDENTS_GROUP,
        "mission": "Les habitants associés au contrat de ville et aux projets du quartier.",
        "volunteer_count": 18,
        "causes": ["11", "16", "16.7"],
        "offered": [(_O.NETWORK_AUDIENCE, "Parole des habitants")],
        "needed": [(_O.DATA, "Chiffres du quartier")],
    },
    {
        "key": "fondation_vienne",
        "name": "Fondation Vienne Solidaire",
        "kind": Kind.FOUNDATION,
        "mission": "Soutenir les projets d'intérêt général dans la Vienne.",
        "staff_count": 3,
        "budget_band": BudgetBand.FROM_1M,
        "causes": ["1", "4", "10"],
        "offered": [(_O.FUNDING, "Appels à projets annuels"), (_O.CREDIBILITY, "")],
        "needed": [(_O.FIELD_EXPERTISE, "Associations de terrain")],
    },
    {
        "key": "clain_energies",
        "name": "Clain Énergies",
        "kind": Kind.COMPANY,
        "siren_seed": "45210001",
        "address": "2 rue de l'Industrie",
        "mission": "Fournisseur local d'énergie. Engagée pour la transition et l'emploi local.",
        "staff_count": 320,
        "budget_band": BudgetBand.OVER_10M,
        "causes": ["7", "8", "13"],
        "offered": [
            (_O.SKILLS, "Mécénat de compétences : 200 jours par an"),
            (_O.FUNDING, "Fonds de dotation"),
        ],
        "needed": [(_O.FIELD_EXPERTISE, "Associations ancrées dans les quartiers")],
    },
    {
        "key": "banque",
        "name": "Banque Coopérative du Centre-Ouest",
        "kind": Kind.COMPANY,
        "siren_seed": "45210002",
        "mission": "Banque coopérative régionale.",
        "staff_count": 900,
        "budget_band": BudgetBand.OVER_10M,
        "causes": ["1", "8", "10"],
        "offered": [(_O.FUNDING, "Microcrédit"), (_O.SKILLS, "Éducation budgétaire")],
        "needed": [(_O.NETWORK_AUDIENCE, "")],
    },
    {
        "key": "numerique",
        "name": "Numérique Pour Tous",
        "kind": Kind.COMPANY,
        "siren_seed": "45210003",
        "mission": "Entreprise de l'économie sociale : reconditionnement et inclusion numérique.",
        "staff_count": 18,
        "budget_band": BudgetBand.FROM_1M,
        "causes": ["4", "9", "12"],
        "offered": [(_O.IN_KIND, "Ordinateurs reconditionnés"), (_O.SKILLS, "Formation")],
        "needed": [(_O.NETWORK_AUDIENCE, "Publics éloignés du numérique")],
    },
    {
        "key": "college",
        "name": "Collège des Trois-Cités",
        "kind": Kind.SCHOOL,
        "mission": "Collège public du quartier, en réseau d'éducation prioritaire.",
        "staff_count": 60,
        "causes": ["4", "4.1"],
        "offered": [(_O.PREMISES, "Salles le mercredi après-midi")],
        "needed": [(_O.FIELD_EXPERTISE, "Accompagnement à la scolarité")],
    },
    {
        "key": "ville_poitiers",
        "name": "Ville de Poitiers",
        "kind": Kind.COMMUNE,
        "insee_code": "86194",
        "address": "Place du Maréchal Leclerc",
        "postal_code": "86000",
        "website": "https://www.poitiers.fr",
        "mission": "Commune de Poitiers : politique de la ville, vie associative, éducation.",
        "causes": ["11", "10", "16"],
        "offered": [
            (_O.FUNDING, "Subventions aux associations"),
            (_O.PREMISES, "Salles municipales"),
            (_O.POLICY_LEVER, "Contrat de ville"),
        ],
        "needed": [(_O.FIELD_EXPERTISE, "Acteurs de terrain dans les quartiers prioritaires")],
    },
    {
        "key": "grand_poitiers",
        "name": "Grand Poitiers Communauté urbaine",
        "kind": Kind.EPCI,
        "siren": "200069854",
        "website": "https://www.grandpoitiers.fr",
        "mission": "Intercommunalité : emploi, cohésion sociale, habitat, mobilités.",
        "causes": ["8", "11"],
        "offered": [(_O.FUNDING, ""), (_O.POLICY_LEVER, "Contrat de ville intercommunal")],
        "needed": [(_O.DATA, "Indicateurs d'impact partagés")],
    },
    {
        # Imported, nobody has claimed it yet: shows the claim flow.
        "key": "culture_clain",
        "name": "Association Culturelle du Clain",
        "kind": Kind.ASSOCIATION,
        "rna": "W863000107",
        "mission": "Concerts et ateliers de pratique artistique.",
        "causes": ["4", "11"],
        "offered": [],
        "needed": [],
        "unclaimed": True,
    },
]

CITY = {"city": "Poitiers", "commune_code": "86194", "postal_code": "86000"}
# Its communes, EPCI, département and région are imported as public actors.
DEPARTEMENT = "86"
