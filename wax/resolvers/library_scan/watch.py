"""WAX_LIBRARY_WATCH: the music folder watched (watchfiles), and scanned once it is still.

A change counts when it touches an audio or picture file, or a folder (a folder moved in or
out raises one event, none for the songs in it), never a hidden name. After a change the
watch waits until the folder has been still for `quiet_seconds`, so a burst of changes (an
album copied in) makes one scan; changes while a scan runs make one more scan after it.

The scan is the normal incremental scan of the whole folder, not of the changed paths: it
lists sizes and modification times (10,000 files in about 0.3 s) and reads only the files
that changed, and a song moved between two folders is only recognised as the same song
(same id, no tombstone) when the scan sees the old place empty and the new one filled
together. It runs through the app's ScanJobs: the same one scan at a time that the CLI,
REST and GraphQL start and watch.

One process per database watches: the watch holds a lock like the scan's while it watches;
a process that does not get it asks again every `lock_retry_seconds`, so when the watching
process dies another takes over. A missing music folder (a drive not mounted yet) is
logged and looked for again every `folder_retry_seconds`; the watch never stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path, PurePath

from watchfiles import Change, awatch

from wax.music_files import is_music_file_name
from wax.music_files.names import cover_image_rank
from wax.resolvers.jobs.lock import JobLock, job_lock_for
from wax.resolvers.library_scan.jobs import ScanJobs
from wax.settings import Settings

logger = logging.getLogger("wax.library.watch")

# any constant 64-bit key; it names "the library watch" among advisory locks
ADVISORY_LOCK_KEY = 0x7761785F77617463  # "wax_watc"
LOCK_RETRY_SECONDS = 10.0
FOLDER_RETRY_SECONDS = 2.0
# how long watchfiles gathers the events of one batch once they stop coming
BATCH_STEP_MS = 50


def watch_lock_for(database_url: str) -> JobLock:
    return job_lock_for(database_url, advisory_key=ADVISORY_LOCK_KEY, file_suffix=".watch-lock")


def counts_as_change(music_dir: Path, change: Change, path: str) -> bool:
    """Whether a change watchfiles reports at `path` can change the library (blocking: it may
    ask the disk whether `path` is a folder)."""
    try:
        parts = PurePath(path).relative_to(music_dir).parts
    except ValueError:
        return False
    if not parts or any(part.startswith(".") for part in parts):
        return False
    name = parts[-1]
    if is_music_file_name(name) or cover_image_rank(name) is not None:
        return True
    if change == Change.deleted:
        # once gone, a folder cannot be told from a file: at worst one needless quick scan
        return True
    return os.path.isdir(path)


def any_counts(music_dir: Path, changes: Iterable[tuple[Change, str]]) -> bool:
    return any(counts_as_change(music_dir, change, path) for change, path in changes)


class LibraryWatch:
    """The watch of one process; `run` until cancelled."""

    def __init__(
        self,
        music_dir: Path,
        scans: ScanJobs,
        lock: JobLock,
        *,
        quiet_seconds: float,
        lock_retry_seconds: float = LOCK_RETRY_SECONDS,
        folder_retry_seconds: float = FOLDER_RETRY_SECONDS,
    ) -> None:
        self.music_dir = music_dir
        self.scans = scans
        self.lock = lock
        self.quiet_seconds = quiet_seconds
        self.lock_retry_seconds = lock_retry_seconds
        self.folder_retry_seconds = folder_retry_seconds
        self.holds_lock = False
        self.times_locked = 0  # more than once: the lock was lost and taken again
        self.standing_by = False  # another process holds the lock
        self.watching = False  # the folder is being watched now
        self.scanning = False
        self._changed = asyncio.Event()
        self._last_change = 0.0
        # set at shutdown: watchfiles' thread sees it within BATCH_STEP_MS (a cancel alone
        # waits for the thread's timeout); one per watch, as watchfiles sets it when cancelled
        self._stop_event = asyncio.Event()
        self._stopped = False

    @property
    def change_waiting(self) -> bool:
        """A change was noted that no scan has begun to look at yet."""
        return self._changed.is_set()

    @property
    def is_idle(self) -> bool:
        """No change waits for a scan and no scan of the watch's is running."""
        return not self.change_waiting and not self.scanning

    async def run(self) -> None:
        while True:
            await self._take_the_lock()
            try:
                await self._watch_while_held()
            finally:
                self.holds_lock = self.watching = False
                try:
                    await self.lock.release()
                except Exception:
                    logger.exception("The library watch could not let go of its lock")
            logger.warning("The library watch lost its lock (its database connection went?)")

    async def _watch_while_held(self) -> None:
        """Watches and scans until the lock is lost: another process may watch from then."""
        async with asyncio.TaskGroup() as tasks:
            following = tasks.create_task(self._follow_the_folder())
            scanning = tasks.create_task(self._scan_when_still())
            await self._until_the_lock_is_lost()
            # a change noted stays noted, for when the lock is back; a scan goes on regardless
            following.cancel()
            scanning.cancel()

    def stop_watching(self) -> None:
        """Lets the folder go at once; cancel `run` after it."""
        self._stopped = True
        self._stop_event.set()

    def note_change(self) -> None:
        self._last_change = asyncio.get_running_loop().time()
        self._changed.set()

    async def _until_the_lock_is_lost(self) -> None:
        while True:
            await asyncio.sleep(self.lock_retry_seconds)
            if not await self.lock.still_held():
                return

    async def _take_the_lock(self) -> None:
        told = False
        while True:
            try:
                if await self.lock.try_acquire():
                    if self.standing_by or self.times_locked:
                        # taking over: changes may have gone unwatched meanwhile
                        self.note_change()
                    self.holds_lock, self.standing_by = True, False
                    self.times_locked += 1
                    return
            except Exception:
                logger.exception("The library watch could not take its lock; trying again")
            else:
                self.standing_by = True
            if self.standing_by and not told:
                logger.info("Another wax process watches the music folder; standing by")
                told = True
            await asyncio.sleep(self.lock_retry_seconds)

    async def _follow_the_folder(self) -> None:
        missing = False
        while True:
            if not await asyncio.to_thread(self.music_dir.is_dir):
                if not missing:
                    logger.warning(
                        "The music folder %s is missing; watching it once it is there",
                        self.music_dir,
                    )
                    missing = True
                await asyncio.sleep(self.folder_retry_seconds)
                continue
            if missing:  # what happened while it was away is unknown
                logger.warning("The music folder %s is back; scanning it", self.music_dir)
                self.note_change()
                missing = False
            try:
                await self._watch_while_there()
            except OSError as error:
                logger.warning("Watching the music folder %s failed: %s", self.music_dir, error)
            except Exception:
                logger.exception("Watching the music folder %s failed", self.music_dir)
            finally:
                self.watching = False
            missing = True

    async def _watch_while_there(self) -> None:
        """Notes each change that counts; returns when the folder is gone."""
        self._stop_event = asyncio.Event()
        if self._stopped:
            return
        changes = awatch(
            self.music_dir,
            watch_filter=None,
            step=BATCH_STEP_MS,
            stop_event=self._stop_event,
            rust_timeout=round(self.folder_retry_seconds * 1000),
            yield_on_timeout=True,
        )
        self.watching = True
        logger.info("Watching the music folder %s", self.music_dir)
        async for batch in changes:
            counted = bool(batch) and await asyncio.to_thread(any_counts, self.music_dir, batch)
            if counted:
                self.note_change()
            if not await asyncio.to_thread(self.music_dir.is_dir):
                return

    async def _scan_when_still(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._changed.wait()
            # a deadline each change moves on, not a flag to wait for
            while (still_for := self._last_change + self.quiet_seconds - loop.time()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(still_for)
            self._changed.clear()
            self.scanning = True
            try:
                await self._scan()
            except Exception:
                logger.exception("The library watch could not scan; trying again")
                self.note_change()
            finally:
                self.scanning = False

    async def _scan(self) -> None:
        start = await self.scans.start_or_attach(full=False)
        async for _ in start.updates():
            pass
        if start.attached:  # that scan may have listed the folder before the change
            self.note_change()


@contextlib.asynccontextmanager
async def watched_library(
    settings: Settings, scans: ScanJobs
) -> AsyncIterator[LibraryWatch | None]:
    """The watch WAX_LIBRARY_WATCH asks for, running until the block ends; None when off."""
    if not settings.library_watch or settings.music_dir is None:
        yield None
        return
    watch = LibraryWatch(
        settings.music_dir,
        scans,
        watch_lock_for(settings.database_url),
        quiet_seconds=settings.library_watch_quiet_seconds,
    )
    task = asyncio.create_task(watch.run(), name="wax-library-watch")
    try:
        yield watch
    finally:
        watch.stop_watching()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
