"""The directory's candidate index, built once per process and kept for a while.

`current_directory()` hands out the index (and the text model fitted with it) built at most
`settings.MATCHING_INDEX_SECONDS` ago, and rebuilds it once `index_invalidate()` has bumped
the generation number kept in Django's cache, so every web process rebuilds after a change
that matters (an organisation leaving the directory, for example). Pages re-read their
suggestions from the database anyway (`selectors.suggestions`): the index only has to find the
right few hundred organisations, so a few minutes of lag are harmless.

One thread rebuilds at a time; while it does, the other threads keep serving the previous
index, and only the very first build of a process makes them wait. A build slow enough to be
worth it is kept in a file for the other processes of the machine (`stored`).
"""

import secrets
import threading
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache

from alliances.matching.features import stored
from alliances.matching.features.candidates import candidate_of_fields, iter_directory_rows

GENERATION_KEY = "matching:index-generation"


@dataclass(frozen=True)
class Directory:
    index: object  # alliances.matching.index.CandidateIndex
    text_model: object | None  # alliances.matching.text.TextModel
    built_at: float  # time.time() when the build started
    generation: int | None
    seconds: float  # how long the build took


def build_directory() -> Directory:
    """Every suggestible organisation in a new index, with the text model fitted on their
    mission texts."""
    # Imported here: scikit-learn takes a second to import, and most processes (commands,
    # workers) never build an index.
    from alliances.matching.index import CandidateIndex

    started = time.time()
    rows, texts = [], []
    for fields, text in iter_directory_rows():
        rows.append(fields)
        texts.append(text)
    # Given the texts without a model, the index fits its text model on them and reads each
    # text once for both the vocabulary and the vectors. It reads the candidates by chunks:
    # they are made as it goes, never all at once.
    index = CandidateIndex.build((candidate_of_fields(fields) for fields in rows), texts=texts)
    return Directory(
        index=index,
        text_model=index.text_model,
        built_at=started,
        generation=None,
        seconds=time.time() - started,
    )


def build_directory_index():
    """A new `CandidateIndex` of the whole directory (not cached: see `current_index`)."""
    return build_directory().index


_lock = threading.Lock()
_current: Directory | None = None
_dropped = False  # index_invalidate() ran in this process since the last build started
_slow = False  # the last build of this process took long enough to be kept in a file


def _new_generation() -> int:
    # Random, not 1: a number seen before the cache lost the key must not come back.
    return secrets.randbits(60)


def _generation() -> int | None:
    """The shared generation number. When the cache has lost it (cleared, evicted, restarted),
    nobody knows whether an invalidation was lost with it: a new number makes every process
    rebuild."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _is_fresh(directory: Directory | None, generation: int | None) -> bool:
    return (
        directory is not None
        and not _dropped
        and directory.generation == generation
        and time.time() - directory.built_at < settings.MATCHING_INDEX_SECONDS
    )


def current_directory() -> Directory:
    global _current
    built = _current
    if _is_fresh(built, _generation()):
        return built
    if not _lock.acquire(blocking=built is None):
        return built  # another thread is rebuilding: the previous index meanwhile
    try:
        generation = _generation()
        if _is_fresh(_current, generation):
            return _current
        found = _refreshed(generation, waiting=_current is None)
        if found is not None:
            _current = found
        return _current
    finally:
        _lock.release()


def _refreshed(generation: int | None, *, waiting: bool) -> Directory | None:
    """A directory for `generation`: read from the file another process wrote, or built here.
    None when another process is building it and this one has an index to serve meanwhile."""
    global _dropped, _slow
    max_age = settings.MATCHING_INDEX_SECONDS
    if not (_slow or stored.any_stored()):
        _dropped = False  # before building: an invalidation during the build is not lost
        directory = replace(build_directory(), generation=generation)
        _slow = directory.seconds >= stored.STORE_FROM_SECONDS
        stored.save(directory)
        return directory
    with stored.build_lock(wait=waiting) as may_build:
        if not may_build:
            return None
        _dropped = False
        directory = stored.load(generation, max_age=max_age)
        if directory is None:
            directory = replace(build_directory(), generation=generation)
            _slow = directory.seconds >= stored.STORE_FROM_SECONDS
            stored.save(directory)
        return directory


def current_index():
    """The directory's `CandidateIndex`, rebuilt when too old or invalidated."""
    return current_directory().index


def index_invalidate() -> None:
    """Every process rebuilds its index at its next use."""
    global _dropped
    _dropped = True
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No number yet: start one; if another process just did, bump theirs.
        if not cache.add(GENERATION_KEY, _new_generation(), timeout=None):
            cache.incr(GENERATION_KEY)
