"""Songs in sync order, read as plain rows: the hottest listing skips building ORM objects.

One statement joins each song's album and artist. Ids stay text, as every face shows them
(parsing and printing a UUID costs about 2 µs; a page has 500 ids). A page of 100 decodes in
about half a millisecond, where Tortoise models took about ten (bench/README.md, case 1).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wax.resolvers.pagination import Window, window_conditions
from wax.resolvers.row_counts import count_rows, count_sql
from wax.resolvers.sql import Statement, connection, is_postgres, read_rows


@dataclass(slots=True)
class ListedArtist:
    id: str
    name: str
    image: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class ListedAlbum:
    id: str
    name: str
    year: int | None
    cover: str | None
    cover_path: str | None
    created_at: datetime
    updated_at: datetime
    artist_id: str


@dataclass(slots=True)
class ListedSong:
    id: str
    title: str
    length: float | None
    track: int | None
    disc: int | None
    year: int | None
    genre: str | None
    audio_format: str | None
    bitrate: int | None
    sample_rate: int | None
    size: int | None
    path: str | None
    created_at: datetime
    updated_at: datetime
    album: ListedAlbum
    artist: ListedArtist


COLUMNS = (
    's."id", s."title", s."length", s."track", s."disc", s."year", s."genre",'
    ' s."audio_format", s."bitrate", s."sample_rate", s."size", s."path",'
    ' s."created_at", s."updated_at",'
    ' al."id", al."name", al."year", al."cover", al."cover_path", al."created_at",'
    ' al."updated_at", al."artist_id",'
    ' ar."id", ar."name", ar."image", ar."created_at", ar."updated_at"'
)
JOINS = (
    'LEFT OUTER JOIN "albums" al ON al."id" = s."album_id"'
    ' LEFT OUTER JOIN "artists" ar ON ar."id" = s."artist_id"'
)


def _decode(
    row: Any, as_id: Callable[[Any], str], as_stamp: Callable[[Any], datetime]
) -> ListedSong:
    return ListedSong(
        as_id(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        row[10],
        row[11],
        as_stamp(row[12]),
        as_stamp(row[13]),
        ListedAlbum(
            as_id(row[14]),
            row[15],
            row[16],
            row[17],
            row[18],
            as_stamp(row[19]),
            as_stamp(row[20]),
            as_id(row[21]),
        ),
        ListedArtist(as_id(row[22]), row[23], row[24], as_stamp(row[25]), as_stamp(row[26])),
    )


def _same(value: Any) -> Any:
    return value


def where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def _decoded(rows: list[Any], postgres: bool) -> list[ListedSong]:
    if postgres:  # asyncpg gives UUIDs and aware datetimes
        return [_decode(row, str, _same) for row in rows]
    return [_decode(row, _same, datetime.fromisoformat) for row in rows]


async def listed_song(song_id: uuid.UUID) -> ListedSong | None:
    """One song as the listing reads it, by id."""
    client = connection()
    postgres = is_postgres(client)
    statement = Statement(postgres)
    wanted = statement.param(song_id if postgres else str(song_id))
    query = f'SELECT {COLUMNS} FROM "songs" s {JOINS} WHERE s."id" = {wanted}'
    found = _decoded(await read_rows(client, query, statement.values), postgres)
    return found[0] if found else None


class SongSource:
    """The songs table with album and artist joined, as a page source for `paginate`."""

    async def count(self, updated_since: datetime | None) -> int:
        return await count_rows("songs", updated_since)

    async def rows(self, window: Window) -> tuple[list[ListedSong], int | None]:
        client = connection()
        postgres = is_postgres(client)
        statement = Statement(postgres)
        # the total in the page's own statement: one round trip, one snapshot
        total = count_sql(statement, "songs", window.updated_since)
        conditions = window_conditions(statement, window)
        limit = statement.param(window.limit)
        offset = statement.param(window.offset)
        rows = await read_rows(
            client,
            f'SELECT {COLUMNS}, {total} FROM "songs" s {JOINS}{where(conditions)}'
            f' ORDER BY s."updated_at", s."id" LIMIT {limit} OFFSET {offset}',
            statement.values,
        )
        counted = int(rows[0][len(rows[0]) - 1]) if rows else None
        return _decoded(rows, postgres), counted
