"""The consortium builder: teams that bring what is sought and seat the three sectors."""

from django.utils import translation

from alliances.matching.consortium import build_consortia
from alliances.matching.ranking import Candidate, Need, Scored

ASKER = Candidate(
    id=1, name="Maison des Trois-Cités", sector="civil_society", offers=frozenset({"volunteers"})
)
NEED = Need(
    asker_id=1, seeks=frozenset({"funding", "premises", "skills"}), gives=frozenset({"volunteers"})
)


def scored(id, score, sector, offers=(), name=""):  # noqa: A002
    candidate = Candidate(id=id, name=name or f"Org {id}", sector=sector, offers=frozenset(offers))
    return Scored(candidate=candidate, score=score, parts=(), distance_km=None)


def ids(team):
    return [member.candidate.id for member in team.members]


def test_one_team_covers_everything_with_three_sectors():
    pool = [
        scored(10, 80, "private", {"funding", "skills"}),
        scored(11, 70, "public", {"premises"}),
        scored(12, 60, "private", {"funding"}),
        scored(13, 50, "civil_society", {"skills"}),
    ]
    result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    first = result.teams[0]
    assert ids(first) == [10, 11]
    assert first.covers == {"funding": [10], "skills": [10], "premises": [11]}
    assert first.sectors == {"civil_society", "private", "public"}
    assert first.score == 75
    assert result.uncovered == []


def test_what_the_asker_gives_is_covered_by_the_asker():
    need = Need(asker_id=1, seeks=frozenset({"volunteers", "funding"}))
    pool = [scored(10, 80, "private", {"funding"}), scored(11, 70, "public")]
    result = build_consortia(need=need, asker=ASKER, pool=pool)
    assert result.teams[0].covers == {"funding": [10], "volunteers": [1]}
    assert ids(result.teams[0]) == [10, 11]


def test_better_ranked_partners_are_preferred_on_equal_gain():
    pool = [
        scored(20, 40, "private", {"funding", "skills"}),
        scored(21, 90, "private", {"funding", "skills"}),
        scored(22, 70, "public", {"premises"}),
    ]
    result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    assert ids(result.teams[0]) == [21, 22]
    # The next team goes without the first one's key member.
    assert ids(result.teams[1]) == [20, 22]


def test_a_resource_nobody_offers_is_reported_uncovered():
    pool = [scored(10, 80, "private", {"funding", "skills"}), scored(11, 70, "public")]
    with translation.override("en"):
        result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    assert [(gap.kind, gap.value) for gap in result.uncovered] == [("resource", "premises")]
    assert result.uncovered[0].why == (
        "Nobody among the suggested organisations offers premises within reach; "
        "widen the territory or publish a call."
    )
    assert result.teams[0].covers == {"funding": [10], "skills": [10]}


def test_a_missing_public_sector_is_reported():
    pool = [scored(10, 80, "private", {"funding", "skills", "premises"})]
    with translation.override("en"):
        result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    assert [(gap.kind, gap.value) for gap in result.uncovered] == [("sector", "public")]
    assert result.uncovered[0].why.startswith("No public body among the suggestions")
    assert ids(result.teams[0]) == [10]


def test_gaps_are_translated():
    with translation.override("fr"):
        result = build_consortia(need=NEED, asker=ASKER, pool=[])
    assert result.teams == []
    assert len(result.uncovered) == 5
    assert all(gap.why for gap in result.uncovered)


def test_at_most_three_distinct_teams():
    pool = [scored(30 + n, 90 - n, "private", {"funding", "skills"}) for n in range(6)]
    pool += [scored(40 + n, 80 - n, "public", {"premises"}) for n in range(6)]
    result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    assert len(result.teams) == 3
    assert len({frozenset(ids(team)) for team in result.teams}) == 3
    assert ids(result.teams[0]) == [30, 40]
    assert all(not team.covers.keys() ^ {"funding", "skills", "premises"} for team in result.teams)
    assert len(build_consortia(need=NEED, asker=ASKER, pool=pool, max_teams=1).teams) == 1


def test_team_size_is_limited():
    pool = [
        scored(50, 90, "private", {"funding"}),
        scored(51, 80, "public", {"premises"}),
        scored(52, 70, "civil_society", {"skills"}),
    ]
    need = Need(asker_id=1, seeks=frozenset({"funding", "premises", "skills"}))
    with translation.override("en"):
        result = build_consortia(need=need, asker=None, pool=pool, max_size=2)
    assert all(len(team.members) <= 2 for team in result.teams)
    assert ids(result.teams[0]) == [50, 51]
    assert [(gap.kind, gap.value) for gap in result.uncovered] == [
        ("resource", "skills"),
        ("sector", "civil_society"),
    ]
    assert "at most 2 partners" in result.uncovered[0].why
    complete = build_consortia(need=need, asker=None, pool=pool, max_size=3)
    assert ids(complete.teams[0]) == [50, 51, 52]
    assert complete.uncovered == []


def test_redundant_members_leave_the_team():
    pool = [
        scored(60, 90, "private", {"funding"}),
        scored(61, 85, "public", {"premises"}),
        scored(62, 60, "private", {"funding", "skills", "premises"}),
    ]
    result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    assert sorted(ids(result.teams[0])) == [61, 62]


def test_the_asker_and_duplicates_are_never_members():
    pool = [
        scored(1, 99, "private", {"funding", "skills", "premises"}),
        scored(70, 80, "public", {"funding", "skills", "premises"}),
        scored(70, 80, "public", {"funding", "skills", "premises"}),
        scored(71, 50, "private"),
    ]
    result = build_consortia(need=NEED, asker=ASKER, pool=pool)
    assert ids(result.teams[0]) == [70, 71]
    assert all(1 not in ids(team) for team in result.teams)


def test_nothing_to_find_means_no_team():
    need = Need(asker_id=1, sectors_present=frozenset({"private", "public"}))
    result = build_consortia(need=need, asker=ASKER, pool=[scored(80, 90, "private", {"funding"})])
    assert result.teams == []
    assert result.uncovered == []


def test_the_result_is_deterministic():
    pool = [scored(90 + n, 50, ["private", "public"][n % 2], {"funding"}) for n in range(8)]
    first = build_consortia(need=NEED, asker=ASKER, pool=pool)
    again = build_consortia(need=NEED, asker=ASKER, pool=list(pool))
    assert [ids(team) for team in first.teams] == [ids(team) for team in again.teams]
    assert ids(first.teams[0]) == [90, 91]
