"""Mission texts as TF-IDF vectors, for the "similar mission" part of a suggestion's score.

The analyser reads French: accents and case folded, stop words dropped, words reduced to their
Snowball stems, and the domain phrases of `thesaurus.py` replaced by one concept term
("c:scolarite") so that "aide aux devoirs" and "soutien scolaire" meet. Terms are the
resulting words and each pair of neighbours. `docs/decisions/0026-scikit-learn.md` says why
scikit-learn does the weighting.
"""

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from alliances.matching.thesaurus import THESAURUS
from alliances.organisations.search.text import FRENCH_STOPWORDS, stem, words

CONCEPT_PREFIX = "c:"
# Words the directory's list (PostgreSQL's) lets through but that say nothing of a mission.
_MORE_STOPWORDS = """
les ils elles leurs cette cet afin ainsi aussi tout tous toute toutes entre chez vers sous dont
plus autre autres notamment etc aupres lors selon tres sein cela celle celles celui ceux ici
donc car comme chaque quelques
"""
STOPWORDS: frozenset[str] = FRENCH_STOPWORDS | frozenset(_MORE_STOPWORDS.split())


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The stem of a folded word, read as singular first: Snowball leaves some French plurals
    apart ("emplois", "potagers")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return stem(word)


def _content_keys(text: str) -> list[str]:
    return [word_key(word) for word in words(text) if word not in STOPWORDS]


def _phrase_table() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], int]:
    """Thesaurus phrases by their first word's key, longest first."""
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    seen: dict[tuple[str, ...], str] = {}
    for concept, phrases in THESAURUS.items():
        token = CONCEPT_PREFIX + concept
        for phrase in phrases:
            keys = tuple(_content_keys(phrase))
            if not keys:
                raise ValueError(f"Thesaurus phrase {phrase!r} has only stop words.")
            if seen.get(keys, token) != token:
                raise ValueError(f"Thesaurus phrase {phrase!r} names two concepts.")
            if keys not in seen:
                seen[keys] = token
                by_first.setdefault(keys[0], []).append((keys, token))
    for entries in by_first.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return by_first, max((len(keys) for keys in seen), default=0)


_PHRASES, _LONGEST = _phrase_table()


def tokens(text: str) -> list[str]:
    """Stems and concepts of `text`, in order: thesaurus phrases matched first, longest first."""
    keys = _content_keys(text)
    found = []
    position = 0
    while position < len(keys):
        for phrase, concept in _PHRASES.get(keys[position], ()):
            if tuple(keys[position : position + len(phrase)]) == phrase:
                found.append(concept)
                position += len(phrase)
                break
        else:
            if len(keys[position]) > 1:
                found.append(keys[position])
            position += 1
    return found


def analyse(text: str) -> list[str]:
    """The terms of a text: its tokens and each pair of neighbouring tokens."""
    found = tokens(text)
    return found + [f"{a} {b}" for a, b in zip(found, found[1:], strict=False)]


class TextModel:
    """TF-IDF weights learnt from the directory's mission texts.

    Words the model never saw are ignored, so a model fitted on few texts (or none) still
    reads any text: it just finds fewer terms in common.
    """

    def __init__(self, vectorizer: TfidfVectorizer | None):
        self._vectorizer = vectorizer
        self._names: np.ndarray | None = None

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_df: int = 1) -> "TextModel":
        """Learn the vocabulary and the inverse document frequencies from `texts`."""
        model, _matrix = cls.fit_matrix(texts, min_df=min_df)
        return model

    @classmethod
    def fit_matrix(cls, texts: Iterable[str], *, min_df: int = 1):
        """`fit` and `matrix` of the same texts in one reading: (model, matrix)."""
        texts = [text or "" for text in texts]
        vectorizer = _vectorizer(min_df)
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # no term at all: an empty or wordless corpus
            return cls(None), sp.csr_matrix((len(texts), 0), dtype=np.float32)
        # The terms left out by min_df are kept by scikit-learn for inspection only.
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None
        return cls(vectorizer), sp.csr_matrix(matrix, dtype=np.float32)

    @property
    def vocabulary(self) -> dict[str, int]:
        return {} if self._vectorizer is None else self._vectorizer.vocabulary_

    @property
    def vocabulary_size(self) -> int:
        return len(self.vocabulary)

    @property
    def names(self) -> np.ndarray:
        """Each column's term."""
        if self._names is None:
            self._names = (
                np.empty(0, dtype=object)
                if self._vectorizer is None
                else self._vectorizer.get_feature_names_out()
            )
        return self._names

    def matrix(self, texts: Iterable[str]) -> sp.csr_matrix:
        """One L2-normalised row per text (float32), one column per known term."""
        texts = [text or "" for text in texts]
        if self._vectorizer is None:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        matrix = self._vectorizer.transform(texts)
        matrix = sp.csr_matrix(matrix, dtype=np.float32)
        matrix.sort_indices()
        return matrix

    def terms(self, text: str) -> dict[str, float]:
        """The vector of one text, as {term: weight}: the same numbers as its `matrix` row,
        worked out the same way without scikit-learn's checks of its input, which take
        longer than the work for a single text."""
        if self._vectorizer is None:
            return {}
        vocabulary = self._vectorizer.vocabulary_
        counts = Counter(vocabulary[term] for term in analyse(text) if term in vocabulary)
        if not counts:
            return {}
        columns = np.asarray(sorted(counts), dtype=np.int32)
        data = np.asarray([counts[column] for column in columns.tolist()], dtype=np.float32)
        np.log(data, out=data)
        data += 1.0
        data *= self._vectorizer.idf_[columns]
        row = sp.csr_matrix(
            (data, columns, np.asarray([0, len(columns)], dtype=np.int32)),
            shape=(1, len(vocabulary)),
        )
        inplace_csr_row_normalize_l2(row)
        names, weights = self.names, row.data.tolist()
        return {str(names[column]): weights[at] for at, column in enumerate(columns.tolist())}

    def vocabulary_bytes(self) -> int:
        """A rough size of the vocabulary in memory (terms, their dictionary and weights)."""
        if self._vectorizer is None:
            return 0
        vocabulary = self._vectorizer.vocabulary_
        # About 60 bytes per short str object and 100 per dictionary entry.
        return 160 * len(vocabulary) + self._vectorizer.idf_.nbytes


def _vectorizer(min_df: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=analyse,
        sublinear_tf=True,
        norm="l2",
        min_df=min_df,
        dtype=np.float32,
    )
