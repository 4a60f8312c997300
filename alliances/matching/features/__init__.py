"""From the database to the ranking: organisations as `ranking.Candidate`, their track record,
and the directory's index kept per process (`cache`) and, when slow to build, in a file
(`stored`)."""

from alliances.matching.features.cache import (
    GENERATION_KEY,
    Directory,
    build_directory,
    build_directory_index,
    current_directory,
    current_index,
    index_invalidate,
)
from alliances.matching.features.candidates import (
    PlaceBook,
    candidate_from_organisation,
    candidates_of,
    iter_directory_candidates,
    iter_directory_rows,
    organisations_with_candidates,
    place_of_territory,
    suggestible,
    with_goals,
)
from alliances.matching.features.track import NO_TRACK_RECORD, TrackRecord, track_records

__all__ = [
    "GENERATION_KEY",
    "NO_TRACK_RECORD",
    "Directory",
    "PlaceBook",
    "TrackRecord",
    "build_directory",
    "build_directory_index",
    "candidate_from_organisation",
    "candidates_of",
    "current_directory",
    "current_index",
    "index_invalidate",
    "iter_directory_candidates",
    "iter_directory_rows",
    "organisations_with_candidates",
    "place_of_territory",
    "suggestible",
    "track_records",
    "with_goals",
]
