"""Incremental sync: what changed overall (status) and what was deleted since a moment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from wax.models import DeletedItem, Record, User
from wax.resolvers.dates import as_utc, ceil_to_second, client_moment
from wax.resolvers.pagination import Page, PageRequest, QuerySetSource, paginate
from wax.resolvers.row_counts import count_sql
from wax.resolvers.sql import Statement, connection, is_postgres
from wax.resolvers.tombstones import cutoff_at
from wax.resolvers.watermark import SQLITE_NOW, safe_watermark

SHARED_TYPES = ("songs", "albums", "artists", "records")


@dataclass(frozen=True)
class EntityStatus:
    count: int
    last_updated: datetime | None


@dataclass(frozen=True)
class SyncStatus:
    songs: EntityStatus
    albums: EntityStatus
    artists: EntityStatus
    playlists: EntityStatus  # the user's own
    records: EntityStatus
    # the latest change or deletion the user can see
    library_updated_at: datetime | None


@dataclass(frozen=True)
class DeletedItems:
    since: datetime
    queried_at: datetime  # the safe watermark: store it as the next `since`
    retention_cutoff: datetime
    ids: dict[str, list[uuid.UUID]] = field(default_factory=dict)

    @property
    def full_resync_required(self) -> bool:
        """Tombstones after `since` may have been pruned, so a client cannot trust this list."""
        return self.since < self.retention_cutoff

    def of(self, entity_type: str) -> list[uuid.UUID]:
        return self.ids.get(entity_type, [])


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    return as_utc(datetime.fromisoformat(str(value)))


def _visible_tombstones(user: User) -> QuerySet[DeletedItem]:
    return DeletedItem.filter(
        Q(entity_type__in=SHARED_TYPES) | Q(entity_type="playlists", owner_id=user.id)
    )


def _status_sql(statement: Statement, user: User) -> str:
    """One row: each type's kept count and latest stamp (an index read each), then the
    latest visible deletion of each type."""
    columns: list[str] = []
    for table in (*SHARED_TYPES, "playlists"):
        owned = table == "playlists"
        # placeholders in the order they appear (SQLite's are positional)
        columns.append(count_sql(statement, table, None, owner=user.id if owned else None))
        mine = f' WHERE "user_id" = {statement.param(str(user.id))}' if owned else ""
        columns.append(f'(SELECT MAX("updated_at") FROM "{table}"{mine})')
    for entity_type in (*SHARED_TYPES, "playlists"):
        mine = ""
        if entity_type == "playlists":
            mine = f' AND "owner_id" = {statement.param(str(user.id))}'
        columns.append(
            f'(SELECT MAX("deleted_at") FROM "deleted_items"'
            f" WHERE \"entity_type\" = '{entity_type}'{mine})"
        )
    return f"SELECT {', '.join(columns)}"


async def sync_status(user: User) -> SyncStatus:
    client = connection()
    statement = Statement(is_postgres(client))
    _, rows = await client.execute_query(_status_sql(statement, user), statement.values)
    row = tuple(rows[0])
    songs, albums, artists, records, playlists = (
        EntityStatus(int(row[i]), _moment(row[i + 1])) for i in range(0, 10, 2)
    )
    deletions = [moment for moment in map(_moment, row[10:]) if moment]
    moments = [
        s.last_updated for s in (songs, albums, artists, records, playlists) if s.last_updated
    ] + deletions
    return SyncStatus(
        songs=songs,
        albums=albums,
        artists=artists,
        playlists=playlists,
        records=records,
        library_updated_at=max(moments) if moments else None,
    )


async def deleted_items(user: User, since: datetime, *, retention_days: int) -> DeletedItems:
    """Ids deleted at or after `since` that the user may know of, and a watermark to go on from."""
    since = client_moment(since, "since")
    queried_at = await safe_watermark()  # before reading the tombstones it covers
    client = connection()
    statement = Statement(is_postgres(client))
    _, rows = await client.execute_query(
        _tombstones_since(statement, user, since), statement.values
    )
    # the clock of the statement that read them: any pruning it saw had an earlier cutoff
    cutoff = ceil_to_second(cutoff_at(_moment(rows[0][0]) or since, retention_days))
    ids: dict[str, list[uuid.UUID]] = {}
    for _, entity_type, entity_id in rows:
        if entity_type is not None:
            ids.setdefault(entity_type, []).append(uuid.UUID(str(entity_id)))
    return DeletedItems(since=since, queried_at=queried_at, retention_cutoff=cutoff, ids=ids)


def _tombstones_since(statement: Statement, user: User, since: datetime) -> str:
    """The tombstones `user` may see from `since` on, each row with the database's clock
    (one row with the clock alone when there is none)."""
    now = "now()" if statement.postgres else SQLITE_NOW
    shared = ", ".join(statement.param(entity_type) for entity_type in SHARED_TYPES)
    visible = (
        f'(d."entity_type" IN ({shared}) OR'
        f' (d."entity_type" = \'playlists\' AND d."owner_id" = {statement.param(str(user.id))}))'
    )
    return (
        f"SELECT clock.now, t.entity_type, t.entity_id FROM (SELECT {now} AS now) clock"
        ' LEFT JOIN (SELECT d."entity_type", d."entity_id", d."deleted_at", d."id"'
        f' FROM "deleted_items" d WHERE {visible}'
        f' AND d."deleted_at" >= {statement.param(since)}) t ON true'
        " ORDER BY t.deleted_at, t.id"
    )


async def list_records(request: PageRequest) -> Page[Record]:
    """Records in sync order, like the library lists (records are instance-wide)."""
    return await paginate(QuerySetSource(Record.all(), table="records"), "records", request)
