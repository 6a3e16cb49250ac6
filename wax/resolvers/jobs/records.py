"""How a job records its runs: one row per run, with its status and latest progress.

A job's run model (SyncRun, ScanRun) has an id, a status (wax.models.sync_runs), its errors,
started_at and finished_at, and columns of its own for the rest of its progress; the job's
RunRecords subclass says how its progress maps onto them.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, Self, TypeVar, cast

from tortoise.models import Model

from wax.errors import InvalidInput, NotFound
from wax.models.sync_runs import STATUS_INTERRUPTED, STATUS_RUNNING
from wax.resolvers.jobs.broadcast import Progress


class JobProgress(Progress, Protocol):
    def with_error(self, message: str) -> Self: ...


class RunRow(Protocol):
    """The columns every run model has."""

    id: uuid.UUID
    status: str
    errors: list[str]
    started_at: datetime
    finished_at: datetime | None


# the most runs one listing gives
MAX_RUNS_LISTED = 100

RunT = TypeVar("RunT", bound=Model)
P = TypeVar("P", bound=JobProgress)


def row(run: Model) -> RunRow:
    return cast(RunRow, run)


class RunRecords(ABC, Generic[RunT, P]):
    """A job's runs in the database, read and written as progress of type P."""

    model: type[RunT]
    # what a run is called in messages: "sync run", "scan run"
    kind: str
    # the error a run gets when its process stopped before it ended
    interrupted_message: str

    @abstractmethod
    def progress_of(self, run: RunT) -> P:
        """A run's recorded progress; a run that is over is `done`, wherever it stopped."""

    @abstractmethod
    def fields_of(self, progress: P) -> dict[str, Any]:
        """The run's columns that hold `progress` (errors included)."""

    @abstractmethod
    def finished(self, progress: P) -> P:
        """`progress` as the last one a run reports: `done`."""

    async def get(self, run_id: uuid.UUID) -> RunT:
        return await self.model.get(id=run_id)

    async def named(self, run_id: uuid.UUID) -> RunT:
        """The run with that id; NotFound when there is none."""
        run = await self.model.get_or_none(id=run_id)
        if run is None:
            raise NotFound(f"No {self.kind} {run_id}.")
        return run

    async def recent(self, first: int) -> list[RunT]:
        """The latest `first` runs (1 to MAX_RUNS_LISTED), newest first."""
        if not 1 <= first <= MAX_RUNS_LISTED:
            raise InvalidInput(f"first must be between 1 and {MAX_RUNS_LISTED}.", field="first")
        return await self.model.all().order_by("-started_at", "-id").limit(first)

    async def latest_running(self) -> RunT | None:
        return await self.model.filter(status=STATUS_RUNNING).order_by("-started_at").first()

    async def save(
        self,
        run_id: uuid.UUID,
        progress: P,
        *,
        status: str | None = None,
        finished_at: datetime | None = None,
    ) -> None:
        values = self.fields_of(progress)
        if status is not None:
            values.update(status=status, finished_at=finished_at)
        await self.model.filter(id=run_id).update(**values)

    async def mark_interrupted(self, run_id: uuid.UUID | None = None) -> int:
        """Close runs whose process died (all of them, or one): status interrupted, and why."""
        query = self.model.filter(status=STATUS_RUNNING)
        if run_id is not None:
            query = query.filter(id=run_id)
        runs = [row(run) for run in await query]
        for run in runs:
            run.status = STATUS_INTERRUPTED
            run.errors = [*(run.errors or []), self.interrupted_message]
            run.finished_at = datetime.now(UTC)
            await cast(Model, run).save(update_fields=["status", "errors", "finished_at"])
        return len(runs)
