"""One run of a job at a time per database, in the background, watched by anyone who asks.

Whoever asks for a run (REST, GraphQL, the CLI) starts one or attaches to the one running;
the run is a task of its own, so a watcher that leaves changes nothing. A run by another
process (a second worker, the CLI) is followed through its row. Runs left `running` by a
process that died are marked interrupted when a process opens the job or starts a run.

A job plugs in its RunRecords (how its runs are stored), its lock, and, for each run, the
work itself: `async (report) -> (status, final progress)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from wax.errors import WaxError
from wax.models.sync_runs import STATUS_FAILED, STATUS_INTERRUPTED, STATUS_RUNNING
from wax.resolvers.jobs.broadcast import ProgressBroadcast
from wax.resolvers.jobs.lock import JobLock
from wax.resolvers.jobs.records import P, RunRecords, RunT, row

P_co = TypeVar("P_co", covariant=True)

# how often a watcher looks at a run another process runs
REMOTE_POLL_SECONDS = 1.0
# how long to wait for the process holding the lock to record its run
REMOTE_START_GRACE_SECONDS = 5.0

Report = Callable[[P], Awaitable[None]]
# a run's work: it reports as it goes, and ends with its status and final progress
Work = Callable[[Report[P]], Awaitable[tuple[str, P]]]


class JobHandle(Protocol[P_co]):
    """A run being watched: its id and its progress, current state first."""

    @property
    def run_id(self) -> uuid.UUID: ...

    def updates(self) -> AsyncIterator[P_co]: ...


class LocalJob(Generic[P]):
    """A run this process runs (or ran)."""

    def __init__(self, run_id: uuid.UUID, initial: P) -> None:
        self.run_id = run_id
        self.broadcast = ProgressBroadcast(initial)
        self.task: asyncio.Task[None] | None = None

    @property
    def is_done(self) -> bool:
        return self.broadcast.state.is_done

    def updates(self) -> AsyncIterator[P]:
        return self.broadcast.updates()


class RemoteJob(Generic[RunT, P]):
    """A run another process runs, followed through its row."""

    def __init__(self, run_id: uuid.UUID, lock: JobLock, records: RunRecords[RunT, P]) -> None:
        self.run_id = run_id
        self.lock = lock
        self.records = records

    async def updates(self) -> AsyncIterator[P]:
        last: P | None = None
        while True:
            run = await self.records.get(self.run_id)
            if row(run).status == STATUS_RUNNING and await self._holder_is_gone():
                await self.records.mark_interrupted(self.run_id)
                run = await self.records.get(self.run_id)
            progress = self.records.progress_of(run)
            if progress != last:
                yield progress
                last = progress
            if progress.is_done:
                return
            await asyncio.sleep(self.poll_seconds)

    @property
    def poll_seconds(self) -> float:
        return REMOTE_POLL_SECONDS

    async def _holder_is_gone(self) -> bool:
        if not await self.lock.try_acquire():
            return False
        await self.lock.release()
        return True


class JobRunner(Generic[RunT, P]):
    """A job of one process: at most one run at a time, across processes too.

    A job subclasses it and offers its own `start_or_attach`, which calls
    `_start_or_attach` with what starts a run once this process holds the lock:
    `_begin` (the run's work, in the background) or `_refuse` (a run that failed at once),
    or it raises, and nothing starts.
    """

    def __init__(
        self,
        records: RunRecords[RunT, P],
        lock: JobLock,
        *,
        name: str,
        logger: logging.Logger,
        unexpected_message: str,
        busy: Callable[[], WaxError],
    ) -> None:
        self.records = records
        self.lock = lock
        self.name = name  # "Discogs sync": for the log
        self.logger = logger
        self.unexpected_message = unexpected_message
        self.busy = busy  # the error when another process holds the lock yet records no run
        self.current: LocalJob[P] | None = None
        self._starting = asyncio.Lock()

    async def open(self) -> None:
        """At start-up: runs left `running` by a process that died are marked interrupted."""
        if await self.lock.try_acquire():
            try:
                await self._close_abandoned_runs()
            finally:
                await self.lock.release()

    async def close(self) -> None:
        """At shutdown: a run still going stops, recorded as interrupted."""
        job = self.current
        if job is not None and job.task is not None and not job.task.done():
            job.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await job.task
            if not job.is_done:  # cancelled before it even began
                final = job.broadcast.state.with_error(self.records.interrupted_message)
                await self._finish(job, STATUS_INTERRUPTED, final)

    def remote(self, run_id: uuid.UUID) -> RemoteJob[RunT, P]:
        return RemoteJob(run_id, self.lock, self.records)

    async def _start_or_attach(
        self, start: Callable[[], Awaitable[LocalJob[P]]]
    ) -> LocalJob[P] | RemoteJob[RunT, P]:
        async with self._starting:
            if self.current is not None and not self.current.is_done:
                return self.current
            remote = await self._acquire_or_find_remote()
            if remote is not None:
                return remote
            try:
                await self._close_abandoned_runs()
                job = await start()
            except BaseException:
                await self.lock.release()
                raise
            self.current = job
            return job

    async def _acquire_or_find_remote(self) -> RemoteJob[RunT, P] | None:
        """None once this process holds the lock; else the run the holder runs."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REMOTE_START_GRACE_SECONDS
        while not await self.lock.try_acquire():
            running = await self.records.latest_running()
            if running is not None:
                return self.remote(row(running).id)
            if loop.time() > deadline:
                raise self.busy()
            await asyncio.sleep(0.1)
        return None

    async def _close_abandoned_runs(self) -> None:
        count = await self.records.mark_interrupted()
        if count:
            self.logger.warning("Marked %d %s run(s) left running as interrupted", count, self.name)

    async def _refuse(self, final: P) -> LocalJob[P]:
        """A run that could not start: recorded as failed with `final`, and `done` at once."""
        await self.lock.release()
        final = self.records.finished(final)
        run = await self.records.model.create(
            status=STATUS_FAILED, finished_at=datetime.now(UTC), **self.records.fields_of(final)
        )
        return LocalJob(row(run).id, final)

    async def _begin(self, initial: P, work: Work[P], **fields: Any) -> LocalJob[P]:
        """A run recorded with `fields`, its `work` started in the background."""
        run = await self.records.model.create(status=STATUS_RUNNING, **fields)
        job = LocalJob(row(run).id, initial)
        task_name = f"{self.name.lower().replace(' ', '-')}-{job.run_id}"
        job.task = asyncio.create_task(self._run(job, work), name=task_name)
        return job

    async def _run(self, job: LocalJob[P], work: Work[P]) -> None:
        async def report(progress: P) -> None:
            if progress.is_done:
                return  # the end is told once, by _finish, after the run's status is recorded
            # recorded first, so whatever a watcher saw survives a crash
            await self.records.save(job.run_id, progress)
            if not progress.is_done:  # the end is told by _finish, once its status is kept
                job.broadcast.publish(progress)

        status, final = STATUS_FAILED, job.broadcast.state
        try:
            status, final = await work(report)
        except asyncio.CancelledError:
            interrupted = self.records.interrupted_message
            status, final = STATUS_INTERRUPTED, job.broadcast.state.with_error(interrupted)
            raise
        except Exception:
            self.logger.exception("The %s %s failed", self.name, job.run_id)
            status = STATUS_FAILED
            final = job.broadcast.state.with_error(self.unexpected_message)
        finally:
            await self._finish(job, status, final)

    async def _finish(self, job: LocalJob[P], status: str, final: P) -> None:
        done = self.records.finished(final)
        try:
            await self.records.save(job.run_id, done, status=status, finished_at=datetime.now(UTC))
        except Exception:
            self.logger.exception("Could not record the end of the %s %s", self.name, job.run_id)
        finally:
            await self.lock.release()
            job.broadcast.publish(done)
