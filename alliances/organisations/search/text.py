"""French text normalisation shared by both search backends.

PostgreSQL does the same work in its `alliances_fr` configuration (unaccent, then the Snowball
French stemmer); this module does it in Python for SQLite's FTS5 and to read the user's query
once, whatever the database.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

import snowballstemmer

# PostgreSQL's french.stop, unaccented: the words neither database indexes nor searches for.
_STOPWORDS_TEXT = """
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me meme mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
une vos votre vous c d j l a m n s t y ete etee etees etes etant etante etants etantes suis es
est sommes etes sont serai seras sera serons serez seront serais serait serions seriez seraient
etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse
fusses fut fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons
avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait
avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eut
eussions eussiez eussent
"""
FRENCH_STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())

# Letters that Unicode does not decompose but PostgreSQL's unaccent rules do.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
_WORD = re.compile(r"[^\W_]+")
# A quoted phrase, or one bare word (with the characters up to the next space or quote).
_QUERY_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')
MAX_QUERY_WORDS = 12

_local = threading.local()


def fold(text: str) -> str:
    """Lower case, without accents or ligatures: "Œuvres d'Été" → "oeuvres d'ete"."""
    text = (text or "").lower().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of `text`, split as PostgreSQL's parser splits them (on anything that
    is not a letter or a digit)."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    # Snowball stemmers keep state while they work: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer.stemWord(word)


def index_text(text: str | None) -> str:
    """What FTS5 indexes for a field: stems of the words that are not stop words."""
    return " ".join(stem(word) for word in words(text or "") if word not in FRENCH_STOPWORDS)


@dataclass(frozen=True)
class Term:
    """One searched word: `word` folded (for PostgreSQL, which stems it itself), `stem` for
    FTS5, `prefix` to also match longer words."""

    word: str
    stem: str
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """The user's words: every group must be found; a group of several terms is a phrase (its
    words one after the other)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    # The folded words as typed, for the bonus given to names that contain them in order.
    phrase: str = ""
    # The last word may be unfinished: no space was typed after it.
    open_ended: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def with_prefix(self) -> "ParsedQuery | None":
        """The same words with the last one also read as a prefix ("secours popul"), or None
        when that cannot change anything. A prefix costs more to match, so the service only
        asks for it when the words as typed find nothing."""
        if not self.open_ended or not self.groups:
            return None
        last = self.groups[-1]
        if len(last) != 1 or len(last[0].word) < 3 or last[0].prefix:
            return None
        term = Term(last[0].word, last[0].stem, prefix=True)
        return ParsedQuery(self.groups[:-1] + ((term,),), self.phrase, self.open_ended)


def parse_query(text: str) -> ParsedQuery:
    """Read a search box: words are all required, "quoted words" form a phrase, and stop words
    are left out."""
    groups: list[tuple[Term, ...]] = []
    typed: list[str] = []
    count = 0
    for match in _QUERY_PART.finditer(text or ""):
        quoted = match.group(1) is not None
        part_words = words(match.group(1) if quoted else match.group(2))
        typed.extend(part_words)
        kept = [word for word in part_words if word not in FRENCH_STOPWORDS]
        kept = kept[: max(0, MAX_QUERY_WORDS - count)]
        count += len(kept)
        if not kept:
            continue
        terms = tuple(Term(word, stem(word)) for word in kept)
        if quoted:
            groups.append(terms)
        else:
            groups.extend((term,) for term in terms)
    open_ended = bool(text) and not text[-1].isspace() and not text.rstrip().endswith('"')
    return ParsedQuery(groups=tuple(groups), phrase=" ".join(typed), open_ended=open_ended)
