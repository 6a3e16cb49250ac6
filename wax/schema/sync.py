"""syncStatus and deletedItems: the GraphQL face of incremental sync."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from wax.errors import InvalidInput
from wax.resolvers import sync
from wax.schema.context import Info
from wax.schema.pagination import bad_input


@strawberry.type
class EntitySyncStatus:
    count: int
    last_updated: datetime | None

    @classmethod
    def of(cls, status: sync.EntityStatus) -> EntitySyncStatus:
        return cls(count=status.count, last_updated=status.last_updated)


@strawberry.type(description="Counts and latest changes; playlists are your own.")
class SyncStatus:
    songs: EntitySyncStatus
    albums: EntitySyncStatus
    artists: EntitySyncStatus
    playlists: EntitySyncStatus
    records: EntitySyncStatus
    library_updated_at: datetime | None = strawberry.field(
        description="The latest change or deletion you can see."
    )


@strawberry.type(description="Ids deleted at or after `since`; store queriedAt for next time.")
class DeletedItems:
    songs: list[uuid.UUID]
    albums: list[uuid.UUID]
    artists: list[uuid.UUID]
    playlists: list[uuid.UUID]
    records: list[uuid.UUID]
    since: datetime
    queried_at: datetime = strawberry.field(
        description="A safe watermark: pass it as the next since / updatedSince."
    )
    full_resync_required: bool = strawberry.field(
        description="Tombstones after since may have been pruned: download everything again."
    )
    retention_cutoff: datetime | None = strawberry.field(
        description="Deletions before this moment may be forgotten."
    )


@strawberry.type
class SyncQuery:
    @strawberry.field(description="Counts and latest changes, to decide whether to sync.")
    async def sync_status(self, info: Info) -> SyncStatus:
        status = await sync.sync_status(info.context.require_viewer())
        return SyncStatus(
            songs=EntitySyncStatus.of(status.songs),
            albums=EntitySyncStatus.of(status.albums),
            artists=EntitySyncStatus.of(status.artists),
            playlists=EntitySyncStatus.of(status.playlists),
            records=EntitySyncStatus.of(status.records),
            library_updated_at=status.library_updated_at,
        )

    @strawberry.field(description="What was deleted since a moment (a date means midnight UTC).")
    async def deleted_items(self, info: Info, since: datetime) -> DeletedItems:
        user = info.context.require_viewer()
        retention_days = info.context.services.settings.tombstone_retention_days
        try:
            items = await sync.deleted_items(user, since, retention_days=retention_days)
        except InvalidInput as exc:
            raise bad_input(exc) from None
        return DeletedItems(
            songs=items.of("songs"),
            albums=items.of("albums"),
            artists=items.of("artists"),
            playlists=items.of("playlists"),
            records=items.of("records"),
            since=items.since,
            queried_at=items.queried_at,
            full_resync_required=items.full_resync_required,
            retention_cutoff=items.retention_cutoff,
        )
