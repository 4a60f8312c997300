"""The suggestion index ranks exactly as `ranking.rank` does, only faster."""

import pickle
import random
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.matching import index as index_module
from alliances.matching.index import CandidateIndex, columns
from alliances.matching.ranking import (
    DEFAULT_WEIGHTS,
    PART_KEYS,
    Candidate,
    Need,
    Place,
    Weights,
    rank,
)
from alliances.matching.text import TextModel

RESOURCES = ["funding", "skills", "premises", "volunteers", "data"]
CAUSES = ["4", "4.1", "4.2", "4.a", "11", "11.1", "1", "1.2", "13"]
KINDS = ["association", "company", "commune", "foundation", ""]
SECTORS = ["civil_society", "private", "public", ""]
NAMES = ["Alpha", "Été solidaire", "alpha", "Zèbre", ""]
TEXTS = [
    "",
    "Aide aux devoirs pour les collégiens",
    "Soutien scolaire et sorties culturelles",
    "Jardin partagé au cœur du quartier",
    "Épicerie solidaire et aide alimentaire",
    "Club de football pour les jeunes du quartier",
    "Insertion professionnelle et retour à l'emploi",
]
MODEL = TextModel.fit(TEXTS)
# A few fixed places make equal distances, hence ties broken by distance then name.
SPOTS = [
    Place(),
    Place(latitude=46.58, longitude=0.34, epci=1, departement=86),
    Place(latitude=46.58, longitude=0.34),
    Place(latitude=46.66, longitude=0.36, epci=1, departement=86),
    Place(latitude=45.75, longitude=4.85, epci=2, departement=69),
    Place(latitude=48.85, longitude=2.35, departement=75),
    Place(epci=2, departement=69),
    Place(latitude=-21.1, longitude=55.5, epci=3, departement=974),
]
SMALL = {"FIRST_ROWS": 1, "FIRST_PER_K": 1, "SAMPLE_ROWS": 3, "BLOCK": 3, "TIE_ROWS": 2}


@contextmanager
def small_batches():
    """Tiny chunks, blocks and batches, so that small directories go through every path."""
    with mock.patch.multiple(index_module, **SMALL), mock.patch.object(columns, "CHUNK", 4):
        yield


subsets = lambda values, most=3: st.frozensets(st.sampled_from(values), max_size=most)  # noqa: E731
places = st.one_of(
    st.sampled_from(SPOTS),
    st.builds(
        Place,
        latitude=st.one_of(st.none(), st.floats(-60, 60)),
        longitude=st.one_of(st.none(), st.floats(-170, 170)),
        epci=st.sampled_from([None, 1, 2]),
        departement=st.sampled_from([None, 69, 86]),
    ),
)


# Ids are given afterwards, so that the strategy is built once.
candidates = st.builds(
    Candidate,
    id=st.just(0),
    name=st.sampled_from(NAMES),
    kind=st.sampled_from(KINDS),
    sector=st.sampled_from(SECTORS),
    offers=subsets(RESOURCES),
    needs=subsets(RESOURCES, 2),
    causes=subsets(CAUSES, 4),
    place=places,
    evaluated_partnerships=st.integers(0, 4),
    health_score=st.one_of(st.none(), st.floats(-10, 120)),
    on_platform=st.booleans(),
    active=st.booleans() | st.just(True),
    offer_details=st.sampled_from([{}, {"skills": "comptabilité"}]),
)


@st.composite
def directories(draw):
    drawn = draw(st.lists(st.tuples(candidates, st.sampled_from(TEXTS)), max_size=25))
    # Twins (another id, maybe another name) make equal scores.
    if drawn:
        twins = draw(st.lists(st.sampled_from(drawn), max_size=5))
        drawn += [(replace(c, name=draw(st.sampled_from(NAMES))), t) for c, t in twins]
    ids = draw(
        st.lists(st.integers(1, 10**6), min_size=len(drawn), max_size=len(drawn), unique=True)
    )
    found = [
        replace(candidate, id=id, terms=MODEL.terms(text))
        for id, (candidate, text) in zip(ids, drawn, strict=True)
    ]
    return found, [text for _candidate, text in drawn]


@st.composite
def needs(draw, ids):
    return Need(
        asker_id=draw(st.one_of(st.none(), st.sampled_from(ids or [1]))),
        seeks=draw(subsets([*RESOURCES, "elsewhere"])),
        gives=draw(subsets(RESOURCES)),
        causes=draw(subsets([*CAUSES, "7", "7.1"], 4)),
        place=draw(places),
        terms=MODEL.terms(draw(st.sampled_from([*TEXTS, "pétanque"]))),
        sectors_present=draw(subsets(SECTORS, 2)),
        sectors_sought=draw(subsets(SECTORS, 2)),
        exclude=frozenset(draw(st.lists(st.sampled_from(ids), max_size=3)) if ids else ()),
        exclude_kinds=draw(subsets(KINDS, 2)),
        max_km=draw(st.one_of(st.none(), st.sampled_from([0.0, 10.0, 300.0]))),
    )


def same_ranking(found, expected):
    assert [s.candidate.id for s in found] == [s.candidate.id for s in expected]
    for mine, theirs in zip(found, expected, strict=True):
        assert mine.score == pytest.approx(theirs.score, abs=1e-9)
        assert mine.distance_km == pytest.approx(theirs.distance_km, abs=1e-9)
        assert [p.points for p in mine.parts] == pytest.approx(
            [p.points for p in theirs.parts], abs=1e-9
        )


