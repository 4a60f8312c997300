"""A slow build of the directory's index kept in a file, for the other processes of the machine.

Building the index of millions of organisations takes minutes (reading the directory, then
fitting the text model on every mission); reading a built one back takes a second or two (about
0.2 s and 80 MB for 200 000 organisations). Once a build took longer than STORE_FROM_SECONDS,
every later build goes through here: one process at a time builds (a lock file), writes
`VAR_DIR/matching/index-<generation>.pickle`, and the other web processes read that file
instead of building the same index again. Quick builds (a small directory, the tests) never
touch the disk.
"""

import contextlib
import fcntl
import os
import pickle
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

STORE_FROM_SECONDS = 2.0
PREFIX = "index-"
SUFFIX = ".pickle"


def folder() -> Path:
    return Path(settings.VAR_DIR) / "matching"


def path_of(generation) -> Path:
    return folder() / f"{PREFIX}{generation}{SUFFIX}"


def any_stored() -> bool:
    """Has a slow build been kept here before? (Then the next builds will be slow too.)"""
    try:
        return any(folder().glob(f"{PREFIX}*{SUFFIX}"))
    except OSError:
        return False


def load(generation, *, max_age: float):
    """The `Directory` kept for this generation, unless missing, unreadable or too old."""
    path = path_of(generation)
    try:
        with path.open("rb") as handle:
            # Written by this application into its own data folder, like its database.
            directory = pickle.load(handle)  # noqa: S301
    except FileNotFoundError:
        return None
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    if getattr(directory, "generation", None) != generation:
        return None
    if time.time() - directory.built_at >= max_age:
        return None
    return directory


def save(directory) -> None:
    """Write a slow build for the other processes and drop the files of older generations.
    A failure to write only costs them a build of their own."""
    if directory.seconds < STORE_FROM_SECONDS:
        return
    path = path_of(directory.generation)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            pickle.dump(directory, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for other in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
            if other != path:
                other.unlink(missing_ok=True)
    except OSError:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def build_lock(*, wait: bool) -> Iterator[bool]:
    """Whether this process may build now: True once it holds the machine-wide lock (waiting
    for it when `wait`), False when another process is building."""
    try:
        folder().mkdir(parents=True, exist_ok=True)
        handle = (folder() / "build.lock").open("a+b")
    except OSError:
        yield True  # no shared folder: each process builds its own
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
