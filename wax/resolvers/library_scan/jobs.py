"""One library scan at a time per database, in the background, watched by anyone who asks.

The machinery is the Discogs sync's (wax.resolvers.jobs): the scan is a task of its own, each
run is recorded as a ScanRun, a scan another process runs is followed through its row, and
runs left `running` by a process that died are marked interrupted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from wax.errors import Conflict, MusicFolderNotConfigured
from wax.models import ScanRun
from wax.models.scan_runs import STATUS_ABORTED, STATUS_RUNNING, STATUS_SUCCEEDED
from wax.resolvers.jobs.lock import JobLock, job_lock_for
from wax.resolvers.jobs.records import RunRecords
from wax.resolvers.jobs.runner import JobHandle, JobRunner, LocalJob, RemoteJob, Report
from wax.resolvers.library_scan import scanner
from wax.resolvers.library_scan.progress import DONE, SCANNING, ScanProgress
from wax.resolvers.library_scan.scanner import ScanOutcome
from wax.settings import Settings

logger = logging.getLogger("wax.library.scan")

# any constant 64-bit key; it names "the library scan" among advisory locks
ADVISORY_LOCK_KEY = 0x7761785F7363616E  # "wax_scan"

INTERRUPTED_MESSAGE = "The scan was interrupted: the wax process running it stopped."
UNEXPECTED_MESSAGE = "The scan failed on an unexpected error; the server log has the details."

ScanHandle = JobHandle[ScanProgress]


class Scan(Protocol):
    """What runs a scan: wax.resolvers.library_scan.scanner.scan_music_folder."""

    def __call__(
        self, music_dir: Path, *, full: bool, report: scanner.Report
    ) -> Awaitable[ScanOutcome]: ...


def scan_lock_for(database_url: str) -> JobLock:
    return job_lock_for(database_url, advisory_key=ADVISORY_LOCK_KEY, file_suffix=".scan-lock")


def progress_of(run: ScanRun) -> ScanProgress:
    """A run's recorded progress; a run that is over is `done`."""
    return ScanProgress(
        status=SCANNING if run.status == STATUS_RUNNING else DONE,
        total_files=run.total_files,
        scanned_files=run.scanned_files,
        new_songs=run.new_songs,
        updated_songs=run.updated_songs,
        removed_songs=run.removed_songs,
        errors=tuple(run.errors or ()),
    )


class ScanRuns(RunRecords[ScanRun, ScanProgress]):
    model = ScanRun
    kind = "scan run"
    interrupted_message = INTERRUPTED_MESSAGE

    def progress_of(self, run: ScanRun) -> ScanProgress:
        return progress_of(run)

    def fields_of(self, progress: ScanProgress) -> dict[str, Any]:
        return {
            "total_files": progress.total_files,
            "scanned_files": progress.scanned_files,
            "new_songs": progress.new_songs,
            "updated_songs": progress.updated_songs,
            "removed_songs": progress.removed_songs,
            "errors": list(progress.errors),
        }

    def finished(self, progress: ScanProgress) -> ScanProgress:
        return replace(progress, status=DONE)


SCAN_RUNS = ScanRuns()


@dataclass(frozen=True)
class ScanStart:
    """The scan a caller asked for: started now, or the one already running (`attached`)."""

    handle: ScanHandle
    attached: bool

    @property
    def run_id(self) -> uuid.UUID:
        return self.handle.run_id

    @property
    def is_remote(self) -> bool:
        """Run by another wax process (followed through its ScanRun row)."""
        return isinstance(self.handle, RemoteJob)

    def updates(self) -> AsyncIterator[ScanProgress]:
        return self.handle.updates()


@dataclass(frozen=True)
class RunningScan:
    run: ScanRun
    progress: ScanProgress


class ScanJobs(JobRunner[ScanRun, ScanProgress]):
    """The library scan of one process: at most one at a time, across processes too.

    `scan` runs one scan (the scanner's scan_music_folder unless a test gives another).
    """

    def __init__(
        self, settings: Settings, *, scan: Scan | None = None, lock: JobLock | None = None
    ) -> None:
        super().__init__(
            SCAN_RUNS,
            lock or scan_lock_for(settings.database_url),
            name="library scan",
            logger=logger,
            unexpected_message=UNEXPECTED_MESSAGE,
            busy=lambda: Conflict(
                "Another wax process is starting a library scan; ask again in a moment."
            ),
        )
        self.settings = settings
        self.scan = scan or scanner.scan_music_folder

    async def start_or_attach(self, *, full: bool = False) -> ScanStart:
        """Start a scan, or attach to the one running (here or in another process).

        A scan already running is attached to whatever its `full`: one scan at a time, and
        the caller gets that one (its ScanRun says whether it is full). Without WAX_MUSIC_DIR
        nothing starts: MusicFolderNotConfigured (a scan running elsewhere is still attached).
        """
        started: list[LocalJob[ScanProgress]] = []

        async def start() -> LocalJob[ScanProgress]:
            job = await self._start(full)
            started.append(job)
            return job

        handle = await self._start_or_attach(start)
        return ScanStart(handle, attached=not started)

    async def _start(self, full: bool) -> LocalJob[ScanProgress]:
        music_dir = self.settings.music_dir
        if music_dir is None:
            raise MusicFolderNotConfigured()

        async def work(report: Report[ScanProgress]) -> tuple[str, ScanProgress]:
            outcome = await self.scan(music_dir, full=full, report=report)
            return (STATUS_ABORTED if outcome.aborted else STATUS_SUCCEEDED), outcome.progress

        return await self._begin(ScanProgress(), work, full=full)

    async def running(self) -> RunningScan | None:
        """The scan going on now (in this process or another), with its latest progress."""
        async with self._starting:
            job = self.current
            if job is not None and not job.is_done:
                return RunningScan(await SCAN_RUNS.get(job.run_id), job.broadcast.state)
            run = await SCAN_RUNS.latest_running()
            if run is None:
                return None
            if await self.lock.try_acquire():  # nobody scans: its process died
                try:
                    await SCAN_RUNS.mark_interrupted(run.id)
                finally:
                    await self.lock.release()
                return None
            return RunningScan(run, progress_of(run))
