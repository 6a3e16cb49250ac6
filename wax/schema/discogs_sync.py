"""The Discogs sync in GraphQL: the discogsSync subscription, startDiscogsSync, discogsSyncRuns."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from graphql import GraphQLError

from wax import errors, models
from wax.resolvers import discogs_sync
from wax.schema.context import Info
from wax.schema.limits import SYNC_RUNS, limited

SyncRunsFirst = Annotated[int | None, strawberry.argument(description=SYNC_RUNS.description)]


@strawberry.enum(description="Where a sync is: pulling from Discogs, pushing to it, or done.")
class SyncPhase(Enum):
    PULL = "pull"
    PUSH = "push"
    DONE = "done"


@strawberry.type(description="How far a Discogs sync has got; the last one has phase DONE.")
class SyncProgress:
    phase: SyncPhase
    pulled: int = strawberry.field(description="Releases from Discogs inserted here.")
    pushed: int = strawberry.field(description="Local records added to the Discogs collection.")
    skipped: int = strawberry.field(description="Collection releases that were already here.")
    errors: list[str]
    total_discogs_items: int = strawberry.field(description="Items in the Discogs collection.")

    @classmethod
    def from_domain(cls, progress: discogs_sync.SyncProgress) -> SyncProgress:
        return cls(
            phase=SyncPhase(progress.phase),
            pulled=progress.pulled,
            pushed=progress.pushed,
            skipped=progress.skipped,
            errors=list(progress.errors),
            total_discogs_items=progress.total_discogs_items,
        )


@strawberry.type(description="One run of the Discogs sync, as recorded.")
class SyncRun:
    id: uuid.UUID
    status: str = strawberry.field(description="running, succeeded, failed or interrupted.")
    started_at: datetime
    finished_at: datetime | None
    progress: SyncProgress

    @classmethod
    def from_model(cls, run: models.SyncRun) -> SyncRun:
        return cls(
            id=run.id,
            status=run.status,
            started_at=run.started_at,
            finished_at=run.finished_at,
            progress=SyncProgress.from_domain(discogs_sync.progress_of(run)),
        )


@strawberry.type
class DiscogsSyncQuery:
    @strawberry.field(
        description="The latest Discogs sync runs, newest first (admins only).",
        metadata=limited(SYNC_RUNS),
    )
    async def discogs_sync_runs(
        self, info: Info, first: SyncRunsFirst = SYNC_RUNS.default
    ) -> list[SyncRun]:
        viewer = info.context.require_viewer()
        count = SYNC_RUNS.default if first is None else first
        try:
            runs = await discogs_sync.recent_sync_runs(viewer, count)
        except errors.InvalidInput as exc:
            raise GraphQLError(exc.message, extensions={"code": "BAD_USER_INPUT"}) from None
        return [SyncRun.from_model(run) for run in runs]


@strawberry.type
class DiscogsSyncMutation:
    @strawberry.mutation(
        description="Start a Discogs sync, or join the one running; returns its run (admins only)."
    )
    async def start_discogs_sync(self, info: Info) -> SyncRun:
        context = info.context
        handle = await discogs_sync.start_or_attach(
            context.services.discogs_sync, context.require_viewer()
        )
        return SyncRun.from_model(await discogs_sync.get_sync_run(handle.run_id))


@strawberry.type
class DiscogsSyncSubscription:
    @strawberry.subscription(
        description="Start a Discogs sync or attach to the running one, and follow it to DONE."
    )
    async def discogs_sync(self, info: Info) -> AsyncGenerator[SyncProgress, None]:
        context = info.context
        handle = await discogs_sync.start_or_attach(
            context.services.discogs_sync, context.require_viewer()
        )
        async for progress in handle.updates():
            yield SyncProgress.from_domain(progress)
