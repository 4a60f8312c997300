"""The planted set of the offline evaluation: needs, each with its right partners, and the
noise around them (near-duplicates, dissolved look-alikes, far-away twins, decoys)."""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from alliances.matching.ranking import Candidate, Need, distance_km
from benchmarks.matching_data.organisations import (
    Profile,
    Town,
    TownPicker,
    pick_causes,
    pick_kind,
    pick_resources,
    profile,
    towns_within,
)
from benchmarks.matching_data.vocabulary import KIND_SHARES, OFFERS, TOPICS

RIGHT_KM = 30.0
FAR_KM = 400.0
ASKER_KINDS = (("association", 60), ("company", 20), ("commune", 20))
SEEKS = {
    "association": ("funding", "skills", "premises", "in_kind", "volunteers"),
    "company": ("field_expertise", "network_audience", "credibility"),
    "commune": ("field_expertise", "volunteers", "skills"),
}
# Per need: right partners, and of them the share registered twice, copied as dissolved, and
# copied far away; decoys with the need's words.
NOISE = {"duplicates": 0.2, "inactive": 0.2, "far": 0.2, "decoys": 5}


@dataclass
class PlantedNeed:
    need: Need  # without text terms: the evaluation fits the text model first
    text: str
    topic: str
    planted: frozenset[int]  # the right partners placed for it
    relevant: frozenset[int]  # planted, their near-duplicates, and right ones met by chance
    inactive: frozenset[int]
    far: frozenset[int]
    decoys: frozenset[int]


@dataclass
class PlantedDirectory:
    profiles: list[Profile]
    needs: list[PlantedNeed]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def candidates(self) -> list[Candidate]:
        return [profile.candidate for profile in self.profiles]

    @property
    def texts(self) -> list[str]:
        return [profile.text for profile in self.profiles]


def is_right(need: Need, topic: str, profile: Profile) -> bool:
    """What makes a right partner: active, near, on the need's topic and causes, and offering at
    least half of what is needed."""
    candidate = profile.candidate
    if not candidate.active or candidate.id == need.asker_id or profile.topic != topic:
        return False
    if (distance_km(need.place, candidate.place) or math.inf) > RIGHT_KM:
        return False
    targets = {code for code in need.causes if "." in code}
    offered = len(need.seeks & candidate.offers)
    return bool(targets & candidate.causes) and offered * 2 >= len(need.seeks)


def planted_directory(
    towns: Sequence[Town],
    *,
    size: int = 20_000,
    needs: int = 100,
    right: int = 10,
    seed: int = 2026,
) -> PlantedDirectory:
    """About `size` organisations, `needs` needs with about `right` right partners each, and
    the noise around them (see NOISE). Deterministic for a given seed and towns."""
    rng = random.Random(seed)
    picker = TownPicker(towns)
    profiles: list[Profile] = []
    plans = []
    for _ in range(needs):
        plans.append(_plant_need(rng, towns, picker, profiles, right))
    # Background organisations that would be right partners of a need are drawn again: the
    # right partners are the planted ones (a few planted for one need fit another: counted).
    planted_needs: dict[str, list[Need]] = {}
    for asker, _text, seeks, causes, _roles in plans:
        need = Need(seeks=frozenset(seeks), causes=frozenset(causes), place=asker.town.place)
        planted_needs.setdefault(asker.topic, []).append(need)
    redrawn = 0
    while len(profiles) < size:
        topic = rng.choice(TOPICS)
        drawn = profile(rng, kind=pick_kind(rng), topic=topic, town=picker.pick(rng))
        if any(is_right(need, topic.key, drawn) for need in planted_needs.get(topic.key, ())):
            redrawn += 1
            continue
        profiles.append(drawn)
    order = list(range(1, len(profiles) + 1))
    rng.shuffle(order)  # ids tell nothing of the role
    for profile_, new_id in zip(profiles, order, strict=True):
        profile_.candidate = replace(profile_.candidate, id=new_id)
    directory = PlantedDirectory(profiles=profiles, needs=[])
    by_topic: dict[str, list[Profile]] = {}
    for item in profiles:
        by_topic.setdefault(item.topic, []).append(item)
    chance = 0
    for asker, text, seeks, causes, roles in plans:
        ids = {role: frozenset(p.candidate.id for p in members) for role, members in roles.items()}
        asker_c = asker.candidate
        need = Need(
            asker_id=asker_c.id,
            seeks=frozenset(seeks),
            gives=asker_c.offers,
            causes=frozenset(causes),
            place=asker_c.place,
            sectors_present=frozenset({asker_c.sector}),
        )
        relevant = set(ids["right"] | ids["duplicate"])
        for other in by_topic[asker.topic]:
            if other.candidate.id not in relevant and is_right(need, asker.topic, other):
                relevant.add(other.candidate.id)
                chance += 1
        directory.needs.append(
            PlantedNeed(
                need=need,
                text=text,
                topic=asker.topic,
                planted=ids["right"],
                relevant=frozenset(relevant),
                inactive=ids["inactive"],
                far=ids["far"],
                decoys=ids["decoy"],
            )  # fmt: skip
        )
    directory.counts = {
        "organisations": len(profiles),
        "needs": needs,
        **{role: sum(1 for p in profiles if p.role == role) for role in _ROLES},
        "right_by_chance": chance,
        "background_redrawn": redrawn,
    }
    return directory


