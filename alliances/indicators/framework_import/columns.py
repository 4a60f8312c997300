"""The columns of a framework sheet, their headers in French and English, and the
parsing of the values written in them."""

import re
import unicodedata
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy

from alliances.indicators.models import Accumulation, Direction, Frequency, IndicatorType

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500

# (key, English header, French header, explanation). Headers are matched without accents,
# case or punctuation; ALIASES adds other common ways of naming a column.
COLUMNS = (
    ("objective", "Objective", "Objectif", gettext_lazy("The objective the row belongs to.")),
    ("outcome", "Outcome", "Résultat", gettext_lazy("The outcome, under that objective.")),
    ("indicator", "Indicator", "Indicateur", gettext_lazy("The indicator's title.")),
    ("definition", "Definition", "Définition", gettext_lazy("How it is computed.")),
    (
        "type",
        "Type",
        "Type",
        gettext_lazy("quantity, percentage or score (a qualitative score, e.g. 1 to 5)."),
    ),
    ("score_min", "Lowest score", "Note minimale", gettext_lazy("Scores only, e.g. 1.")),
    ("score_max", "Highest score", "Note maximale", gettext_lazy("Scores only, e.g. 5.")),
    ("unit", "Unit", "Unité", gettext_lazy("e.g. residents, households, kg, %.")),
    ("baseline", "Baseline", "Valeur de référence", gettext_lazy("The value before acting.")),
    (
        "baseline_date",
        "Baseline date",
        "Date de référence",
        gettext_lazy("When the baseline was measured: 2025-12-31 or 31/12/2025."),
    ),
    ("direction", "Direction", "Sens", gettext_lazy("higher or lower (which is better).")),
    (
        "accumulation",
        "Accumulation",
        "Cumul",
        gettext_lazy("per period, or cumulative (total since the start)."),
    ),
    (
        "frequency",
        "Frequency",
        "Fréquence",
        gettext_lazy("monthly, quarterly, half-yearly or yearly."),
    ),
    (
        "disaggregations",
        "Disaggregations",
        "Ventilations",
        gettext_lazy(
            "Up to 3, e.g. “Neighbourhood: Couronneries, Trois-Cités | Gender: women, men”."
        ),
    ),
    ("data_source", "Data source", "Source des données", gettext_lazy("Where figures come from.")),
    (
        "responsible_party",
        "Responsible party",
        "Partie responsable",
        gettext_lazy("The name of a party's organisation, as on the Parties page."),
    ),
    (
        "sdg_indicators",
        "SDG indicators",
        "Indicateurs ODD",
        gettext_lazy("UN SDG indicator numbers, e.g. “16.1.4, 11.7.1”."),
    ),
)
ALIASES = {
    "objective": ("objectif", "objectives", "objectifs"),
    "outcome": ("resultat", "resultats", "result", "outcomes", "effet", "resultat attendu"),
    "indicator": ("indicateur", "indicators", "indicateurs"),
    "definition": ("definition",),
    "type": ("type d indicateur", "indicator type"),
    "score_min": ("score min", "minimum score", "note min", "min"),
    "score_max": ("score max", "maximum score", "note max", "max"),
    "unit": ("unite",),
    "baseline": ("baseline value", "valeur de reference", "reference", "valeur initiale"),
    "baseline_date": ("date de reference", "date de la valeur de reference"),
    "direction": ("sens", "sens souhaite", "tendance souhaitee"),
    "accumulation": ("cumul", "cumulatif"),
    "frequency": ("frequence", "periodicite"),
    "disaggregations": ("disaggregation", "ventilations", "ventilation", "desagregations"),
    "data_source": ("source", "source des donnees", "source de donnees"),
    "responsible_party": ("responsible", "partie responsable", "responsable"),
    "sdg_indicators": ("sdg", "sdgs", "indicateurs odd", "odd", "sdg indicator"),
}
REQUIRED = ("objective", "outcome", "indicator")
# Values accepted in French and in English, besides the model's own values and labels.
VALUE_ALIASES = {
    "type": {
        IndicatorType.QUANTITATIVE: ("quantity", "quantite", "nombre", "number", "count"),
        IndicatorType.PERCENTAGE: ("pourcentage", "percent", "%", "taux", "rate", "part"),
        IndicatorType.SCORE: ("score qualitatif", "note", "echelle", "scale", "qualitative"),
    },
    "direction": {
        Direction.HIGHER: ("hausse", "up", "increase", "augmentation", "plus haut", "higher"),
        Direction.LOWER: ("baisse", "down", "decrease", "diminution", "plus bas", "lower"),
    },
    "accumulation": {
        Accumulation.PER_PERIOD: ("per period", "par periode", "periodique", "non cumule"),
        Accumulation.CUMULATIVE: ("cumule", "cumulee", "cumul", "cumulatif", "cumulative"),
    },
    "frequency": {
        Frequency.MONTHLY: ("mensuelle", "mensuel", "month", "mois", "monthly"),
        Frequency.QUARTERLY: ("trimestrielle", "trimestriel", "quarter", "trimestre"),
        Frequency.HALF_YEARLY: (
            "semestrielle",
            "semestriel",
            "half yearly",
            "semestre",
            "biannual",
            "six monthly",
        ),
        Frequency.YEARLY: ("annuelle", "annuel", "annual", "year", "an", "annee"),
    },
}
TARGET_WORDS = ("target", "cible", "objectif chiffre", "valeur cible")
FREQUENCY_ORDER = {"yearly": 0, "half_yearly": 1, "quarterly": 2, "monthly": 3}


