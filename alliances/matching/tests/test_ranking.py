"""The ranking of candidate partners, part by part, on hand-built cases."""

import math

import pytest

from alliances.matching.ranking import (
    DEFAULT_WEIGHTS,
    KM_PER_DEGREE,
    PART_KEYS,
    Candidate,
    Need,
    Place,
    Weights,
    distance_km,
    is_eligible,
    rank,
    score,
)

POITIERS = Place(latitude=46.58, longitude=0.34, epci=1, departement=86)
# Only one part counts at a time, so a part's share is the score out of 1.
ONLY = {key: Weights(**{k: float(k == key) for k in PART_KEYS}) for key in PART_KEYS}


def share(key: str, need: Need, candidate: Candidate) -> float:
    scored = score(need, candidate, ONLY[key])
    assert scored.score == pytest.approx(100 * scored.part(key).share)
    return scored.part(key).share


def facts(key: str, need: Need, candidate: Candidate) -> dict:
    return dict(score(need, candidate).part(key).facts)


def north_of(place: Place, km: float, **fields) -> Place:
    return Place(latitude=place.latitude + km / KM_PER_DEGREE, longitude=place.longitude, **fields)


# Complementarity


def test_complementarity_counts_both_directions():
    need = Need(seeks=frozenset({"funding", "skills"}), gives=frozenset({"volunteers"}))
    candidate = Candidate(
        id=1,
        offers=frozenset({"funding", "premises"}),
        needs=frozenset({"volunteers", "data"}),
        offer_details={"funding": "jusqu'à 5 000 €", "premises": "salle"},
    )
    assert share("complementarity", need, candidate) == pytest.approx(0.8 * 0.5 + 0.2 * 0.5)
    assert facts("complementarity", need, candidate) == {
        "offered": ["funding"],
        "details": {"funding": "jusqu'à 5 000 €"},
        "given": ["volunteers"],
    }


def test_complementarity_forward_weighs_more_than_backward():
    need = Need(seeks=frozenset({"funding"}), gives=frozenset({"skills"}))
    forward = Candidate(id=1, offers=frozenset({"funding"}))
    backward = Candidate(id=2, needs=frozenset({"skills"}))
    assert share("complementarity", need, forward) == pytest.approx(0.8)
    assert share("complementarity", need, backward) == pytest.approx(0.2)
    assert share("complementarity", Need(), forward) == 0.0


# Causes


def test_causes_half_goals_half_targets():
    need = Need(causes=frozenset({"4", "4.1", "11.1"}))
    candidate = Candidate(id=1, causes=frozenset({"4.2", "11.1"}))
    # Goals 4 and 11 both shared; one target of two.
    assert share("causes", need, candidate) == pytest.approx(0.5 * 1 + 0.5 * 0.5)
    assert facts("causes", need, candidate) == {"goals": ["4", "11"], "targets": ["11.1"]}


def test_causes_without_targets_count_goals_twice():
    need = Need(causes=frozenset({"4", "13"}))
    assert share("causes", need, Candidate(id=1, causes=frozenset({"4.5"}))) == pytest.approx(0.5)
    assert share("causes", need, Candidate(id=2, causes=frozenset({"1"}))) == 0.0
    assert share("causes", Need(), Candidate(id=3, causes=frozenset({"4"}))) == 0.0


def test_targets_sort_in_un_order():
    need = Need(causes=frozenset({"4.a", "4.10", "4.2"}))
    candidate = Candidate(id=1, causes=frozenset({"4.a", "4.10", "4.2"}))
    assert facts("causes", need, candidate)["targets"] == ["4.2", "4.10", "4.a"]


# Proximity


def test_distance_uses_the_mean_latitude():
    a = Place(latitude=44.0, longitude=1.0)
    b = Place(latitude=48.0, longitude=3.0)
    shrink = math.cos(math.radians(46.0))
    expected = math.hypot(4.0, 2.0 * shrink) * KM_PER_DEGREE
    assert distance_km(a, b) == pytest.approx(expected, rel=1e-12)
    assert distance_km(b, a) == pytest.approx(expected, rel=1e-12)
    assert distance_km(a, Place(latitude=44.0)) is None
    assert distance_km(Place(), b) is None


