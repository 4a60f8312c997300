"""The directory's index is built once per process, then kept until it is too old or another
process says the directory changed."""

import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import override_settings

from alliances.matching.features import (
    GENERATION_KEY,
    Directory,
    build_directory_index,
    current_directory,
    current_index,
    index_invalidate,
    stored,
)
from alliances.matching.features import cache as index_cache
from alliances.matching.ranking import Need
from alliances.test import BaseTestCase, make_organisation

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@override_settings(MATCHING_INDEX_SECONDS=600)
class IndexCacheTests(BaseTestCase):
    def setUp(self):
        index_invalidate()

    def test_built_once_then_kept(self):
        with time_machine.travel(NOON, tick=False):
            index = current_index()
            self.assertEqual(len(index), 2)  # the lead organisation and the outsider's
            make_organisation("Nouvelle association")
            with self.assertNumQueries(0):
                self.assertIs(current_index(), index)
        with time_machine.travel(NOON + timedelta(seconds=599), tick=False):
            self.assertIs(current_index(), index)

    def test_rebuilt_when_too_old(self):
        with time_machine.travel(NOON, tick=False):
            index = current_index()
            make_organisation("Nouvelle association")
        with time_machine.travel(NOON + timedelta(seconds=601), tick=False):
            rebuilt = current_index()
            self.assertIsNot(rebuilt, index)
            self.assertEqual(len(rebuilt), 3)
            self.assertEqual(
                current_directory().built_at, (NOON + timedelta(seconds=601)).timestamp()
            )
            self.assertIs(current_index(), rebuilt)

    def test_rebuilt_when_invalidated_here_or_elsewhere(self):
        with time_machine.travel(NOON, tick=False):
            index = current_index()
            generation = cache.get(GENERATION_KEY)
            index_invalidate()
            self.assertEqual(cache.get(GENERATION_KEY), generation + 1)
            rebuilt = current_index()
            self.assertIsNot(rebuilt, index)
            # Another process bumps the shared number.
            cache.incr(GENERATION_KEY)
            again = current_index()
            self.assertIsNot(again, rebuilt)
            self.assertEqual(current_directory().generation, generation + 2)
            # The cache lost the number (cleared, restarted): nobody knows what changed.
            cache.clear()
            self.assertIsNot(current_index(), again)

    def test_invalidate_without_a_number_yet(self):
        cache.clear()
        index_invalidate()
        self.assertIsInstance(cache.get(GENERATION_KEY), int)

    def test_other_threads_keep_the_previous_index_during_a_rebuild(self):
        index = current_index()
        index_invalidate()
        with index_cache._lock:  # another thread is rebuilding
            self.assertIs(current_index(), index)
        self.assertIsNot(current_index(), index)

    def test_threads_arriving_together_share_one_build(self):
        index_cache._current = None  # a process that has no index yet
        started, release, builds, results = threading.Event(), threading.Event(), [], []

        def slow_build():
            builds.append(1)
            started.set()
            release.wait(5)
            return Directory(
                index=object(), text_model=None, built_at=time.time(), generation=None, seconds=0
            )

        with mock.patch.object(index_cache, "build_directory", side_effect=slow_build):
            threads = [
                threading.Thread(target=lambda: results.append(current_directory()))
                for _ in range(4)
            ]
            for thread in threads:
                thread.start()
            self.assertTrue(started.wait(5))
            release.set()
            for thread in threads:
                thread.join(5)
        self.assertEqual(len(builds), 1)
        self.assertEqual(len(results), 4)
        self.assertEqual(len({id(directory) for directory in results}), 1)

    def test_the_index_holds_suggestible_organisations_with_their_words(self):
        make_organisation("Profil privé", is_public=False)
        index = build_directory_index()
        self.assertEqual(len(index), 2)
        self.assertEqual(index.candidate(self.org.pk).name, self.org.name)
        directory = current_directory()
        self.assertGreater(directory.text_model.vocabulary_size, 0)
        # The mission's words are in the index: a need with the same words finds it first.
        terms = directory.text_model.terms("Soutien scolaire dans le quartier")
        found = directory.index.top(Need(terms=terms), k=1)
        self.assertEqual(found[0].candidate.id, self.org.pk)
        self.assertGreater(found[0].part("text").share, 0.3)


class StoredIndexTests(BaseTestCase):
    """A slow build is kept in a file that the machine's other processes read."""

    def setUp(self):
        index_invalidate()
        self.var_dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.var_dir, ignore_errors=True)
        self.enterContext(override_settings(VAR_DIR=self.var_dir, MATCHING_INDEX_SECONDS=600))
        # Every build counts as slow.
        self.enterContext(mock.patch.object(stored, "STORE_FROM_SECONDS", 0))
        self.addCleanup(self.forget)

    def forget(self):
        """What another process, started afresh, knows."""
        index_cache._current = None
        index_cache._slow = False

    def test_another_process_reads_the_file_instead_of_building(self):
        directory = current_directory()
        self.assertTrue(stored.path_of(directory.generation).exists())
        self.forget()
        with mock.patch.object(index_cache, "build_directory", side_effect=AssertionError):
            read = current_directory()
        self.assertEqual(read.built_at, directory.built_at)
        self.assertEqual(read.generation, directory.generation)
        self.assertEqual(len(read.index), len(directory.index))
        self.assertEqual(read.index.candidate(self.org.pk), directory.index.candidate(self.org.pk))

    def test_a_new_generation_replaces_the_file(self):
        first = current_directory()
        index_invalidate()
        second = current_directory()
        self.assertNotEqual(second.generation, first.generation)
        files = sorted(stored.folder().glob("index-*.pickle"))
        self.assertEqual(files, [stored.path_of(second.generation)])

    def test_too_old_or_unreadable_files_are_built_again(self):
        with time_machine.travel(NOON, tick=False):
            directory = current_directory()
        self.forget()
        with time_machine.travel(NOON + timedelta(seconds=601), tick=False):
            self.assertGreater(current_directory().built_at, directory.built_at)
        stored.path_of(cache.get(GENERATION_KEY)).write_bytes(b"not a pickle")
        self.forget()
        self.assertEqual(len(current_index()), 2)

    def test_while_another_process_builds_the_previous_index_is_served(self):
        index = current_index()
        index_invalidate()
        with stored.build_lock(wait=True) as mine:  # held by "another process"
            self.assertIs(mine, True)
            self.assertIs(current_index(), index)
        self.assertIsNot(current_index(), index)