class ImportFileError(Exception):
    """The file cannot be read as a framework sheet; the message says why, for people."""


def normalise(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9%./ ]+", " ", text.lower())
    return " ".join(text.split())


_HEADERS = {}
for _key, _english, _french, _help in COLUMNS:
    for _name in (_key, _english, _french, *ALIASES.get(_key, ())):
        _HEADERS[normalise(_name)] = _key


def _target_period(header: str) -> tuple[str, date] | None:
    """("quarterly", 2026-01-01) for "Target 2026-Q1", "Cible T1 2026"; None otherwise."""
    text = normalise(header)
    word = next((w for w in TARGET_WORDS if text.startswith(w + " ")), None)
    if word is None:
        return None
    spec = text[len(word) :].strip().replace(" ", "-")
    patterns = (
        (r"^(\d{4})$", "yearly", lambda m: (int(m[1]), 1)),
        (r"^(\d{4})-?[qt]([1-4])$", "quarterly", lambda m: (int(m[1]), int(m[2]) * 3 - 2)),
        (r"^[qt]([1-4])-?(\d{4})$", "quarterly", lambda m: (int(m[2]), int(m[1]) * 3 - 2)),
        (r"^(\d{4})-?[hs]([12])$", "half_yearly", lambda m: (int(m[1]), int(m[2]) * 6 - 5)),
        (r"^[hs]([12])-?(\d{4})$", "half_yearly", lambda m: (int(m[2]), int(m[1]) * 6 - 5)),
        (r"^(\d{4})-(\d{1,2})$", "monthly", lambda m: (int(m[1]), int(m[2]))),
        (r"^(\d{1,2})/(\d{4})$", "monthly", lambda m: (int(m[2]), int(m[1]))),
    )
    for pattern, frequency, year_month in patterns:
        match = re.match(pattern, spec)
        if match:
            year, month = year_month(match)
            if 1 <= month <= 12 and 1900 < year < 2200:
                return frequency, date(year, month, 1)
    return None


def _choice(column: str, text: str) -> str | None:
    wanted = normalise(text)
    for value, aliases in VALUE_ALIASES[column].items():
        if wanted in {normalise(value), *(normalise(a) for a in aliases)}:
            return value
    choices = {
        "type": IndicatorType,
        "direction": Direction,
        "accumulation": Accumulation,
        "frequency": Frequency,
    }[column]
    for language in ("en", "fr"):
        with translation.override(language):
            for value, label in choices.choices:
                if wanted == normalise(label):
                    return value
    return None


def _date(text: str) -> date:
    text = text.strip()
    for pattern in (r"^(\d{4})-(\d{1,2})-(\d{1,2})", r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$"):
        match = re.match(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if pattern.startswith("^(\\d{4})") else parts[::-1]
            return date(year, month, day)
    raise ValueError(text)


def parse_disaggregations(text: str) -> list[dict]:
    dimensions = []
    for part in re.split(r"\s*[|\n]\s*", text.strip()):
        if not part:
            continue
        if ":" not in part:
            raise ValueError(part)
        label, categories = part.split(":", 1)
        dimensions.append(
            {
                "name": "",
                "label": label.strip(),
                "categories": [c.strip() for c in re.split(r"[,;]", categories) if c.strip()],
            }
        )
    return dimensions
