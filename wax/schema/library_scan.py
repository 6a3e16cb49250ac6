"""The library scan in GraphQL: startLibraryScan, libraryScans, the libraryScan subscription."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from graphql import GraphQLError

from wax import errors, models
from wax.resolvers import library_scan
from wax.schema.context import Info
from wax.schema.limits import SCAN_RUNS, limited

ScanRunsFirst = Annotated[int | None, strawberry.argument(description=SCAN_RUNS.description)]
Full = Annotated[
    bool,
    strawberry.argument(
        description="Re-read every file, not only new and changed ones. A scan already "
        "running is attached to whatever its `full`."
    ),
]

# the codes a client can tell these refusals by
CODES: tuple[tuple[type[errors.WaxError], str], ...] = (
    (errors.Forbidden, "FORBIDDEN"),
    (errors.MusicFolderNotConfigured, "MUSIC_FOLDER_NOT_CONFIGURED"),
    (errors.InvalidInput, "BAD_USER_INPUT"),
    (errors.Conflict, "CONFLICT"),
)


@contextmanager
def refusals_as_graphql_errors() -> Iterator[None]:
    try:
        yield
    except errors.WaxError as exc:
        for error_type, code in CODES:
            if isinstance(exc, error_type):
                raise GraphQLError(exc.message, extensions={"code": code}) from None
        raise


@strawberry.enum(description="Where a scan is: reading the music folder, or done.")
class LibraryScanStatus(Enum):
    SCANNING = "scanning"
    DONE = "done"


@strawberry.type(description="How far a library scan has got; the last one has status DONE.")
class LibraryScanProgress:
    scan_id: uuid.UUID = strawberry.field(description="The scan's run (libraryScans).")
    status: LibraryScanStatus
    total_files: int = strawberry.field(description="Audio files found in the music folder.")
    scanned_files: int = strawberry.field(description="Of those, how many were looked at.")
    new_songs: int
    updated_songs: int
    removed_songs: int = strawberry.field(description="Songs whose file is gone.")
    errors: list[str] = strawberry.field(description="Files that could not be read, and why.")

    @classmethod
    def from_domain(
        cls, scan_id: uuid.UUID, progress: library_scan.ScanProgress
    ) -> LibraryScanProgress:
        return cls(
            scan_id=scan_id,
            status=LibraryScanStatus(progress.status),
            total_files=progress.total_files,
            scanned_files=progress.scanned_files,
            new_songs=progress.new_songs,
            updated_songs=progress.updated_songs,
            removed_songs=progress.removed_songs,
            errors=list(progress.errors),
        )


@strawberry.type(description="One run of the library scan, as recorded.")
class LibraryScan:
    id: uuid.UUID
    status: str = strawberry.field(
        description="running, succeeded, failed, aborted (the music folder was missing, "
        "unreadable or empty: nothing was deleted) or interrupted."
    )
    full: bool = strawberry.field(description="Every file re-read, not only the changed ones.")
    total_files: int
    scanned_files: int
    new_songs: int
    updated_songs: int
    removed_songs: int
    errors: list[str]
    started_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_model(cls, run: models.ScanRun) -> LibraryScan:
        return cls(
            id=run.id,
            status=run.status,
            full=run.full,
            total_files=run.total_files,
            scanned_files=run.scanned_files,
            new_songs=run.new_songs,
            updated_songs=run.updated_songs,
            removed_songs=run.removed_songs,
            errors=list(run.errors or ()),
            started_at=run.started_at,
            finished_at=run.finished_at,
        )


@strawberry.type
class LibraryScanQuery:
    @strawberry.field(
        description="The latest library scans, newest first (admins only).",
        metadata=limited(SCAN_RUNS),
    )
    async def library_scans(
        self, info: Info, first: ScanRunsFirst = SCAN_RUNS.default
    ) -> list[LibraryScan]:
        viewer = info.context.require_viewer()
        with refusals_as_graphql_errors():
            runs = await library_scan.recent_scan_runs(viewer, SCAN_RUNS.first(first))
        return [LibraryScan.from_model(run) for run in runs]


@strawberry.type
class LibraryScanMutation:
    @strawberry.mutation(
        description="Scan the music folder, or join the scan running; returns its run "
        "(admins only)."
    )
    async def start_library_scan(self, info: Info, full: Full = False) -> LibraryScan:
        context = info.context
        with refusals_as_graphql_errors():
            started = await library_scan.start_or_attach(
                context.services.library_scan, context.require_viewer(), full
            )
            return LibraryScan.from_model(await library_scan.get_scan_run(started.run_id))


@strawberry.type
class LibraryScanSubscription:
    @strawberry.subscription(
        description="Scan the music folder or attach to the scan running, and follow it to "
        "DONE (admins only)."
    )
    async def library_scan(
        self, info: Info, full: Full = False
    ) -> AsyncGenerator[LibraryScanProgress, None]:
        context = info.context
        with refusals_as_graphql_errors():
            started = await library_scan.start_or_attach(
                context.services.library_scan, context.require_viewer(), full
            )
        async for progress in started.updates():
            yield LibraryScanProgress.from_domain(started.run_id, progress)
