"""Reading the free-text answers of the assessment: empty-like, "everyone"-like, lists, words.

Written for French and English answers; every test is on a normalised form of the text
(lower case, no accents, no punctuation).
"""

import re
import unicodedata

NONE_LIKE = frozenset(
    {
        *("", "none", "nothing", "no", "non", "n a", "na", "nil", "nc", "tbd", "unknown", "idk"),
        *("not yet", "to be defined", "don t know", "dont know", "aucun", "aucune", "rien"),
        *("neant", "sans objet", "a definir", "pas encore", "ras", "je ne sais pas", "nsp"),
    }
)
EVERYONE_LIKE = frozenset(
    {
        *("all", "everyone", "everybody", "anyone", "anybody", "all people", "people"),
        *("the public", "public", "general public", "the general public", "wide public"),
        *("the wide public", "the whole population", "whole population", "population"),
        *("the population", "all citizens", "citizens", "tout le monde", "tous", "toutes"),
        *("tous publics", "tous les publics", "tout public", "tout publics", "grand public"),
        *("le grand public", "le public", "public large", "large public", "un large public"),
        *("toute la population", "la population", "l ensemble de la population"),
        *("ensemble de la population", "les gens", "tous les citoyens", "citoyens"),
    }
)
STOP_WORDS = frozenset(
    {
        *("avec", "dans", "pour", "sans", "leur", "leurs", "cette", "ces", "sont", "plus"),
        *("their", "with", "from", "that", "this", "those", "these", "they", "them", "into"),
        *("people", "personne", "personnes", "public", "publics", "tous", "toutes", "other"),
        *("autres", "notre", "nous", "votre", "vous", "aussi", "also", "more", "most", "tout"),
    }
)
_SEPARATORS = re.compile(r"[,;/|\n]|\s(?:et|and|ou|or|&)\s", re.IGNORECASE)
_ITEM_SEPARATORS = re.compile(r"[\n;•]")


def normalise(text: str) -> str:
    """Lower case, accents and punctuation gone, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+|_", " ", letters).split())


def is_written(text: str) -> bool:
    """A real answer: not empty, not "none", "n/a", "rien", "à définir"..."""
    return normalise(text) not in NONE_LIKE


def is_everyone(text: str) -> bool:
    """An audience as broad as everyone ("tout le monde", "the general public", "all")."""
    pieces = [normalise(piece) for piece in _SEPARATORS.split(text)]
    pieces = [piece for piece in pieces if piece]
    return bool(pieces) and all(piece in EVERYONE_LIKE for piece in pieces)


def count_items(text: str) -> int:
    """Items of a list written one per line (or separated by semicolons or bullets)."""
    return sum(1 for item in _ITEM_SEPARATORS.split(text) if is_written(item))


def words(text: str) -> dict[str, str]:
    """The meaningful words of a text: a crude stem as key, the word as written as value."""
    found: dict[str, str] = {}
    for word in re.findall(r"\w+", text.casefold()):
        key = normalise(word)
        if len(key) < 4 or key in STOP_WORDS or key.isdigit():
            continue
        found.setdefault(key[:-1] if key[-1] in "sx" and len(key) > 4 else key, word)
    return found
