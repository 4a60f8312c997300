"""From the social-object nomenclature of the RNA to our causes (UN goals and targets).

An RNA social-object code has 6 digits; its first 3 give the theme ("011" sports, "019"
social work...), "000000" means none. Themes map to causes only where the link is plain;
the raw codes always stay in `imported`.
"""

from alliances.organisations.models import Cause

# Theme labels of the national nomenclature of social objects (ministère de l'Intérieur).
THEMES: dict[str, str] = {
    "001": "Activités politiques",
    "002": "Clubs, cercles de réflexion",
    "003": "Défense de droits fondamentaux, activités civiques",
    "004": "Justice",
    "005": "Information, communication",
    "006": "Culture, pratiques d'activités artistiques, culturelles",
    "007": "Clubs de loisirs, relations",
    "009": "Action socio-culturelle",
    "010": "Préservation du patrimoine",
    "011": "Sports, activités de plein air",
    "013": "Chasse, pêche",
    "014": "Amicales, groupements affinitaires, groupements d'entraide",
    "015": "Éducation, formation",
    "016": "Recherche",
    "017": "Santé",
    "018": "Services et établissements médico-sociaux",
    "019": "Interventions sociales",
    "020": "Associations caritatives, humanitaires, aide au développement, bénévolat",
    "021": "Services familiaux, services aux personnes âgées",
    "022": "Conduite d'activités économiques",
    "023": "Représentation, promotion et défense d'intérêts économiques",
    "024": "Environnement, cadre de vie",
    "030": "Aide à l'emploi, développement local, solidarités économiques, vie locale",
    "032": "Logement",
    "034": "Tourisme",
    "036": "Sécurité, protection civile",
    "038": "Armée, anciens combattants",
    "040": "Activités religieuses, spirituelles ou philosophiques",
    "050": "Domaines divers",
}

# Theme → cause codes (goal "3", or target "11.4" when the theme is that narrow). Themes
# left out (clubs, leisure, hunting, religion, army...) have no plain match among the goals.
THEME_CAUSES: dict[str, tuple[str, ...]] = {
    "001": ("16",),
    "003": ("10", "16"),
    "004": ("16.3",),
    "009": ("10.2",),
    "010": ("11.4",),
    "011": ("3",),
    "015": ("4",),
    "016": ("9.5",),
    "017": ("3",),
    "018": ("3", "10"),
    "019": ("1", "10"),
    "020": ("1", "17"),
    "021": ("10",),
    "022": ("8",),
    "023": ("8",),
    "024": ("11", "15"),
    "030": ("8",),
    "032": ("11.1",),
    "034": ("8.9",),
    "036": ("11.5",),
}


def cause_codes(social_object: str) -> tuple[str, ...]:
    return THEME_CAUSES.get(social_object[:3], ()) if len(social_object) == 6 else ()


class CauseResolver:
    """Cause ids of social-object codes, resolved once per code."""

    def __init__(self) -> None:
        self.ids = dict(Cause.objects.values_list("code", "id"))
        self.by_theme = {
            theme: tuple(self.ids[c] for c in codes if c in self.ids)
            for theme, codes in THEME_CAUSES.items()
        }

    def __call__(self, *social_objects: str) -> tuple[int, ...]:
        found: list[int] = []
        for code in social_objects:
            if len(code) == 6:
                found.extend(i for i in self.by_theme.get(code[:3], ()) if i not in found)
        return tuple(found)