@st.composite
def weight_sets(draw):
    values = {key: draw(st.sampled_from([0.0, 1.0, 7.5, 30.0])) for key in PART_KEYS}
    if not any(values.values()):
        return DEFAULT_WEIGHTS
    return Weights(**values) if draw(st.booleans()) else DEFAULT_WEIGHTS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_top_equals_rank(data):
    found, texts = data.draw(directories())
    need = data.draw(needs([c.id for c in found]))
    chosen = data.draw(weight_sets())
    k = data.draw(st.sampled_from([1, 2, 3, 20]))
    small = data.draw(st.booleans())
    with small_batches() if small else nullcontext():
        if data.draw(st.booleans()):
            built = CandidateIndex.build(iter(found))
        else:
            built = CandidateIndex.build(iter(found), text_model=MODEL, texts=iter(texts))
        same_ranking(built.top(need, chosen, k=k), rank(need, found, chosen, limit=k))


def seeded_directory(count: int, seed: int) -> tuple[list[Candidate], list[str]]:
    rng = random.Random(seed)
    found, texts = [], []
    for number in range(count):
        spot = rng.choice(SPOTS)
        if rng.random() < 0.7:
            spot = Place(
                latitude=46 + rng.random() * 3,
                longitude=rng.random() * 4,
                epci=rng.choice([None, 1, 2, 3]),
                departement=rng.choice([None, 69, 86]),
            )
        text = " ".join(rng.sample(TEXTS, 2))
        texts.append(text)
        found.append(
            Candidate(
                id=10_000 - 3 * number,  # not in increasing order
                name=rng.choice(NAMES),
                kind=rng.choice(KINDS),
                sector=rng.choice(SECTORS),
                offers=frozenset(rng.sample(RESOURCES, rng.randint(0, 3))),
                needs=frozenset(rng.sample(RESOURCES, rng.randint(0, 2))),
                causes=frozenset(rng.sample(CAUSES, rng.randint(0, 3))),
                place=spot,
                terms=MODEL.terms(text),
                evaluated_partnerships=rng.choice([0, 0, 1, 5]),
                health_score=rng.choice([None, 40.0, 90.0]),
                on_platform=rng.random() < 0.3,
                active=rng.random() < 0.95,
            )
        )
    return found, texts


@pytest.mark.parametrize("small", [False, True])
def test_top_equals_rank_on_a_larger_directory(small):
    found, texts = seeded_directory(3000, seed=4)
    rng = random.Random(5)
    with small_batches() if small else nullcontext():
        built = CandidateIndex.build(iter(found), text_model=MODEL, texts=iter(texts))
        for _ in range(12):
            need = Need(
                asker_id=rng.choice(found).id,
                seeks=frozenset(rng.sample(RESOURCES, 2)),
                gives=frozenset(rng.sample(RESOURCES, 1)),
                causes=frozenset(rng.sample(CAUSES, 2)),
                place=rng.choice(SPOTS),
                terms=MODEL.terms(rng.choice(TEXTS)),
                exclude=frozenset(c.id for c in rng.sample(found, 50)),
                exclude_kinds=frozenset(rng.sample(KINDS, 1)),
                max_km=rng.choice([None, 50.0, 150.0]),
            )
            k = rng.choice([1, 20, 50])
            same_ranking(built.top(need, k=k), rank(need, found, limit=k))


def test_an_empty_need_and_an_empty_directory():
    found, _texts = seeded_directory(50, seed=1)
    built = CandidateIndex.build(found)
    same_ranking(built.top(Need(), k=10), rank(Need(), found, limit=10))
    assert built.top(Need(), k=0) == []
    empty = CandidateIndex.build([])
    assert len(empty) == 0
    assert empty.top(Need(seeks=frozenset(["funding"]))) == []
    assert empty.memory_bytes() >= 0


def test_candidates_come_back_from_the_columns():
    found, _texts = seeded_directory(40, seed=2)
    built = CandidateIndex.build(found)
    assert len(built) == 40
    for original in found:
        again = built.candidate(original.id)
        goals = {code.split(".")[0] for code in original.causes}
        assert again == replace(original, causes=original.causes | goals)
    with pytest.raises(KeyError):
        built.candidate(123_456_789)


def test_texts_give_the_terms():
    found, texts = seeded_directory(30, seed=3)
    bare = [replace(c, terms={}) for c in found]
    with_model = CandidateIndex.build(bare, text_model=MODEL, texts=texts)
    for original in found:
        assert with_model.candidate(original.id).terms == pytest.approx(original.terms)
    fitted = CandidateIndex.build(iter(bare), texts=texts)
    assert fitted.text_model is not None and fitted.text_model.vocabulary_size > 0
    need = Need(terms=fitted.text_model.terms(TEXTS[1]))
    rebuilt = [fitted.candidate(c.id) for c in found]
    same_ranking(fitted.top(need, k=5), rank(need, rebuilt, limit=5))


def test_bad_input_is_refused():
    found, texts = seeded_directory(5, seed=6)
    with pytest.raises(ValueError, match="one text per candidate"):
        CandidateIndex.build(found, text_model=MODEL, texts=texts[:-1])
    with pytest.raises(ValueError, match="one text per candidate"):
        CandidateIndex.build(found, text_model=MODEL, texts=[*texts, "extra"])
    with pytest.raises(ValueError, match="unique"):
        CandidateIndex.build([found[0], found[0]])


def test_memory_is_counted_and_the_index_can_be_pickled():
    found, texts = seeded_directory(200, seed=7)
    built = CandidateIndex.build(found, text_model=MODEL, texts=texts)
    assert built.memory_bytes() > 200 * 8
    need = Need(place=SPOTS[1], terms=MODEL.terms(TEXTS[2]), seeks=frozenset(["skills"]))
    again = pickle.loads(pickle.dumps(built))
    same_ranking(again.top(need), built.top(need))
