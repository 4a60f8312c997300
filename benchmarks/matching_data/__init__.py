"""Synthetic directory for partner suggestions: organisations with resources, SDG causes, a
place and a mission text in French, for the offline evaluation (`make eval-matching`, a planted
set in memory) and the benchmark (`make bench-matching`, written to PostgreSQL).

Every mission is built around a topic, said in one of several ways that mean the same thing
("l'aide aux devoirs", "le soutien scolaire", "l'accompagnement à la scolarité"). A need and
its right partners always say it in different words, so the text part only helps when the
analyser knows they are synonyms; decoys say it with the need's own words.
"""

from benchmarks.matching_data.organisations import (
    Drawn,
    Profile,
    Town,
    TownPicker,
    draw,
    french_towns,
    mission,
    pick_causes,
    pick_kind,
    pick_resources,
    profile,
)
from benchmarks.matching_data.planted import (
    FAR_KM,
    NOISE,
    RIGHT_KM,
    PlantedDirectory,
    PlantedNeed,
    is_right,
    planted_directory,
)
from benchmarks.matching_data.vocabulary import (
    KIND_SHARES,
    NEEDS,
    OFFERS,
    RESOURCES,
    SECTOR_OF_KIND,
    TOPICS,
    Topic,
)

__all__ = [
    "Drawn",
    "FAR_KM",
    "KIND_SHARES",
    "NEEDS",
    "NOISE",
    "OFFERS",
    "RESOURCES",
    "RIGHT_KM",
    "SECTOR_OF_KIND",
    "TOPICS",
    "PlantedDirectory",
    "PlantedNeed",
    "Profile",
    "Topic",
    "Town",
    "TownPicker",
    "french_towns",
    "draw",
    "is_right",
    "mission",
    "pick_causes",
    "pick_kind",
    "pick_resources",
    "planted_directory",
    "profile",
]