_ROLES = ("asker", "right", "duplicate", "inactive", "far", "decoy", "background")


def _plant_need(rng, towns, picker, profiles, right):
    """The asker, its right partners and the noise around them, appended to `profiles`."""
    topic = rng.choice(TOPICS)
    kind = rng.choices([k for k, _ in ASKER_KINDS], weights=[w for _, w in ASKER_KINDS])[0]
    while True:
        home = picker.pick(rng) if rng.random() < 0.5 else rng.choice(towns)
        near = towns_within(home, towns, 0.0, RIGHT_KM)
        if len(near) >= 5:
            break
    far = towns_within(home, towns, FAR_KM, math.inf)
    phrase = rng.randrange(len(topic.phrases))
    seeks = pick_resources(rng, SEEKS[kind], 1, 3)
    targets = rng.sample(topic.targets, 2)
    # With each target's goal, as the directory stores causes (`cause_codes`).
    causes = {topic.goal, *targets, *(target.split(".")[0] for target in targets)}
    # The need is the asker's profile, as the site reads it: what it needs, its causes.
    asker = profile(rng, kind=kind, topic=topic, town=home, phrase=phrase, causes=causes)
    asker.candidate = replace(asker.candidate, needs=frozenset(seeks))
    asker.role = "asker"
    text = asker.text
    roles: dict = {"right": [], "duplicate": [], "inactive": [], "far": [], "decoy": []}
    offering = [k for k, _ in KIND_SHARES if set(OFFERS[k]) & seeks] or ["association"]
    for _ in range(right):
        ordered = sorted(seeks)
        if rng.random() < 0.6:
            offers = set(ordered)
        else:
            offers = set(rng.sample(ordered, math.ceil(len(ordered) / 2)))
        partner_kind = rng.choice(offering)
        offers |= pick_resources(rng, OFFERS[partner_kind], 0, 2)
        shared = rng.sample(sorted(c for c in causes if "." in c), rng.randint(1, 2))
        own = pick_causes(rng, topic, faithful=1.0) | {*shared, *(t.split(".")[0] for t in shared)}
        other_phrase = rng.choice([i for i in range(len(topic.phrases)) if i != phrase])
        partner = profile(
            rng, kind=partner_kind, topic=topic, town=rng.choice(near),
            phrase=other_phrase, offers=offers, causes=own,
        )  # fmt: skip
        partner.role = "right"
        roles["right"].append(partner)
        for role, share in (("duplicate", "duplicates"), ("inactive", "inactive"), ("far", "far")):
            if rng.random() < NOISE[share]:
                roles[role].append(_copy(rng, partner, role, far))
    for _ in range(NOISE["decoys"]):
        decoy_kind = rng.choice(("association", "association", "company", "foundation"))
        offers = set(OFFERS[decoy_kind]) - seeks or {"data"}
        decoy = profile(
            rng, kind=decoy_kind, topic=topic, town=rng.choice(near), phrase=phrase,
            offers=pick_resources(rng, sorted(offers), 1, 2), causes=pick_causes(rng, topic),
        )  # fmt: skip
        decoy.role = "decoy"
        roles["decoy"].append(decoy)
    profiles.append(asker)
    for members in roles.values():
        profiles.extend(members)
    return asker, text, seeks, causes, roles


def _copy(rng, partner: Profile, role: str, far: Sequence[Town]) -> Profile:
    """A near-duplicate (the same organisation registered twice, under a variant of its name),
    a dissolved look-alike, or a twin far away, of a right partner."""
    candidate = partner.candidate
    if role == "duplicate":
        variants = {
            candidate.name.upper(),
            candidate.name.replace("Association", "Asso."),
            f"{candidate.name} (antenne locale)",
        }
        name = rng.choice(sorted(variants - {candidate.name}))
        copy = Profile(replace(candidate, name=name), partner.text, partner.topic, partner.town)
    elif role == "inactive":
        copy = Profile(replace(candidate, active=False), partner.text, partner.topic, partner.town)
    else:
        town = rng.choice(far)
        name = candidate.name.replace(partner.town.name, town.name)
        text = partner.text.replace(partner.town.name, town.name)
        copy = Profile(replace(candidate, name=name, place=town.place), text, partner.topic, town)
    copy.role = role
    return copy
