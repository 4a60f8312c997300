"""Reading candidates into the index's columns: values as small codes, sets as bit masks,
one profile per distinct combination of what the score reads (see the package's docstring)."""

import math
from collections.abc import Iterable, Mapping
from itertools import islice

import numpy as np
import scipy.sparse as sp

from alliances.matching import ranking
from alliances.matching.ranking import Candidate
from alliances.matching.text import TextModel

CHUNK = 50_000  # candidates read at a time
_WORD = (1 << 64) - 1
_DTYPES = {"id": np.int64, "profile": np.int32, "place": np.int32, "lat": float, "lon": float}


class Codes:
    """Values to small integers, in order of first appearance."""

    def __init__(self, values: Iterable = ()):
        self.values: list = []
        self.codes: dict = {}
        for value in values:
            self(value)

    def __call__(self, value) -> int:
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code

    def mask(self, values: Iterable) -> int:
        mask = 0
        for value in values:
            mask |= 1 << self(value)
        return mask

    def known_mask(self, values: Iterable) -> int:
        """Only values some candidate has: the others match nobody."""
        return sum(1 << self.codes[value] for value in set(values) if value in self.codes)

    def decode(self, mask: int) -> frozenset:
        found = []
        while mask:
            low = mask & -mask
            found.append(self.values[low.bit_length() - 1])
            mask ^= low
        return frozenset(found)

    @property
    def words(self) -> int:
        return max(1, -(-len(self.values) // 64))


def pack(masks: list[int], words: int) -> np.ndarray:
    """Python integer bit masks as rows of 64-bit words."""
    packed = np.zeros((len(masks), words), dtype=np.uint64)
    for word in range(words):
        packed[:, word] = [(mask >> (64 * word)) & _WORD for mask in masks]
    return packed


def count_bits(columns: np.ndarray, mask: int) -> np.ndarray:
    """How many bits of `mask` each row of packed `columns` has."""
    if not mask:
        return np.zeros(len(columns), dtype=np.uint8)
    if columns.shape[1] == 1:
        return np.bitwise_count(columns[:, 0] & np.uint64(mask))
    return np.bitwise_count(columns & pack([mask], columns.shape[1])[0]).sum(axis=1)


class Builder:
    """Reads candidates chunk by chunk into columns."""

    def __init__(self, text_model: TextModel | None, fitted: sp.csr_matrix | None, own_terms: bool):
        self.resources, self.goals, self.targets = Codes(), Codes(), Codes()
        self.kinds, self.sectors = Codes([""]), Codes([""])
        self.profiles, self.places = Codes(), Codes([(-1, -1)])
        self.causes: dict[frozenset, tuple[int, int]] = {}
        self.text_model, self.fitted = text_model, fitted
        self.terms = Codes() if own_terms else None
        self.columns: dict[str, list] = {
            key: [] for key in ("id", "profile", "place", "lat", "lon")
        }
        self.names: list[bytes] = []
        self.details: dict[int, Mapping[str, str]] = {}
        self.text_parts: list[sp.csr_matrix] = []
        self.count = 0

    def _causes(self, causes: frozenset) -> tuple[int, int]:
        masks = self.causes.get(causes)
        if masks is None:
            goals = self.goals.mask(sorted({ranking.goal_of(code) for code in causes}))
            targets = self.targets.mask(sorted(code for code in causes if "." in code))
            masks = (goals, targets)
            if len(self.causes) < 100_000:
                self.causes[frozenset(causes)] = masks
        return masks

    def add(self, chunk: list[Candidate], texts: list[str] | None):
        if self.fitted is not None:
            text = self.fitted[self.count : self.count + len(chunk)]
        elif texts is not None:
            text = self.text_model.matrix(texts)
            self.text_parts.append(text)
        else:
            text = self._terms_matrix(chunk)
            self.text_parts.append(text)
        with_text = (np.diff(text.indptr) > 0).tolist()
        columns = {key: [] for key in self.columns}
        for candidate, has_text in zip(chunk, with_text, strict=True):
            goals, targets = self._causes(candidate.causes)
            health = candidate.health_score
            key = (
                self.resources.mask(sorted(candidate.offers)),
                self.resources.mask(sorted(candidate.needs)),
                goals,
                targets,
                self.kinds(candidate.kind),
                self.sectors(candidate.sector),
                bool(candidate.active),
                bool(candidate.on_platform),
                int(candidate.evaluated_partnerships),
                None if health is None or math.isnan(health) else float(health),
                has_text,
            )
            spot = candidate.place
            columns["id"].append(candidate.id)
            columns["profile"].append(self.profiles(key))
            columns["place"].append(
                self.places(
                    (
                        -1 if spot.epci is None else int(spot.epci),
                        -1 if spot.departement is None else int(spot.departement),
                    )
                )
            )
            columns["lat"].append(math.nan if spot.latitude is None else spot.latitude)
            columns["lon"].append(math.nan if spot.longitude is None else spot.longitude)
            self.names.append((candidate.name or "").encode("utf-8", "surrogatepass"))
            if candidate.offer_details:
                self.details[self.count] = dict(candidate.offer_details)
            self.count += 1
        for key, values in columns.items():
            self.columns[key].append(np.asarray(values, dtype=_DTYPES[key]))

    def _terms_matrix(self, chunk: list[Candidate]) -> sp.csr_matrix:
        indptr, indices, data = [0], [], []
        for candidate in chunk:
            for term, weight in candidate.terms.items():
                indices.append(self.terms(term))
                data.append(weight)
            indptr.append(len(indices))
        arrays = (np.asarray(data, np.float32), np.asarray(indices, np.int32), np.asarray(indptr))
        return sp.csr_matrix(arrays, shape=(len(chunk), max(1, len(self.terms.values))))

    def column(self, key: str, dtype) -> np.ndarray:
        parts = self.columns[key]
        return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype)

    def text(self) -> tuple[sp.csr_matrix, Mapping[str, int], object]:
        """The text matrix, its columns by term and its terms by column."""
        if self.terms is None:
            columns, names = self.text_model.vocabulary, self.text_model.names
        else:
            columns, names = self.terms.codes, self.terms.values
        if self.fitted is not None:
            return self.fitted, columns, names
        width = max(1, len(names))
        parts = [
            sp.csr_matrix((part.data, part.indices, part.indptr), shape=(part.shape[0], width))
            for part in self.text_parts
        ]
        if not parts:
            return sp.csr_matrix((0, width), dtype=np.float32), columns, names
        return sp.vstack(parts, format="csr", dtype=np.float32), columns, names


def read(
    candidates: Iterable[Candidate], text_model: TextModel | None, texts: Iterable[str] | None
) -> Builder:
    """Every candidate into columns, chunk by chunk (see `CandidateIndex.build`)."""
    fitted = None
    if texts is not None and text_model is None:
        text_model, fitted = TextModel.fit_matrix(texts)
        texts = None
    builder = Builder(text_model, fitted, own_terms=texts is None and fitted is None)
    stream, text_stream = iter(candidates), None if texts is None else iter(texts)
    while chunk := list(islice(stream, CHUNK)):
        chunk_texts = None if text_stream is None else list(islice(text_stream, len(chunk)))
        if chunk_texts is not None and len(chunk_texts) != len(chunk):
            raise ValueError("There must be one text per candidate.")
        builder.add(chunk, chunk_texts)
    extra = text_stream is not None and next(text_stream, None) is not None
    if extra or (fitted is not None and fitted.shape[0] != builder.count):
        raise ValueError("There must be one text per candidate.")
    return builder
