"""One Discogs sync at a time, run in the background, watched by anyone who asks.

Whoever asks for a sync (REST, GraphQL, the CLI) starts one or attaches to the
one running; the sync is a task of its own, so a watcher that leaves changes
nothing. Each run is recorded as a SyncRun. A sync run by another process (a
second worker, the CLI) is watched through its SyncRun row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from wax.discogs import DiscogsClient
from wax.errors import DiscogsUnavailable
from wax.models import SyncRun
from wax.models.sync_runs import (
    STATUS_FAILED,
    STATUS_INTERRUPTED,
    STATUS_RUNNING,
    STATUS_SUCCEEDED,
)
from wax.resolvers.discogs_sync.lock import SyncLock, sync_lock_for
from wax.resolvers.discogs_sync.progress import (
    DONE,
    PULL,
    PUSH,
    Phase,
    ProgressBroadcast,
    SyncProgress,
)
from wax.resolvers.discogs_sync.run import sync_with_discogs
from wax.settings import Settings

logger = logging.getLogger("wax.discogs.sync")

# how often a watcher looks at a sync another process runs
REMOTE_POLL_SECONDS = 1.0
# how long to wait for the process holding the lock to record its run
REMOTE_START_GRACE_SECONDS = 5.0

INTERRUPTED_MESSAGE = "The sync was interrupted: the wax process running it stopped."
UNEXPECTED_MESSAGE = "The sync failed on an unexpected error; the server log has the details."


class SyncHandle(Protocol):
    """A sync being watched: its SyncRun id and its progress, current state first."""

    @property
    def run_id(self) -> uuid.UUID: ...

    def updates(self) -> AsyncIterator[SyncProgress]: ...


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


class LocalSync:
    """A sync this process runs (or ran)."""

    def __init__(self, run_id: uuid.UUID, initial: SyncProgress | None = None) -> None:
        self.run_id = run_id
        self.broadcast = ProgressBroadcast(initial)
        self.task: asyncio.Task[None] | None = None

    @property
    def is_done(self) -> bool:
        return self.broadcast.state.is_done

    def updates(self) -> AsyncIterator[SyncProgress]:
        return self.broadcast.updates()


class RemoteSync:
    """A sync another process runs, followed through its SyncRun row."""

    def __init__(self, run_id: uuid.UUID, lock: SyncLock) -> None:
        self.run_id = run_id
        self.lock = lock

    async def updates(self) -> AsyncIterator[SyncProgress]:
        last: SyncProgress | None = None
        while True:
            run = await SyncRun.get(id=self.run_id)
            if run.status == STATUS_RUNNING and await self._holder_is_gone():
                await mark_interrupted(self.run_id)
                run = await SyncRun.get(id=self.run_id)
            progress = progress_of(run)
            if progress != last:
                yield progress
                last = progress
            if progress.is_done:
                return
            await asyncio.sleep(REMOTE_POLL_SECONDS)

    async def _holder_is_gone(self) -> bool:
        if not await self.lock.try_acquire():
            return False
        await self.lock.release()
        return True


async def mark_interrupted(run_id: uuid.UUID | None = None) -> int:
    """Close runs whose process died (all of them, or one): status interrupted, and why."""
    query = SyncRun.filter(status=STATUS_RUNNING)
    if run_id is not None:
        query = query.filter(id=run_id)
    runs = await query
    for run in runs:
        run.status = STATUS_INTERRUPTED
        run.errors = [*(run.errors or []), INTERRUPTED_MESSAGE]
        run.finished_at = datetime.now(UTC)
        await run.save(update_fields=["status", "errors", "finished_at"])
    return len(runs)


class SyncJobs:
    """The Discogs sync of one process: at most one at a time, across processes too."""

    def __init__(
        self, settings: Settings, discogs: DiscogsClient, *, lock: SyncLock | None = None
    ) -> None:
        self.settings = settings
        self.discogs = discogs
        self.lock = lock or sync_lock_for(settings.database_url)
        self.current: LocalSync | None = None
        self._starting = asyncio.Lock()

    async def open(self) -> None:
        """At start-up: runs left `running` by a process that died are marked interrupted."""
        if await self.lock.try_acquire():
            try:
                await self._close_abandoned_runs()
            finally:
                await self.lock.release()

    async def close(self) -> None:
        """At shutdown: a sync still running stops, recorded as interrupted."""
        job = self.current
        if job is not None and job.task is not None and not job.task.done():
            job.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await job.task
            if not job.is_done:  # cancelled before it even began
                final = job.broadcast.state.with_error(INTERRUPTED_MESSAGE)
                await self._finish(job, STATUS_INTERRUPTED, final)

    async def start_or_attach(self) -> SyncHandle:
        async with self._starting:
            if self.current is not None and not self.current.is_done:
                return self.current
            remote = await self._acquire_or_find_remote()
            if remote is not None:
                return remote
            try:
                await self._close_abandoned_runs()
                missing = missing_discogs_settings(self.settings)
                if missing:
                    return await self._refuse(not_configured_message(missing))
                job = await self._begin()
            except BaseException:
                await self.lock.release()
                raise
            self.current = job
            return job

    async def _acquire_or_find_remote(self) -> RemoteSync | None:
        """None once this process holds the lock; else the sync the holder runs."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REMOTE_START_GRACE_SECONDS
        while not await self.lock.try_acquire():
            running = await SyncRun.filter(status=STATUS_RUNNING).order_by("-started_at").first()
            if running is not None:
                return RemoteSync(running.id, self.lock)
            if loop.time() > deadline:
                raise DiscogsUnavailable(
                    "Another wax process holds the Discogs sync lock but records no sync."
                )
            await asyncio.sleep(0.1)
        return None

    async def _close_abandoned_runs(self) -> None:
        count = await mark_interrupted()
        if count:
            logger.warning("Marked %d Discogs sync run(s) left running as interrupted", count)

    async def _refuse(self, message: str) -> LocalSync:
        """A run that could not start: recorded as failed, and `done` at once."""
        await self.lock.release()
        progress = SyncProgress(phase=DONE, errors=(message,))
        run = await SyncRun.create(
            status=STATUS_FAILED, phase=DONE, errors=[message], finished_at=datetime.now(UTC)
        )
        return LocalSync(run.id, progress)

    async def _begin(self) -> LocalSync:
        run = await SyncRun.create(status=STATUS_RUNNING)
        job = LocalSync(run.id)
        job.task = asyncio.create_task(self._run(job), name=f"discogs-sync-{run.id}")
        return job

    async def _run(self, job: LocalSync) -> None:
        async def report(progress: SyncProgress) -> None:
            job.broadcast.publish(progress)
            await save_progress(job.run_id, progress)

        username = self.settings.discogs_username
        assert username is not None
        status, final = STATUS_FAILED, job.broadcast.state
        try:
            outcome = await sync_with_discogs(self.discogs, username, report)
            status = STATUS_FAILED if outcome.failed else STATUS_SUCCEEDED
            final = outcome.progress
        except asyncio.CancelledError:
            status, final = STATUS_INTERRUPTED, job.broadcast.state.with_error(INTERRUPTED_MESSAGE)
            raise
        except Exception:
            logger.exception("The Discogs sync %s failed", job.run_id)
            status, final = STATUS_FAILED, job.broadcast.state.with_error(UNEXPECTED_MESSAGE)
        finally:
            await self._finish(job, status, final)

    async def _finish(self, job: LocalSync, status: str, final: SyncProgress) -> None:
        done = replace(final, phase=DONE)
        try:
            await save_progress(job.run_id, done, status=status, finished_at=datetime.now(UTC))
        except Exception:
            logger.exception("Could not record the end of the Discogs sync %s", job.run_id)
        finally:
            await self.lock.release()
            job.broadcast.publish(done)


async def save_progress(
    run_id: uuid.UUID,
    progress: SyncProgress,
    *,
    status: str | None = None,
    finished_at: datetime | None = None,
) -> None:
    values: dict[str, object] = {
        "phase": progress.phase,
        "pulled": progress.pulled,
        "pushed": progress.pushed,
        "skipped": progress.skipped,
        "total_discogs_items": progress.total_discogs_items,
        "errors": list(progress.errors),
    }
    if status is not None:
        values.update(status=status, finished_at=finished_at)
    await SyncRun.filter(id=run_id).update(**values)
