"""One Discogs sync at a time, run in the background, watched by anyone who asks.

Whoever asks for a sync (REST, GraphQL, the CLI) starts one or attaches to the
one running; the sync is a task of its own, so a watcher that leaves changes
nothing. Each run is recorded as a SyncRun. A sync run by another process (a
second worker, the CLI) is watched through its SyncRun row. The machinery is
wax.resolvers.jobs, shared with the library scan.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from typing import Any

from wax.discogs import DiscogsClient
from wax.errors import DiscogsUnavailable
from wax.models import SyncRun
from wax.models.sync_runs import STATUS_FAILED, STATUS_RUNNING, STATUS_SUCCEEDED
from wax.resolvers.discogs_sync.progress import DONE, PULL, PUSH, Phase, SyncProgress
from wax.resolvers.discogs_sync.run import sync_with_discogs
from wax.resolvers.jobs.lock import JobLock, job_lock_for
from wax.resolvers.jobs.records import RunRecords
from wax.resolvers.jobs.runner import JobHandle, JobRunner, LocalJob, RemoteJob, Report
from wax.settings import Settings

logger = logging.getLogger("wax.discogs.sync")

# how often a watcher looks at a sync another process runs
REMOTE_POLL_SECONDS = 1.0
# any constant 64-bit key; it names "the Discogs sync" among advisory locks
ADVISORY_LOCK_KEY = 0x7761785F73796E63  # "wax_sync"

INTERRUPTED_MESSAGE = "The sync was interrupted: the wax process running it stopped."
UNEXPECTED_MESSAGE = "The sync failed on an unexpected error; the server log has the details."

SyncHandle = JobHandle[SyncProgress]


def sync_lock_for(database_url: str) -> JobLock:
    return job_lock_for(database_url, advisory_key=ADVISORY_LOCK_KEY, file_suffix=".sync-lock")


def missing_discogs_settings(settings: Settings) -> list[str]:
    required = {
        "DISCOGS_USERNAME": settings.discogs_username,
        "DISCOGS_TOKEN": settings.discogs_token,
    }
    return [name for name, value in required.items() if not value]


def not_configured_message(missing: list[str]) -> str:
    verb = "is" if len(missing) == 1 else "are"
    return (
        "The Discogs sync needs DISCOGS_USERNAME and DISCOGS_TOKEN: "
        f"{' and '.join(missing)} {verb} not set."
    )


def progress_of(run: SyncRun) -> SyncProgress:
    """A run's recorded progress; a run that is over is `done`, whatever phase it reached."""
    phase: Phase = DONE
    if run.status == STATUS_RUNNING and run.phase in (PULL, PUSH):
        phase = PULL if run.phase == PULL else PUSH
    return SyncProgress(
        phase=phase,
        pulled=run.pulled,
        pushed=run.pushed,
        skipped=run.skipped,
        errors=tuple(run.errors or ()),
        total_discogs_items=run.total_discogs_items,
    )


class SyncRuns(RunRecords[SyncRun, SyncProgress]):
    model = SyncRun
    kind = "sync run"
    interrupted_message = INTERRUPTED_MESSAGE

    def progress_of(self, run: SyncRun) -> SyncProgress:
        return progress_of(run)

    def fields_of(self, progress: SyncProgress) -> dict[str, Any]:
        return {
            "phase": progress.phase,
            "pulled": progress.pulled,
            "pushed": progress.pushed,
            "skipped": progress.skipped,
            "total_discogs_items": progress.total_discogs_items,
            "errors": list(progress.errors),
        }

    def finished(self, progress: SyncProgress) -> SyncProgress:
        return replace(progress, phase=DONE)


SYNC_RUNS = SyncRuns()


class RemoteSync(RemoteJob[SyncRun, SyncProgress]):
    """A sync another process runs, followed through its SyncRun row."""

    def __init__(self, run_id: uuid.UUID, lock: JobLock) -> None:
        super().__init__(run_id, lock, SYNC_RUNS)

    @property
    def poll_seconds(self) -> float:
        return REMOTE_POLL_SECONDS


async def mark_interrupted(run_id: uuid.UUID | None = None) -> int:
    """Close sync runs whose process died (all of them, or one)."""
    return await SYNC_RUNS.mark_interrupted(run_id)


class SyncJobs(JobRunner[SyncRun, SyncProgress]):
    """The Discogs sync of one process: at most one at a time, across processes too."""

    def __init__(
        self, settings: Settings, discogs: DiscogsClient, *, lock: JobLock | None = None
    ) -> None:
        super().__init__(
            SYNC_RUNS,
            lock or sync_lock_for(settings.database_url),
            name="Discogs sync",
            logger=logger,
            unexpected_message=UNEXPECTED_MESSAGE,
            busy=lambda: DiscogsUnavailable(
                "Another wax process holds the Discogs sync lock but records no sync."
            ),
        )
        self.settings = settings
        self.discogs = discogs

    def remote(self, run_id: uuid.UUID) -> RemoteSync:
        return RemoteSync(run_id, self.lock)

    async def start_or_attach(self) -> SyncHandle:
        return await self._start_or_attach(self._start)

    async def _start(self) -> LocalJob[SyncProgress]:
        missing = missing_discogs_settings(self.settings)
        if missing:
            message = not_configured_message(missing)
            return await self._refuse(SyncProgress(phase=DONE, errors=(message,)))
        username = self.settings.discogs_username
        assert username is not None

        async def work(report: Report[SyncProgress]) -> tuple[str, SyncProgress]:
            outcome = await sync_with_discogs(self.discogs, username, report)
            return (STATUS_FAILED if outcome.failed else STATUS_SUCCEEDED), outcome.progress

        return await self._begin(SyncProgress(), work)
