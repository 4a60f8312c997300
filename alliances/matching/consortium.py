"""The consortium builder: small teams that, with the asker, bring every needed resource and
seat civil society, business and public bodies around one table.

Pure: it reads ranked suggestions (`ranking.Scored`, best first) and returns teams, so the
pages, the offline evaluation and the tests share it. A team is built greedily: at each step
the suggestion that adds the most (needed resources not yet brought, plus a sector not yet
present) joins, the better-ranked one on equal gain, until nothing is missing or the team is
full; members that turn out redundant leave. The next team is built the same way without the
key member (the first chosen) of each team already proposed, or, when that brings less,
without another of their members. `docs/matching.md` explains it in plain words.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from alliances.matching.ranking import Candidate, Need, Scored
from alliances.organisations.models import Resource, Sector

REQUIRED_SECTORS = (Sector.CIVIL_SOCIETY.value, Sector.PRIVATE.value, Sector.PUBLIC.value)
MAX_TRIES = 30  # teams built at most while looking for distinct ones


@dataclass(frozen=True)
class Team:
    members: list[Scored]  # the asker's partners, the key member first
    covers: dict[str, list[int]]  # needed resource: ids of who brings it (the asker's too)
    sectors: set[str]  # sectors around the table, the asker's included
    score: float  # the members' mean suggestion score, out of 100


@dataclass(frozen=True)
class Gap:
    kind: str  # "resource" or "sector"
    value: str
    why: str


@dataclass(frozen=True)
class ConsortiumResult:
    teams: list[Team] = field(default_factory=list)
    uncovered: list[Gap] = field(default_factory=list)


def _resource_order(value: str) -> tuple:
    values = list(Resource.values)
    return (values.index(value) if value in values else len(values), value)


def _resource_label(value: str) -> str:
    return str(Resource(value).label).lower() if value in Resource.values else value


def _sector_gap(sector: str) -> str:
    sentences = {
        Sector.CIVIL_SOCIETY: _(
            "No association or other civil society organisation among the suggestions; "
            "widen the territory or publish a call."
        ),
        Sector.PRIVATE: _(
            "No company among the suggestions; widen the territory or publish a call."
        ),
        Sector.PUBLIC: _(
            "No public body among the suggestions; widen the territory or publish a call."
        ),
    }
    return sentences[sector]


class _Builder:
    def __init__(self, need: Need, asker: Candidate | None, pool: Sequence[Scored]):
        self.needed = frozenset(need.seeks)
        self.asker_id = asker.id if asker is not None else need.asker_id
        self.given = frozenset(need.gives) | (asker.offers if asker is not None else frozenset())
        self.start_sectors = frozenset(need.sectors_present) | (
            {asker.sector} if asker is not None and asker.sector else set()
        )
        seen, self.pool = set(), []
        for scored in pool:
            candidate = scored.candidate
            if candidate.id in seen or candidate.id == self.asker_id:
                continue
            seen.add(candidate.id)
            self.pool.append(scored)
        self.brings = {
            scored.candidate.id: self.needed & scored.candidate.offers for scored in self.pool
        }

    def missing(self, members: Sequence[Scored]) -> tuple[frozenset, frozenset]:
        resources = set(self.needed - self.given)
        sectors = set(REQUIRED_SECTORS) - self.start_sectors
        for scored in members:
            resources -= self.brings[scored.candidate.id]
            sectors.discard(scored.candidate.sector)
        return frozenset(resources), frozenset(sectors)

    def team(self, forbidden: frozenset[int], max_size: int) -> list[Scored]:
        members: list[Scored] = []
        resources, sectors = self.missing(members)
        while (resources or sectors) and len(members) < max_size:
            best, best_key = None, None
            chosen = {member.candidate.id for member in members}
            for position, scored in enumerate(self.pool):
                candidate = scored.candidate
                if candidate.id in forbidden or candidate.id in chosen:
                    continue
                gain = len(self.brings[candidate.id] & resources) + (candidate.sector in sectors)
                key = (gain, scored.score, -position)
                if gain and (best_key is None or key > best_key):
                    best, best_key = scored, key
            if best is None:
                break
            members.append(best)
            resources, sectors = self.missing(members)
        # The last chosen first: leave out whoever brings nothing the others do not.
        for scored in reversed(list(members)):
            others = [member for member in members if member is not scored]
            if self.missing(others) == (resources, sectors):
                members = others
        return members

    def describe(self, members: list[Scored]) -> Team:
        covers = {}
        for resource in sorted(self.needed, key=_resource_order):
            ids = [self.asker_id] if resource in self.given and self.asker_id is not None else []
            ids += [s.candidate.id for s in members if resource in self.brings[s.candidate.id]]
            if ids or resource in self.given:
                covers[resource] = ids
        sectors = set(self.start_sectors) | {
            s.candidate.sector for s in members if s.candidate.sector
        }
        score = sum(s.score for s in members) / len(members) if members else 0.0
        return Team(members=members, covers=covers, sectors=sectors, score=score)

    def gaps(self) -> list[Gap]:
        offered = set(self.given)
        sectors = set(self.start_sectors)
        for scored in self.pool:
            offered |= scored.candidate.offers
            sectors.add(scored.candidate.sector)
        found = [
            Gap(
                kind="resource",
                value=resource,
                why=_(
                    "Nobody among the suggested organisations offers %(resource)s within reach; "
                    "widen the territory or publish a call."
                )
                % {"resource": _resource_label(resource)},
            )
            for resource in sorted(self.needed - offered, key=_resource_order)
        ]
        found += [
            Gap(kind="sector", value=sector, why=_sector_gap(sector))
            for sector in REQUIRED_SECTORS
            if sector not in sectors
        ]
        return found

    def too_big(self, left: tuple[frozenset, frozenset], max_size: int) -> list[Gap]:
        """What the best team leaves out although someone in the pool brings it."""
        nobody = {gap.value for gap in self.gaps()}
        resources, sectors = left
        why = _(
            "No team of at most %(count)s partners brings this as well; "
            "see the suggestions one by one."
        ) % {"count": max_size}
        return [
            Gap(kind="resource", value=value, why=why)
            for value in sorted(resources - nobody, key=_resource_order)
        ] + [
            Gap(kind="sector", value=value, why=why)
            for value in REQUIRED_SECTORS
            if value in sectors and value not in nobody
        ]


def build_consortia(
    *,
    need: Need,
    asker: Candidate | None,
    pool: Sequence[Scored],
    max_teams: int = 3,
    max_size: int = 4,
) -> ConsortiumResult:
    """Up to `max_teams` distinct teams of at most `max_size` partners from `pool` (ranked
    suggestions, best first) that, with the asker, bring every resource of `need.seeks` and
    seat one party of each sector; and what the pool cannot bring at all."""
    if max_teams < 1 or max_size < 1:
        raise ValueError("A consortium needs room for at least one team of one partner.")
    builder = _Builder(need, asker, pool)
    gaps = builder.gaps()
    if not any(builder.missing([])):
        return ConsortiumResult(teams=[], uncovered=gaps)
    teams: list[list[Scored]] = []
    seen: set[frozenset[int]] = set()
    # Without the key members of the teams found so far first; then without other members.
    waiting: list[frozenset[int]] = [frozenset()]
    best_left = None
    for _attempt in range(MAX_TRIES):
        if not waiting or len(teams) >= max_teams:
            break
        forbidden = waiting.pop(0)
        members = builder.team(forbidden, max_size)
        ids = frozenset(s.candidate.id for s in members)
        left = builder.missing(members)
        if not members or ids in seen:
            continue
        if best_left is None:
            best_left = left
            gaps += builder.too_big(left, max_size)
        waiting += [forbidden | {s.candidate.id} for s in members[1:]]
        # An alternative is only worth showing when it brings as much as the first team.
        if sum(map(len, left)) > sum(map(len, best_left)):
            continue
        seen.add(ids)
        teams.append(members)
        waiting.insert(0, forbidden | {members[0].candidate.id})
    return ConsortiumResult(teams=[builder.describe(team) for team in teams], uncovered=gaps)
