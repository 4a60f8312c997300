"""Ranking candidate partners for a need: a pure function of plain values.

Nothing here reads the database, the clock or settings, so the same function ranks the web
pages' suggestions, the offline evaluation (`make eval-matching`) and the property tests.
`docs/matching.md` explains every part in the words the pages use.

A candidate's score is a weighted mean of six parts, each between 0 and 1:

- complementarity: the share of the needed resources the candidate offers (80 %), and the
  share of the candidate's own needs that the asker can give (20 %): value in both directions;
  when the asker seeks nothing (an offer), only the second share counts;
- causes: the share of the asker's SDG goals the candidate also works on (50 %) and of its
  SDG targets (50 %; the goals again when the asker names no target);
- proximity: 1 / (1 + d / PROXIMITY_HALF_KM) for the distance d between the two places (60 %),
  plus being in the same EPCI (25 %) and the same département (15 %);
- sectors: 1 when the candidate is of a sector the asker seeks, or, when it seeks none, of a
  sector not yet around the table; SAME_SECTOR_SHARE otherwise;
- text: the cosine similarity of the two mission texts' TF-IDF vectors (`matching.text`);
- track record: partnerships carried to evaluation on the platform (50 %: 1 - 1 / (1 + n)),
  the partners' health-check score (30 %) and being on the platform to answer (20 %).

Inactive or dissolved organisations, the asker itself, excluded ids and kinds, and candidates
beyond `max_km` are never ranked. Ties go to the nearer candidate, then by name.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

KM_PER_DEGREE = 111.19508
PROXIMITY_HALF_KM = 20.0
SAME_SECTOR_SHARE = 0.25

PART_KEYS = ("complementarity", "causes", "proximity", "sectors", "text", "track_record")


@dataclass(frozen=True, slots=True)
class Place:
    """Where an organisation or a need is: WGS 84 degrees and the ids of its EPCI and
    département (territories), each possibly unknown."""

    latitude: float | None = None
    longitude: float | None = None
    epci: int | None = None
    departement: int | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Candidate:
    """What the ranking knows of an organisation of the directory."""

    id: int
    name: str = ""
    kind: str = ""
    sector: str = ""
    offers: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    # What members wrote about an offered resource ("comptabilité"), for explanations only.
    offer_details: Mapping[str, str] = field(default_factory=dict)
    causes: frozenset[str] = frozenset()  # SDG codes: goals "4" and targets "4.1"
    place: Place = Place()
    terms: Mapping[str, float] = field(default_factory=dict)  # L2-normalised TF-IDF
    evaluated_partnerships: int = 0
    health_score: float | None = None  # 0 to 100
    on_platform: bool = False
    active: bool = True


@dataclass(frozen=True)
class Need:
    """What the asker looks for, and what it brings."""

    asker_id: int | None = None
    seeks: frozenset[str] = frozenset()
    gives: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    place: Place = Place()
    terms: Mapping[str, float] = field(default_factory=dict)
    sectors_present: frozenset[str] = frozenset()  # around the table already
    sectors_sought: frozenset[str] = frozenset()  # empty: any
    exclude: frozenset[int] = frozenset()
    exclude_kinds: frozenset[str] = frozenset()
    max_km: float | None = None


@dataclass(frozen=True)
class Weights:
    """Relative weights of the parts; only their proportions matter. Defaults in
    docs/matching.md, chosen with `make eval-matching`."""

    complementarity: float = 30.0
    causes: float = 30.0
    proximity: float = 30.0
    sectors: float = 10.0
    text: float = 10.0
    track_record: float = 10.0

    def __post_init__(self):
        values = [getattr(self, f.name) for f in fields(self)]
        if any(not math.isfinite(v) or v < 0 for v in values) or sum(values) <= 0:
            raise ValueError("Weights must be finite, not negative, and not all zero.")

    @property
    def total(self) -> float:
        return sum(getattr(self, f.name) for f in fields(self))

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Part:
    key: str
    share: float  # 0 to 1
    points: float  # its contribution to the score, out of 100
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float  # 0 to 100
    parts: tuple[Part, ...]
    distance_km: float | None

    def part(self, key: str) -> Part:
        return next(part for part in self.parts if part.key == key)


def distance_km(a: Place, b: Place) -> float | None:
    """Equirectangular distance: under 1 % error within 200 km, as the directory search."""
    if not (a.has_point and b.has_point):
        return None
    shrink = math.cos(math.radians((a.latitude + b.latitude) / 2))
    north = a.latitude - b.latitude
    east = (a.longitude - b.longitude) * shrink
    return math.hypot(north, east) * KM_PER_DEGREE


def goal_of(code: str) -> str:
    return code.split(".", 1)[0]


def is_eligible(need: Need, candidate: Candidate, distance: float | None = None) -> bool:
    if not candidate.active or candidate.id == need.asker_id or candidate.id in need.exclude:
        return False
    if candidate.kind and candidate.kind in need.exclude_kinds:
        return False
    if need.max_km is not None:
        if distance is None:
            distance = distance_km(need.place, candidate.place)
        if distance is not None and distance > need.max_km:
            return False
    return True


def complementarity_share(need: Need, candidate: Candidate) -> tuple[float, dict]:
    offered = need.seeks & candidate.offers
    given = candidate.needs & need.gives
    forward = len(offered) / len(need.seeks) if need.seeks else 0.0
    backward = len(given) / len(candidate.needs) if candidate.needs else 0.0
    facts = {
        "offered": sorted(offered),
        "details": {
            r: candidate.offer_details[r] for r in offered if candidate.offer_details.get(r)
        },
        "given": sorted(given),
    }
    if not need.seeks:
        # An asker that only brings something (a grant, a room): value flows one way.
        return backward, facts
    return 0.8 * forward + 0.2 * backward, facts


def causes_share(need: Need, candidate: Candidate) -> tuple[float, dict]:
    asked_goals = {goal_of(code) for code in need.causes}
    their_goals = {goal_of(code) for code in candidate.causes}
    asked_targets = {code for code in need.causes if "." in code}
    shared_goals = asked_goals & their_goals
    shared_targets = asked_targets & candidate.causes
    goal_part = len(shared_goals) / len(asked_goals) if asked_goals else 0.0
    target_part = len(shared_targets) / len(asked_targets) if asked_targets else goal_part
    facts = {
        "goals": sorted(shared_goals, key=_code_key),
        "targets": sorted(shared_targets, key=_code_key),
    }
    return 0.5 * goal_part + 0.5 * target_part, facts


def proximity_share(need: Need, candidate: Candidate, distance: float | None) -> tuple[float, dict]:
    same_epci = need.place.epci is not None and need.place.epci == candidate.place.epci
    same_departement = (
        need.place.departement is not None and need.place.departement == candidate.place.departement
    )
    closeness = 0.0 if distance is None else 1.0 / (1.0 + distance / PROXIMITY_HALF_KM)
    share = 0.6 * closeness + 0.25 * same_epci + 0.15 * same_departement
    facts = {"km": distance, "same_epci": same_epci, "same_departement": same_departement}
    return share, facts


def sectors_share(need: Need, candidate: Candidate) -> tuple[float, dict]:
    if need.sectors_sought:
        wanted = candidate.sector in need.sectors_sought
        return (1.0 if wanted else SAME_SECTOR_SHARE), {
            "sector": candidate.sector,
            "sought": wanted,
        }
    new = bool(candidate.sector) and candidate.sector not in need.sectors_present
    return (1.0 if new else SAME_SECTOR_SHARE), {"sector": candidate.sector, "new": new}


def text_share(need: Need, candidate: Candidate) -> tuple[float, dict]:
    small, large = sorted((need.terms, candidate.terms), key=len)
    products = {term: weight * large[term] for term, weight in small.items() if term in large}
    similarity = min(1.0, max(0.0, sum(products.values())))
    shared = sorted(products, key=lambda term: (-products[term], term))[:3]
    return similarity, {"similarity": similarity, "shared": shared}


def track_record_share(candidate: Candidate) -> tuple[float, dict]:
    evaluated = max(0, candidate.evaluated_partnerships)
    history = 1.0 - 1.0 / (1.0 + evaluated)
    health = (
        0.0
        if candidate.health_score is None
        else min(100.0, max(0.0, candidate.health_score)) / 100
    )
    share = 0.5 * history + 0.3 * health + 0.2 * candidate.on_platform
    facts = {
        "evaluated": evaluated,
        "health": candidate.health_score,
        "on_platform": candidate.on_platform,
    }
    return share, facts


def score(need: Need, candidate: Candidate, weights: Weights = DEFAULT_WEIGHTS) -> Scored:
    """The candidate's score out of 100, with each part's share, points and facts."""
    distance = distance_km(need.place, candidate.place)
    shares = {
        "complementarity": complementarity_share(need, candidate),
        "causes": causes_share(need, candidate),
        "proximity": proximity_share(need, candidate, distance),
        "sectors": sectors_share(need, candidate),
        "text": text_share(need, candidate),
        "track_record": track_record_share(candidate),
    }
    total = weights.total
    parts = tuple(
        Part(
            key=key, share=share, points=100.0 * getattr(weights, key) * share / total, facts=facts
        )
        for key, (share, facts) in shares.items()
    )
    return Scored(
        candidate=candidate,
        score=sum(part.points for part in parts),
        parts=parts,
        distance_km=distance,
    )


def order_key(scored: Scored) -> tuple:
    """Best first; ties to the nearer candidate (unknown places last), then by name and id."""
    distance = math.inf if scored.distance_km is None else scored.distance_km
    return (-round(scored.score, 9), distance, scored.candidate.name, scored.candidate.id)


def rank(
    need: Need,
    candidates: Iterable[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    limit: int | None = 20,
) -> list[Scored]:
    """The eligible candidates, best first, at most `limit` of them."""
    scored = []
    for candidate in candidates:
        distance = distance_km(need.place, candidate.place)
        if is_eligible(need, candidate, distance):
            scored.append(score(need, candidate, weights))
    scored.sort(key=order_key)
    return scored if limit is None else scored[:limit]


def _code_key(code: str) -> tuple:
    return tuple(
        int(piece) if piece.isdigit() else 100 + ord(piece[0]) for piece in code.split(".")
    )
