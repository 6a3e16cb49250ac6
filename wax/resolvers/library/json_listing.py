"""A listing whose rows come as JSON objects the database builds: a page source for paginate.

The REST face's song listing: a page of 100 songs as dataclasses, then dicts, then orjson,
took most of the route's CPU (bench/results/profile-rest-*.txt: decoding 10 %, the stamps'
isoformat 12 %, the dicts 5 %); built by the database (wax.resolvers.library.json_pages'
node builder, the same as GraphQL's compiled path) each row is one text column, written out
as it comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wax.resolvers.dates import as_utc
from wax.resolvers.library.cover_links import CoverLinks
from wax.resolvers.library.json_pages import bind_covers, node_json_sql
from wax.resolvers.library.page_plans import NodeField
from wax.resolvers.library.song_listing import where
from wax.resolvers.pagination import Window, window_conditions
from wax.resolvers.row_counts import count_rows, count_sql
from wax.resolvers.sql import Statement, connection, is_postgres, read_rows


@dataclass(slots=True)
class JsonItem:
    id: str
    updated_at: datetime
    json: str  # the row's JSON object, as text


class JsonSource:
    """The rows of `table` as JSON objects of `fields`, in sync order."""

    def __init__(self, table: str, fields: tuple[NodeField, ...]) -> None:
        self.table = table
        self.fields = fields
        self._shapes: dict[bool, tuple[str, str]] = {}

    async def count(self, updated_since: datetime | None) -> int:
        return await count_rows(self.table, updated_since)

    def bound(self, covers: CoverLinks) -> BoundJsonSource:
        """This listing for one request, its albums' covers signed with `covers`."""
        return BoundJsonSource(self, covers)

    async def rows(
        self, window: Window, covers: CoverLinks | None = None
    ) -> tuple[list[JsonItem], int | None]:
        client = connection()
        postgres = is_postgres(client)
        shape = self._shapes.get(postgres)
        if shape is None:
            shape = self._shapes[postgres] = node_json_sql(self.fields, self.table, postgres)
        node, joins = shape
        statement = Statement(postgres)
        node = bind_covers(node, statement, covers)  # first in the text
        total = count_sql(statement, self.table, window.updated_since)
        conditions = window_conditions(statement, window)
        limit = statement.param(window.limit)
        offset = statement.param(window.offset)
        rows = await read_rows(
            client,
            f'SELECT {node}{"::text" if postgres else ""}, s."updated_at", s."id", {total}'
            f' FROM "{self.table}" s{joins}{where(conditions)}'
            f' ORDER BY s."updated_at", s."id" LIMIT {limit} OFFSET {offset}',
            statement.values,
        )
        counted = int(rows[0][3]) if rows else None
        return [_item(row, postgres) for row in rows], counted


@dataclass(frozen=True, slots=True)
class BoundJsonSource:
    source: JsonSource
    covers: CoverLinks

    @property
    def table(self) -> str:
        return self.source.table

    async def count(self, updated_since: datetime | None) -> int:
        return await self.source.count(updated_since)

    async def rows(self, window: Window) -> tuple[list[JsonItem], int | None]:
        return await self.source.rows(window, self.covers)


def _item(row: Any, postgres: bool) -> JsonItem:
    if postgres:  # asyncpg gives UUIDs and aware datetimes
        return JsonItem(str(row[2]), row[1], row[0])
    return JsonItem(row[2], as_utc(datetime.fromisoformat(row[1])), row[0])
