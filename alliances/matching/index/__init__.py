"""The suggestion index: the whole directory as NumPy columns, ranked for a need in milliseconds.

`CandidateIndex.top(need)` returns what `ranking.rank(need, candidates)` returns, without a
Python loop over the candidates:

- All that the score reads of a candidate but its place and its text (resources, causes, kind,
  sector, track record, active, whether it has a text) is stored once per distinct
  combination, a *profile*; each row points to its profile. The directory holds few profiles
  (imported organisations look alike), so those parts are computed per profile and gathered.
  EPCI and département are stored the same way; coordinates are per row.
- A first pass over every row, in single precision and in blocks that stay in the processor's
  cache, gives each row an upper bound: its score, plus the most its text could add.
- Rows are then scored exactly (double precision, text cosine included), best bound first,
  until no row left could reach the k-th best exact score: the result does not depend on the
  approximation.
- The chosen rows and their near ties are scored once more by `ranking.score`, on candidates
  rebuilt from the columns, and sorted by `ranking.order_key`: pages explain exactly what was
  ranked.
"""

import math
import threading
from collections.abc import Iterable
from types import SimpleNamespace

import numpy as np

from alliances.matching import ranking
from alliances.matching.index.columns import Builder, count_bits, pack, read
from alliances.matching.ranking import DEFAULT_WEIGHTS, Candidate, Need, Place, Scored, Weights
from alliances.matching.text import TextModel

BLOCK = 1 << 15  # rows of the first pass at a time
FIRST_ROWS = 2048  # rows scored exactly first, at least
FIRST_PER_K = 4  # and at least this many per row asked for
SAMPLE_ROWS = 1 << 16  # rows read to guess which are first
# How far below a row's exact score the single-precision pass may fall, in points: sums of
# numbers under 100 lose less than 1e-4, and coordinates rounded to single precision move a
# distance by less than 3 m, which moves closeness by less than 2e-4 of its points.
ROUGH = 1e-3
ROUGH_CLOSE = 1e-3
TIE = 1e-6  # points: exact scores this close are compared again by `ranking`
TIE_ROWS = 256  # at most this many near ties beyond k

__all__ = ["CandidateIndex"]


