"""The library scanner: the owner's music folder read into songs, albums and artists.

progress.py holds the progress shape, scanner.py the scan itself (what changed on disk
since the last scan, and the writes that follow), jobs.py the one-at-a-time background
job recorded as ScanRun. What REST, GraphQL and the CLI call is here.
"""

from __future__ import annotations

import uuid

from wax.models import ScanRun, User
from wax.resolvers.library_scan.jobs import (
    SCAN_RUNS,
    RunningScan,
    ScanJobs,
    ScanStart,
    progress_of,
)
from wax.resolvers.library_scan.progress import ScanProgress
from wax.resolvers.records import require_admin

SCAN_ACTION = "scan the music library"

__all__ = [
    "RunningScan",
    "ScanJobs",
    "ScanProgress",
    "ScanStart",
    "current_scan",
    "get_scan_run",
    "progress_of",
    "recent_scan_runs",
    "start_or_attach",
]


async def start_or_attach(jobs: ScanJobs, user: User, full: bool = False) -> ScanStart:
    """Start a scan, or attach to the one running (whatever its `full`); updates end `done`."""
    require_admin(user, SCAN_ACTION)
    return await jobs.start_or_attach(full=full)


async def current_scan(jobs: ScanJobs, user: User) -> RunningScan | None:
    """The scan running now, or None when the scanner is idle."""
    require_admin(user, SCAN_ACTION)
    return await jobs.running()


async def recent_scan_runs(user: User, first: int = 10) -> list[ScanRun]:
    require_admin(user, SCAN_ACTION)
    return await SCAN_RUNS.recent(first)


async def get_scan_run(run_id: uuid.UUID) -> ScanRun:
    return await SCAN_RUNS.named(run_id)
