"""Properties of the ranking that must hold for any directory and any need."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.matching.ranking import (
    KM_PER_DEGREE,
    PART_KEYS,
    Candidate,
    Need,
    Place,
    Weights,
    rank,
    score,
)

RESOURCES = ["funding", "skills", "premises", "volunteers", "data", "credibility"]
CAUSES = ["1", "1.2", "4", "4.1", "4.2", "4.a", "11", "11.1", "13", "13.3"]
TERMS = ["c:scolarite", "quarti", "jardin", "sport", "c:jardin quarti"]

subsets = lambda values, most=3: st.frozensets(st.sampled_from(values), max_size=most)  # noqa: E731
places = st.builds(
    Place,
    latitude=st.one_of(st.none(), st.floats(-60, 60)),
    longitude=st.one_of(st.none(), st.floats(-170, 170)),
    epci=st.sampled_from([None, 1, 2]),
    departement=st.sampled_from([None, 69, 86]),
)
terms = st.dictionaries(st.sampled_from(TERMS), st.floats(0, 1), max_size=3)
candidates = st.builds(
    Candidate,
    id=st.integers(1, 10**6),
    name=st.sampled_from(["Alpha", "Été", "Zèbre", ""]),
    kind=st.sampled_from(["association", "company", "commune", ""]),
    sector=st.sampled_from(["civil_society", "private", "public", ""]),
    offers=subsets(RESOURCES),
    needs=subsets(RESOURCES, 2),
    causes=subsets(CAUSES, 4),
    place=places,
    terms=terms,
    evaluated_partnerships=st.integers(0, 10),
    health_score=st.one_of(st.none(), st.floats(-50, 200)),
    on_platform=st.booleans(),
    active=st.booleans(),
)
needs = st.builds(
    Need,
    asker_id=st.one_of(st.none(), st.integers(1, 10**6)),
    seeks=subsets(RESOURCES),
    gives=subsets(RESOURCES),
    causes=subsets(CAUSES, 4),
    place=places,
    terms=terms,
    sectors_present=subsets(["civil_society", "private", "public"], 2),
    sectors_sought=subsets(["civil_society", "private", "public"], 2),
    exclude=st.frozensets(st.integers(1, 10**6), max_size=2),
    exclude_kinds=subsets(["association", "company", "commune"], 1),
    max_km=st.one_of(st.none(), st.floats(0, 5000)),
)
weights = (
    st.fixed_dictionaries({key: st.just(0.0) | st.floats(0.01, 100) for key in PART_KEYS})
    .filter(lambda values: sum(values.values()) > 0)
    .map(lambda values: Weights(**values))
)
directories = st.lists(candidates, max_size=12, unique_by=lambda c: c.id)


@settings(max_examples=200)
@given(needs, candidates, weights)
def test_the_score_is_between_0_and_100(need, candidate, chosen):
    found = score(need, candidate, chosen)
    assert 0 <= found.score <= 100 + 1e-9
    assert all(0 <= part.share <= 1 + 1e-12 for part in found.parts)


@settings(max_examples=200)
@given(needs, candidates, weights, st.data())
def test_offering_a_needed_resource_never_lowers_the_score(need, candidate, chosen, data):
    if not need.seeks:
        return
    resource = data.draw(st.sampled_from(sorted(need.seeks)))
    richer = replace(candidate, offers=candidate.offers | {resource})
    assert score(need, richer, chosen).score >= score(need, candidate, chosen).score - 1e-9


@settings(max_examples=200)
@given(needs, candidates, weights, st.data())
def test_sharing_one_more_cause_never_lowers_the_score(need, candidate, chosen, data):
    if not need.causes:
        return
    cause = data.draw(st.sampled_from(sorted(need.causes)))
    closer = replace(candidate, causes=candidate.causes | {cause})
    assert score(need, closer, chosen).score >= score(need, candidate, chosen).score - 1e-9


@settings(max_examples=200)
@given(
    needs,
    candidates,
    weights,
    st.floats(-1.5, 1.5),
    st.floats(-1.5, 1.5),
    st.floats(0.001, 2),
)
def test_a_farther_twin_never_ranks_above(need, candidate, chosen, north, east, further):
    if not need.place.has_point:
        need = replace(need, place=Place(latitude=46.58, longitude=0.34))
    spot = need.place
    near = replace(
        candidate,
        id=1,
        place=replace(
            candidate.place, latitude=spot.latitude + north, longitude=spot.longitude + east
        ),
    )
    far = replace(
        candidate,
        id=2,
        place=replace(
            near.place,
            latitude=spot.latitude + north * (1 + further) + (0 if north or east else further),
            longitude=spot.longitude + east * (1 + further),
        ),
    )
    need = replace(need, asker_id=None, exclude=frozenset())
    ranked = [s.candidate.id for s in rank(need, [far, near], chosen, limit=None)]
    if 2 in ranked:
        assert ranked.index(1) < ranked.index(2)
        assert (
            score(need, far, chosen).part("proximity").share
            <= score(need, near, chosen).part("proximity").share
        )


@settings(max_examples=150)
@given(needs, directories, weights, st.floats(0.01, 1000))
def test_scaling_every_weight_changes_nothing(need, found, chosen, factor):
    scaled = Weights(**{key: value * factor for key, value in chosen.as_dict().items()})
    before = rank(need, found, chosen, limit=None)
    after = rank(need, found, scaled, limit=None)
    scores = {s.candidate.id: s.score for s in before}
    assert sorted(scores) == sorted(s.candidate.id for s in after)
    for s in after:
        assert abs(s.score - scores[s.candidate.id]) < 1e-9
    # The same order, but for scores equal to the last digits.
    for first, second in zip(after, after[1:]):
        assert scores[first.candidate.id] >= scores[second.candidate.id] - 1e-9


@settings(max_examples=200)
@given(needs, directories, weights)
def test_excluded_and_inactive_candidates_are_never_ranked(need, found, chosen):
    ranked = rank(need, found, chosen, limit=None)
    for scored in ranked:
        candidate = scored.candidate
        assert candidate.active
        assert candidate.id != need.asker_id
        assert candidate.id not in need.exclude
        assert not candidate.kind or candidate.kind not in need.exclude_kinds
        if need.max_km is not None and scored.distance_km is not None:
            assert scored.distance_km <= need.max_km
    eligible = [
        c
        for c in found
        if c.active
        and c.id != need.asker_id
        and c.id not in need.exclude
        and not (c.kind and c.kind in need.exclude_kinds)
    ]
    assert len(ranked) <= len(eligible)


def test_a_degree_of_latitude_is_the_same_everywhere():
    need = Need(place=Place(latitude=10.0, longitude=5.0))
    north = Candidate(id=1, place=Place(latitude=11.0, longitude=5.0))
    assert score(need, north).distance_km == KM_PER_DEGREE