def test_proximity_distance_epci_and_departement():
    need = Need(place=POITIERS)
    same_spot = Candidate(id=1, place=POITIERS)
    assert share("proximity", need, same_spot) == pytest.approx(1.0)
    # 20 km away is half as close; same département, other EPCI.
    away = Candidate(id=2, place=north_of(POITIERS, 20, epci=2, departement=86))
    assert share("proximity", need, away) == pytest.approx(0.6 * 0.5 + 0.15)
    assert facts("proximity", need, away) == {
        "km": pytest.approx(20),
        "same_epci": False,
        "same_departement": True,
    }
    # An unknown point still counts the EPCI and the département.
    unknown = Candidate(id=3, place=Place(epci=1, departement=86))
    assert share("proximity", need, unknown) == pytest.approx(0.25 + 0.15)
    assert share("proximity", Need(), unknown) == 0.0


def test_nearer_is_closer():
    need = Need(place=POITIERS)
    shares = [
        share("proximity", need, Candidate(id=n, place=north_of(POITIERS, km)))
        for n, km in enumerate([0, 5, 50, 500])
    ]
    assert shares == sorted(shares, reverse=True)
    assert shares[-1] > 0


# Sectors


def test_sector_sought_scores_full():
    need = Need(sectors_sought=frozenset({"private"}), sectors_present=frozenset({"public"}))
    assert share("sectors", need, Candidate(id=1, sector="private")) == 1.0
    assert share("sectors", need, Candidate(id=2, sector="civil_society")) == 0.25
    assert facts("sectors", need, Candidate(id=1, sector="private")) == {
        "sector": "private",
        "sought": True,
    }


def test_without_a_sought_sector_a_new_one_scores_full():
    need = Need(sectors_present=frozenset({"civil_society"}))
    assert share("sectors", need, Candidate(id=1, sector="public")) == 1.0
    assert share("sectors", need, Candidate(id=2, sector="civil_society")) == 0.25
    assert share("sectors", need, Candidate(id=3, sector="")) == 0.25
    assert facts("sectors", need, Candidate(id=1, sector="public"))["new"] is True


# Text


def test_text_is_the_cosine_of_the_vectors():
    need = Need(terms={"c:scolarite": 0.6, "quarti": 0.8})
    candidate = Candidate(id=1, terms={"c:scolarite": 1.0})
    assert share("text", need, candidate) == pytest.approx(0.6)
    assert facts("text", need, candidate) == {
        "similarity": pytest.approx(0.6),
        "shared": ["c:scolarite"],
    }
    assert share("text", need, Candidate(id=2, terms={"jardin": 1.0})) == 0.0
    assert share("text", need, Candidate(id=3, terms=dict(need.terms))) == pytest.approx(1.0)


# Track record


def test_track_record_history_health_and_presence():
    candidate = Candidate(id=1, evaluated_partnerships=1, health_score=80, on_platform=True)
    assert share("track_record", Need(), candidate) == pytest.approx(0.5 * 0.5 + 0.3 * 0.8 + 0.2)
    assert facts("track_record", Need(), candidate) == {
        "evaluated": 1,
        "health": 80,
        "on_platform": True,
    }
    assert share("track_record", Need(), Candidate(id=2)) == 0.0
    more = Candidate(id=3, evaluated_partnerships=3)
    assert share("track_record", Need(), more) == pytest.approx(0.5 * 0.75)
    # Health is read between 0 and 100.
    assert share("track_record", Need(), Candidate(id=4, health_score=150)) == pytest.approx(0.3)
    assert share("track_record", Need(), Candidate(id=5, health_score=-5)) == 0.0


# Eligibility


