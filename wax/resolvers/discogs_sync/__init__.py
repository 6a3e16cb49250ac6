"""The two-way Discogs sync: what REST, GraphQL and the CLI call.

progress.py holds the progress shape and its fan-out to watchers, run.py the
sync itself (pull, then push), jobs.py the one-at-a-time background job
recorded as SyncRun, lock.py the lock that keeps it one at a time across
processes.
"""

from __future__ import annotations

import uuid

from wax.models import SyncRun, User
from wax.resolvers.discogs_sync.jobs import SYNC_RUNS, SyncHandle, SyncJobs, progress_of
from wax.resolvers.discogs_sync.progress import SyncProgress
from wax.resolvers.records import require_admin

SYNC_ACTION = "sync with Discogs"

__all__ = [
    "SyncHandle",
    "SyncJobs",
    "SyncProgress",
    "get_sync_run",
    "progress_of",
    "recent_sync_runs",
    "start_or_attach",
]


async def start_or_attach(jobs: SyncJobs, user: User) -> SyncHandle:
    """Start a sync, or attach to the one running; the handle's updates end with `done`."""
    require_admin(user, SYNC_ACTION)
    return await jobs.start_or_attach()


async def recent_sync_runs(user: User, first: int = 10) -> list[SyncRun]:
    require_admin(user, SYNC_ACTION)
    return await SYNC_RUNS.recent(first)


async def get_sync_run(run_id: uuid.UUID) -> SyncRun:
    return await SYNC_RUNS.named(run_id)
