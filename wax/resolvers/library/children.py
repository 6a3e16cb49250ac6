"""The first few children of many parents, in one statement: an album's songs, an artist's
albums, a playlist's songs.

Each parent gets at most `first` rows, picked by the database (ROW_NUMBER over the parent,
in the list's order), so a query asking for the first 10 songs of 100 albums reads at most
1,000 rows however long the albums are. Many parents are asked in several statements of
at most ROWS_PER_STATEMENT rows each.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from tortoise.models import Model

from wax.models import Album, Song
from wax.resolvers.sql import Statement, connection, is_postgres

M = TypeVar("M", bound=Model)

PARENT = "wax_parent"
RANK = "wax_rank"
# at most about this many rows a statement: SQLite serves every request through one
# connection, which a long statement would hold (and /healthz wait) meanwhile
ROWS_PER_STATEMENT = 250


def _ids(ids: Iterable[uuid.UUID | str]) -> list[str]:
    return sorted({str(item_id) for item_id in ids})


async def _first_of_each(
    model: type[M],
    parents: Iterable[uuid.UUID],
    first: int,
    *,
    source: str,
    parent_column: str,
    order: str,
) -> dict[uuid.UUID, list[M]]:
    """`source` holds the model's columns as c.*, `parent_column` and `order` over it."""
    grouped: dict[uuid.UUID, list[M]] = defaultdict(list)
    wanted = _ids(parents)
    per_statement = max(1, ROWS_PER_STATEMENT // first)
    for start in range(0, len(wanted), per_statement):
        for row in await _statement(
            model, wanted[start : start + per_statement], first, source, parent_column, order
        ):
            grouped[uuid.UUID(str(getattr(row, PARENT)))].append(row)
    return grouped


async def _statement(
    model: type[M],
    parents: list[str],
    first: int,
    source: str,
    parent_column: str,
    order: str,
) -> list[M]:
    client = connection()
    statement = Statement(is_postgres(client))
    listed = ", ".join(statement.param(parent_id) for parent_id in parents)
    sql = (
        f'SELECT * FROM (SELECT c.*, {parent_column} AS "{PARENT}",'
        f' ROW_NUMBER() OVER (PARTITION BY {parent_column} ORDER BY {order}) AS "{RANK}"'
        f" FROM {source} WHERE {parent_column} IN ({listed})) ranked"
        f' WHERE "{RANK}" <= {statement.param(first)} ORDER BY "{RANK}"'
    )
    # Tortoise's own row decoding, which yields to the event loop every 2,000 rows
    executor = client.executor_class(model=model, db=client)
    rows: list[M] = await executor.execute_select(sql, statement.values, custom_fields=[PARENT])
    return rows


async def songs_of_albums(ids: Iterable[uuid.UUID], first: int) -> dict[uuid.UUID, list[Song]]:
    """Each album's first songs by disc, track, title and id."""
    return await _first_of_each(
        Song,
        ids,
        first,
        source='"songs" c',
        parent_column='c."album_id"',
        order='c."disc", c."track", c."title", c."id"',
    )


async def albums_of_artists(ids: Iterable[uuid.UUID], first: int) -> dict[uuid.UUID, list[Album]]:
    """Each artist's first albums by name and id."""
    return await _first_of_each(
        Album,
        ids,
        first,
        source='"albums" c',
        parent_column='c."artist_id"',
        order='c."name", c."id"',
    )


async def songs_of_playlists(ids: Iterable[uuid.UUID], first: int) -> dict[uuid.UUID, list[Song]]:
    """Each playlist's first songs in playlist order (position, then entry id)."""
    return await _first_of_each(
        Song,
        ids,
        first,
        source='"playlist_songs" e JOIN "songs" c ON c."id" = e."song_id"',
        parent_column='e."playlist_id"',
        order='e."position", e."id"',
    )