def test_who_is_never_ranked():
    need = Need(
        asker_id=1,
        exclude=frozenset({2}),
        exclude_kinds=frozenset({"company"}),
        place=POITIERS,
        max_km=30,
    )
    assert not is_eligible(need, Candidate(id=1))
    assert not is_eligible(need, Candidate(id=2))
    assert not is_eligible(need, Candidate(id=3, active=False))
    assert not is_eligible(need, Candidate(id=4, kind="company"))
    assert not is_eligible(need, Candidate(id=5, place=north_of(POITIERS, 31)))
    assert is_eligible(need, Candidate(id=6, place=north_of(POITIERS, 29)))
    assert is_eligible(need, Candidate(id=7, kind="association"))
    # Unknown places and kinds are not excluded.
    assert is_eligible(need, Candidate(id=8, place=Place(epci=5)))
    assert is_eligible(Need(exclude_kinds=frozenset({""})), Candidate(id=9))
    never = [Candidate(id=1), Candidate(id=2), Candidate(id=3, active=False)]
    assert rank(need, [*never, Candidate(id=4, kind="company")], limit=None) == []


# Weights


@pytest.mark.parametrize(
    "values",
    [{"text": -1.0}, {"causes": math.nan}, {"proximity": math.inf}, dict.fromkeys(PART_KEYS, 0.0)],
)
def test_bad_weights_are_refused(values):
    with pytest.raises(ValueError, match="Weights must be finite"):
        Weights(**values)


def test_points_follow_the_weights_proportions():
    need = Need(seeks=frozenset({"funding"}), place=POITIERS)
    candidate = Candidate(id=1, offers=frozenset({"funding"}), place=POITIERS, sector="public")
    scored = score(need, candidate)
    total = DEFAULT_WEIGHTS.total
    for part in scored.parts:
        assert part.points == pytest.approx(
            100 * getattr(DEFAULT_WEIGHTS, part.key) * part.share / total
        )
    # 80 % of complementarity (nothing it needs), all of proximity and sectors.
    assert scored.score == pytest.approx(100 * (0.8 * 30 + 30 + 10) / total)
    assert [part.key for part in scored.parts] == list(PART_KEYS)
    even = score(need, candidate, Weights(**dict.fromkeys(PART_KEYS, 1.0)))
    assert even.score == pytest.approx(100 * 2.8 / 6)
    assert DEFAULT_WEIGHTS.as_dict()["complementarity"] == 30.0


# Order


def test_ties_go_to_the_nearer_then_by_name_then_id():
    need = Need(place=POITIERS)
    weights = Weights(**{k: float(k == "complementarity") for k in PART_KEYS})
    found = [
        Candidate(id=5, name="Bravo", place=Place()),
        Candidate(id=4, name="Alpha", place=Place()),
        Candidate(id=3, name="Alpha", place=Place()),
        Candidate(id=2, name="Zulu", place=north_of(POITIERS, 10)),
        Candidate(id=1, name="Zulu", place=north_of(POITIERS, 40)),
    ]
    ranked = rank(need, found, weights, limit=None)
    assert [s.candidate.id for s in ranked] == [2, 1, 3, 4, 5]
    assert [s.candidate.id for s in rank(need, found, weights, limit=2)] == [2, 1]


def test_the_better_score_comes_first():
    need = Need(seeks=frozenset({"funding"}))
    found = [Candidate(id=1, name="A"), Candidate(id=2, name="B", offers=frozenset({"funding"}))]
    ranked = rank(need, found)
    assert [s.candidate.id for s in ranked] == [2, 1]
    assert ranked[0].score > ranked[1].score
    assert all(0 <= s.score <= 100 for s in ranked)


def test_an_asker_that_only_gives_ranks_those_who_need_it():
    # A foundation's call that offers a grant and seeks nothing in return.
    need = Need(gives=frozenset({"funding"}), place=POITIERS)
    needy = Candidate(id=1, needs=frozenset({"funding"}), place=POITIERS)
    other = Candidate(id=2, needs=frozenset({"premises"}), place=POITIERS)
    assert score(need, needy).part("complementarity").share == 1.0
    assert score(need, other).part("complementarity").share == 0.0
    assert [s.candidate.id for s in rank(need, [other, needy])] == [1, 2]