class CandidateIndex:
    """Every candidate of the directory as columns; see the package's docstring."""

    @classmethod
    def build(
        cls,
        candidates: Iterable[Candidate],
        *,
        text_model: TextModel | None = None,
        texts: Iterable[str] | None = None,
    ) -> "CandidateIndex":
        """Index `candidates`, any iterable, read once in chunks. With `texts` (one per
        candidate, in the same order) the text vectors come from `text_model`, fitted on those
        texts when not given; without, from each candidate's `terms`."""
        return cls(read(candidates, text_model, texts))

    def __init__(self, builder: Builder):
        self.text_model = builder.text_model
        self._ids = builder.column("id", np.int64)
        count = len(self._ids)
        if len(np.unique(self._ids)) != count:
            raise ValueError("Candidate ids must be unique.")
        # Rows by id, to find a row: nothing to keep when the ids came in increasing order.
        self._by_id = self._sorted_ids = None
        if not np.all(self._ids[:-1] < self._ids[1:]):
            self._by_id = np.argsort(self._ids)
            self._sorted_ids = self._ids[self._by_id]
        self._profile = builder.column("profile", np.int32)
        self._place = builder.column("place", np.int32)
        self._lat, self._lon = builder.column("lat", np.float64), builder.column("lon", np.float64)
        half = np.radians(self._lat) / 2
        self._rough = np.stack(
            (self._lat, self._lon, np.cos(half), np.sin(half)), axis=0, dtype=np.float32
        )
        self._names = b"".join(builder.names)
        self._name_at = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, builder.names), np.int64, count), out=self._name_at[1:])
        ids = self._ids.tolist()
        order = sorted(range(count), key=lambda row: (builder.names[row], ids[row]))
        self._name_rank = np.empty(count, dtype=np.int32)
        self._name_rank[np.asarray(order, dtype=np.int64)] = np.arange(count, dtype=np.int32)
        self._details = builder.details
        self._resources, self._goals, self._targets = (
            builder.resources,
            builder.goals,
            builder.targets,
        )
        self._kinds, self._sectors = builder.kinds, builder.sectors
        keys = self._profile_keys = builder.profiles.values
        self._offers = pack([key[0] for key in keys], builder.resources.words)
        self._needs = pack([key[1] for key in keys], builder.resources.words)
        self._goal_bits = pack([key[2] for key in keys], builder.goals.words)
        self._target_bits = pack([key[3] for key in keys], builder.targets.words)
        small = np.asarray([key[4:6] for key in keys], dtype=np.int16).reshape(-1, 2)
        self._kind, self._sector = small[:, 0], small[:, 1]
        flags = np.asarray([(key[6], key[7], key[10]) for key in keys], dtype=bool).reshape(-1, 3)
        self._active, self._on_platform, self._with_text = flags[:, 0], flags[:, 1], flags[:, 2]
        self._evaluated = np.asarray([min(max(key[8], 0), 2**31 - 1) for key in keys], np.int32)
        self._health = np.asarray([math.nan if k[9] is None else k[9] for k in keys], np.float64)
        self._places = np.asarray(builder.places.values, dtype=np.int64).reshape(-1, 2)
        # What does not depend on the need, worked out once.
        self._wanted = np.bitwise_count(self._needs).sum(axis=1)
        health = np.nan_to_num(np.clip(self._health, 0.0, 100.0), nan=0.0) / 100
        history = 1.0 - 1.0 / (1.0 + self._evaluated)
        self._track = 0.5 * history + 0.3 * health + 0.2 * self._on_platform
        self._text, self._term_columns, self._term_names = builder.text()
        self._text.sort_indices()
        squares = np.asarray(self._text.multiply(self._text).sum(axis=1)).ravel()
        self._max_norm = float(np.sqrt(np.max(squares, initial=0.0)))
        self._local, self._lock, self._slots = threading.local(), threading.Lock(), None

    def __getstate__(self) -> dict:
        unshared = {"_local", "_lock", "_slots"}
        return {key: value for key, value in vars(self).items() if key not in unshared}

    def __setstate__(self, state: dict):
        self.__dict__.update(state)
        self._local, self._lock, self._slots = threading.local(), threading.Lock(), None

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> np.ndarray:
        return self._ids

    def memory_bytes(self) -> int:
        """What the index holds, give or take the overhead of Python objects."""
        arrays = sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))
        text = sum(
            array.nbytes for array in (self._text.data, self._text.indices, self._text.indptr)
        )
        if self.text_model is not None and self._term_columns is self.text_model.vocabulary:
            vocabulary = self.text_model.vocabulary_bytes()
        else:
            vocabulary = 160 * len(self._term_columns)
        python_objects = 200 * (len(self._details) + len(self._profile_keys))
        return arrays + text + len(self._names) + vocabulary + python_objects

    def _rows(self, ids: Iterable[int]) -> np.ndarray:
        wanted = np.fromiter((int(i) for i in ids), np.int64)
        if not len(wanted) or not len(self):
            return np.empty(0, dtype=np.int64)
        ordered = self._ids if self._by_id is None else self._sorted_ids
        found = np.minimum(np.searchsorted(ordered, wanted), len(ordered) - 1)
        found = found[ordered[found] == wanted]
        return found if self._by_id is None else self._by_id[found]

    def candidate(self, id: int) -> Candidate:  # noqa: A002 (the name of Candidate's field)
        """The candidate as indexed; its causes list the goals of its targets too."""
        rows = self._rows([id])
        if not len(rows):
            raise KeyError(id)
        return self._candidate_at(int(rows[0]))

    def _candidate_at(self, row: int) -> Candidate:
        key = self._profile_keys[self._profile[row]]
        epci, departement = self._places[self._place[row]].tolist()
        lat, lon = float(self._lat[row]), float(self._lon[row])
        start, end = self._text.indptr[row], self._text.indptr[row + 1]
        columns = self._text.indices[start:end].tolist()
        names = self._term_names
        terms = dict(
            zip([names[c] for c in columns], self._text.data[start:end].tolist(), strict=True)
        )
        return Candidate(
            id=int(self._ids[row]),
            name=self._names[self._name_at[row] : self._name_at[row + 1]].decode(
                "utf-8", "surrogatepass"
            ),
            kind=self._kinds.values[key[4]],
            sector=self._sectors.values[key[5]],
            offers=self._resources.decode(key[0]),
            needs=self._resources.decode(key[1]),
            offer_details=self._details.get(row, {}),
            causes=self._goals.decode(key[2]) | self._targets.decode(key[3]),
            place=Place(
                latitude=None if math.isnan(lat) else lat,
                longitude=None if math.isnan(lon) else lon,
                epci=None if epci < 0 else epci,
                departement=None if departement < 0 else departement,
            ),
            terms={str(term): weight for term, weight in terms.items()},
            evaluated_partnerships=key[8],
            health_score=key[9],
            on_platform=key[7],
            active=key[6],
        )

    # Scoring.

    def _profile_points(self, need: Need, weights: Weights) -> np.ndarray:
        """Complementarity, causes, sectors and track record points of each profile, as
        `ranking` computes them; minus infinity when never ranked (inactive, excluded kind)."""
        total = weights.total
        found = np.zeros(len(self._profile_keys))
        if weights.complementarity:
            seeks = len(need.seeks)
            forward = count_bits(self._offers, self._resources.known_mask(need.seeks))
            forward = forward / seeks if seeks else forward
            given = count_bits(self._needs, self._resources.known_mask(need.gives))
            backward = np.divide(
                given, self._wanted, out=np.zeros(len(given)), where=self._wanted > 0
            )
            share = 0.8 * forward + 0.2 * backward if seeks else backward
            found += 100.0 * weights.complementarity * share / total
        if weights.causes and need.causes:
            goals = {ranking.goal_of(code) for code in need.causes}
            targets = {code for code in need.causes if "." in code}
            goal_part = count_bits(self._goal_bits, self._goals.known_mask(goals)) / len(goals)
            target_part = goal_part
            if targets:
                target_part = count_bits(self._target_bits, self._targets.known_mask(targets))
                target_part = target_part / len(targets)
            found += 100.0 * weights.causes * (0.5 * goal_part + 0.5 * target_part) / total
        if weights.sectors:
            if need.sectors_sought:
                good = [sector in need.sectors_sought for sector in self._sectors.values]
            else:
                good = [bool(s) and s not in need.sectors_present for s in self._sectors.values]
            share = np.where(good, 1.0, ranking.SAME_SECTOR_SHARE)
            found += (100.0 * weights.sectors * share / total)[self._sector]
        if weights.track_record:
            found += 100.0 * weights.track_record * self._track / total
        excluded = [bool(kind) and kind in need.exclude_kinds for kind in self._kinds.values]
        found[~self._active | np.asarray(excluded)[self._kind]] = -np.inf
        return found

    def _plan(self, need: Need, weights: Weights) -> SimpleNamespace:
        """What scoring rows for this need takes, worked out once."""
        plan = SimpleNamespace(profile=self._profile_points(need, weights), place=None)
        scale = 100.0 / weights.total
        epci, departement = need.place.epci, need.place.departement
        if weights.proximity and (epci is not None or departement is not None):
            same_epci = (self._places[:, 0] == epci) & (epci is not None)
            same_departement = (self._places[:, 1] == departement) & (departement is not None)
            share = 0.25 * same_epci + 0.15 * same_departement
            plan.place = scale * weights.proximity * share
        plan.close = scale * weights.proximity * 0.6
        plan.rough = ROUGH + ROUGH_CLOSE * plan.close
        plan.point = need.place.has_point and bool(plan.close or need.max_km is not None)
        pairs = sorted(
            (self._term_columns[term], weight)
            for term, weight in need.terms.items()
            if term in self._term_columns
        )
        plan.columns = np.asarray([column for column, _weight in pairs], dtype=np.int64)
        plan.weights = np.asarray([weight for _column, weight in pairs], dtype=np.float64)
        plan.text = scale * weights.text if len(pairs) and self._max_norm else 0.0
        norm = float(np.sqrt(plan.weights @ plan.weights)) if len(pairs) else 0.0
        plan.bonus = plan.text * min(1.0, norm * self._max_norm)
        return plan

    def _upper(self, need: Need, plan: SimpleNamespace) -> np.ndarray:
        """A first, single-precision pass over every row: at least the row's exact score, less
        than `plan.rough` below it, plus the most its text could add; minus infinity when the row
        cannot be ranked."""
        upper = getattr(self._local, "upper", None)
        if upper is None or len(upper) != len(self):
            upper = self._local.upper = np.empty(len(self), dtype=np.float32)
        profile = (plan.profile + plan.bonus * self._with_text).astype(np.float32)
        place = None if plan.place is None else plan.place.astype(np.float32)
        if plan.point:
            latitude, longitude = need.place.latitude, need.place.longitude
            half = math.radians(latitude) / 2
            cos0, sin0 = math.cos(half), math.sin(half)
            per_degree = ranking.KM_PER_DEGREE / ranking.PROXIMITY_HALF_KM
            # Rows near the limit are left to the exact pass.
            limit = None
            if need.max_km is not None:
                limit = need.max_km / ranking.KM_PER_DEGREE * 1.0001 + 1e-4
        size = min(BLOCK, len(self))
        north, east = np.empty(size, np.float32), np.empty(size, np.float32)
        for start in range(0, len(self), BLOCK):
            rows = slice(start, start + BLOCK)
            out = upper[rows]
            np.take(profile, self._profile[rows], out=out)
            if place is not None:
                out += place[self._place[rows]]
            if plan.point:
                lat, lon, cos, sin = self._rough[:, rows]
                dy, dx = north[: len(out)], east[: len(out)]
                np.multiply(cos, cos0, out=dx)
                np.multiply(sin, sin0, out=dy)
                dx -= dy  # the cosine of the mean latitude
                np.subtract(longitude, lon, out=dy)
                dx *= dy
                dx *= dx
                np.subtract(latitude, lat, out=dy)
                dy *= dy
                dy += dx
                np.sqrt(dy, out=dy)  # degrees
                if limit is not None:
                    out[dy > limit] = -np.inf
                if plan.close:
                    dy *= per_degree
                    dy += 1.0
                    np.divide(plan.close, dy, out=dy)
                    np.fmax(dy, 0.0, out=dy)  # unknown places are not close
                    out += dy
        upper[self._rows(need.exclude | {need.asker_id} - {None})] = -np.inf
        return upper

    def _exact(self, need: Need, plan: SimpleNamespace, rows: np.ndarray) -> np.ndarray:
        """The rows' scores in double precision, as `ranking` computes them."""
        found = plan.profile[self._profile[rows]]
        if plan.place is not None:
            found += plan.place[self._place[rows]]
        if plan.point:
            distance = self._distance(need, rows)
            if need.max_km is not None:
                found[distance > need.max_km] = -np.inf
            with np.errstate(invalid="ignore"):
                found += np.nan_to_num(plan.close / (1.0 + distance / ranking.PROXIMITY_HALF_KM))
        if plan.text:
            found += plan.text * self._similarity(rows, plan.columns, plan.weights)
        return found

    def _distance(self, need: Need, rows: np.ndarray) -> np.ndarray:
        """`ranking.distance_km`; NaN when a place is unknown."""
        if not need.place.has_point:
            return np.full(len(rows), np.nan)
        lat, lon = self._lat[rows], self._lon[rows]
        shrink = np.cos(np.radians((need.place.latitude + lat) / 2))
        east = (need.place.longitude - lon) * shrink
        return np.hypot(need.place.latitude - lat, east) * ranking.KM_PER_DEGREE

    def _similarity(self, rows: np.ndarray, columns: np.ndarray, weights: np.ndarray):
        """`ranking.text_share`: the cosine of each row's text with the need's."""
        found = np.zeros(len(rows))
        with_text = np.flatnonzero(self._with_text[self._profile[rows]])
        if not len(with_text):
            return found
        part = self._text[rows[with_text]]
        if len(columns) < np.iinfo(np.uint16).max:
            # Each column's place in the need's vector (0: not in it), in an array shared by
            # the threads and left all zeros after use.
            table = np.concatenate(([0.0], weights))
            with self._lock:
                if self._slots is None:
                    self._slots = np.zeros(self._text.shape[1], dtype=np.uint16)
                self._slots[columns] = np.arange(1, len(columns) + 1)
                products = table[self._slots[part.indices]]
                self._slots[columns] = 0
            products *= part.data
        else:
            at = np.minimum(np.searchsorted(columns, part.indices), len(columns) - 1)
            products = np.where(columns[at] == part.indices, weights[at] * part.data, 0.0)
        found[with_text] = np.clip(np.add.reduceat(products, part.indptr[:-1]), 0.0, 1.0)
        return found

    def top(self, need: Need, weights: Weights = DEFAULT_WEIGHTS, *, k: int = 20) -> list[Scored]:
        """The k best eligible candidates: `ranking.rank(need, candidates, weights, limit=k)`."""
        count = len(self)
        if k <= 0 or not count:
            return []
        plan = self._plan(need, weights)
        upper = self._upper(need, plan)
        first = min(count, max(FIRST_ROWS, FIRST_PER_K * k))
        rows = _best_rows(upper, first)
        scores = self._exact(need, plan, rows)
        bar = _kth(scores, k)
        if len(rows) < count:
            # Rows not scored yet that could still beat the k-th best, best bound first.
            waiting = np.flatnonzero(upper >= np.float32(bar - plan.rough))
            waiting = np.setdiff1d(waiting[upper[waiting] > -np.inf], rows, assume_unique=True)
            waiting = waiting[np.argsort(-upper[waiting], kind="stable")]
            size = first
            while len(waiting) and upper[waiting[0]] >= bar - plan.rough:
                batch, waiting = waiting[:size], waiting[size:]
                rows = np.concatenate((rows, batch))
                scores = np.concatenate((scores, self._exact(need, plan, batch)))
                bar, size = _kth(scores, k), size * 2
        keep = (scores >= bar - TIE) & (scores > -np.inf)
        return self._final(need, weights, rows[keep], scores[keep], k)

    def _final(self, need, weights, rows, scores, k) -> list[Scored]:
        """Order as `ranking.order_key` does, then score the k first and their near ties with
        `ranking.score` itself."""
        distance = np.nan_to_num(self._distance(need, rows), nan=np.inf)
        order = np.lexsort((self._name_rank[rows], distance, -np.round(scores, 9)))
        chosen = order[:k].tolist()
        if len(order) > k:
            rest = order[k:]
            near = np.abs(scores[rest] - scores[order[k - 1]]) <= TIE
            chosen += rest[near][:TIE_ROWS].tolist()
        found = [ranking.score(need, self._candidate_at(int(rows[i])), weights) for i in chosen]
        found.sort(key=ranking.order_key)
        return found[:k]


def _best_rows(upper: np.ndarray, wanted: int) -> np.ndarray:
    """About `wanted` rows of the highest bounds (never one of minus infinity). Selecting
    among two million values is costly when many are equal, as minus infinity often is, so
    a bar is first read from an evenly spread sample."""
    count = len(upper)
    if wanted >= count:
        rows = np.arange(count)
    else:
        step = max(1, count // SAMPLE_ROWS)
        sample = upper[::step]
        place = max(0, len(sample) - 1 - int(1.25 * wanted * len(sample) / count))
        bar = np.partition(sample, place)[place]
        rows = np.flatnonzero(upper >= bar) if bar > -np.inf else np.flatnonzero(upper > bar)
        if len(rows) > 4 * wanted:  # many ties at the bar
            rows = rows[np.argpartition(upper[rows], len(rows) - wanted)[len(rows) - wanted :]]
    return rows[upper[rows] > -np.inf]


def _kth(scores: np.ndarray, k: int) -> float:
    """The k-th best score: no row below it can be among the k best."""
    if len(scores) < k:
        return -math.inf
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])
