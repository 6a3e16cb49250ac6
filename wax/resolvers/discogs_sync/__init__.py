"""The two-way Discogs sync: what REST, GraphQL and the CLI call.

progress.py holds the progress shape and its fan-out to watchers, run.py the
sync itself (pull, then push), jobs.py the one-at-a-time background job
recorded as SyncRun, lock.py the lock that keeps it one at a time across
processes.
"""

from __future__ import annotations

import uuid

from wax.errors import Forbidden, InvalidInput, NotFound
from wax.models import SyncRun, User
from wax.resolvers.discogs_sync.jobs import SyncHandle, SyncJobs, progress_of
from wax.resolvers.discogs_sync.progress import SyncProgress

MAX_RUNS_LISTED = 100

__all__ = [
    "SyncHandle",
    "SyncJobs",
    "SyncProgress",
    "get_sync_run",
    "progress_of",
    "recent_sync_runs",
    "require_admin",
    "start_or_attach",
]


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise Forbidden("Only an admin may sync with Discogs.")


async def start_or_attach(jobs: SyncJobs, user: User) -> SyncHandle:
    """Start a sync, or attach to the one running; the handle's updates end with `done`."""
    require_admin(user)
    return await jobs.start_or_attach()


async def recent_sync_runs(user: User, first: int = 10) -> list[SyncRun]:
    require_admin(user)
    if not 1 <= first <= MAX_RUNS_LISTED:
        raise InvalidInput(f"first must be between 1 and {MAX_RUNS_LISTED}.", field="first")
    return await SyncRun.all().order_by("-started_at", "-id").limit(first)


async def get_sync_run(run_id: uuid.UUID) -> SyncRun:
    run = await SyncRun.get_or_none(id=run_id)
    if run is None:
        raise NotFound(f"No sync run {run_id}.")
    return run
