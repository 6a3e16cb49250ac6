"""The honest floor: GET /api/v1/songs with the fewest statements its contract needs.

A raw ASGI handler, nothing between it and the driver (sqlite3 / asyncpg, pool of 5 as
Tortoise's), the JSON written by orjson, served by uvicorn as wax is. It writes the same body
as wax's REST listing (bench case 1 compares them) and needs, for that body:

- the token check (a live token of an existing user),
- the safe watermark, for `next_cursor` (it bounds the cursor walk), read before the rows,
- the total, for `total`, `last_page` and the links,
- the page in (updated_at, id) order with album and artist joined, one row more than asked
  (whether a next cursor is due).

Two round trips, and no fewer: the token check rides with the watermark, the total with
the page. The watermark cannot join the page's statement: a statement reads its rows at
its snapshot, taken when it starts, and the watermark must be read before that snapshot
(wax.resolvers.watermark), so they are two statements; and asyncpg returns the rows of one
statement per round trip (a multi-statement query string returns none). On SQLite, in
process, the watermark is the clock read under BEGIN IMMEDIATE, the token check in that
same statement; then the page and the total in one more. On PostgreSQL both statements go
over one pooled connection, released without asyncpg's reset query (a third round trip the
baseline has nothing to undo for). The total is counted as wax counts it
(wax.resolvers.row_counts.count_sql), so the floor follows wax's count. An unauthenticated
request stops after the first statement. Only `per_page` and `page` are read from the query
string (the bench asks nothing else).
"""

from __future__ import annotations

import base64
import hashlib
import os
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, urlencode

import asyncpg  # type: ignore[import-untyped]
import orjson

from wax.resolvers.row_counts import count_sql
from wax.resolvers.sql import Statement
from wax.resolvers.watermark import POSTGRES_WATERMARK, SQLITE_NOW

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Tortoise's default asyncpg pool is 1..5 connections: the baseline gets the same
POOL_MAX = 5
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 100
CURSOR_VERSION = "1"

TOKEN_EXISTS = (
    'EXISTS (SELECT 1 FROM "api_tokens" t JOIN "users" u ON u."id" = t."user_id"'
    ' WHERE t."digest" = {p} AND t."revoked_at" IS NULL)'
)
# round trip 1 on PostgreSQL: the watermark (its two reads in order) and the token check
POSTGRES_GATE = (
    f"SELECT w.now, w.oldest, {TOKEN_EXISTS.format(p='$1')} AS authenticated"
    f" FROM ({POSTGRES_WATERMARK.strip()}) AS w"
)
SQLITE_GATE = f"SELECT {SQLITE_NOW}, {TOKEN_EXISTS.format(p='?')}"
# round trip 2: the total beside the page; the outer join keeps the total on an empty page
PAGE_SQL = (
    "SELECT c.total, p.* FROM (SELECT {count} AS total) AS c LEFT JOIN ("
    'SELECT s."id", s."title", s."artist_id", ar."name" AS artist_name, s."album_id",'
    ' al."name" AS album_name, al."cover", s."length", s."track", s."disc", s."year",'
    ' s."genre", s."audio_format", s."bitrate", s."sample_rate", s."size", s."path",'
    ' s."created_at", s."updated_at"'
    ' FROM "songs" s LEFT JOIN "artists" ar ON ar."id" = s."artist_id"'
    ' LEFT JOIN "albums" al ON al."id" = s."album_id"'
    ' ORDER BY s."updated_at", s."id" LIMIT {limit} OFFSET {offset}'
    ') AS p ON 1 = 1 ORDER BY p."updated_at", p."id"'
)
SONG_KEYS = (
    "id",
    "title",
    "artist_id",
    "artist_name",
    "album_id",
    "album_name",
    "album_cover",
    "length",
    "track",
    "disc",
    "year",
    "genre",
    "audio_format",
    "bitrate",
    "sample_rate",
    "size",
    "path",
    "created_at",
    "updated_at",
)
# where a page row (the song's values in SONG_KEYS order) holds its stamps
CREATED, UPDATED = SONG_KEYS.index("created_at"), SONG_KEYS.index("updated_at")
UNAUTHENTICATED = orjson.dumps({"message": "Unauthenticated."})


def _page_sql(postgres: bool) -> str:
    statement = Statement(postgres)
    count = count_sql(statement, "songs", None)
    if statement.values:
        raise RuntimeError("the total of every song takes no parameter")
    limit, offset = ("$1", "$2") if postgres else ("?", "?")
    return PAGE_SQL.format(count=count, limit=limit, offset=offset)


def stamp(moment: datetime) -> str:
    """As wax writes them: UTC, whole seconds."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


Rows = list[tuple[Any, ...]]


class Database(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...

    async def listing(self, digest: str, limit: int, offset: int) -> tuple[datetime, int, Rows]:
        """The watermark, the total, and the page's rows (id, ..., created_at, updated_at);
        Unauthenticated when the token is not good."""


class Unauthenticated(Exception):
    pass


class SqliteDatabase:
    """sqlite3 called directly on the event loop, no thread hop.

    Measured against the same statements on one worker thread (as aiosqlite runs them), 100k
    songs, wrk at 32 connections, three alternating rounds on the shared 2-core machine: with
    the page's COUNT(*) the thread served a little more (it overlaps the count with HTTP work)
    at more CPU (3.5-4.1 against 3.3-3.7 ms a request); with a total that costs nothing (the
    direction of wax's counts) inline took 1.5 ms a request against 1.7-2.5 and served more in
    two rounds of three. Inline is the floor once counting is O(1).
    """

    def __init__(self, path: str) -> None:
        self.path = path

    async def open(self) -> None:
        self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.page_sql = _page_sql(postgres=False)

    async def close(self) -> None:
        self.connection.close()

    async def listing(self, digest: str, limit: int, offset: int) -> tuple[datetime, int, Rows]:
        return self.listing_now(digest, limit, offset)

    def listing_now(self, digest: str, limit: int, offset: int) -> tuple[datetime, int, Rows]:
        # wax's watermark on SQLite: the clock, read while holding the write lock
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            now, authenticated = self.connection.execute(SQLITE_GATE, (digest,)).fetchone()
        finally:
            self.connection.execute("COMMIT")
        if not authenticated:
            raise Unauthenticated
        rows = self.connection.execute(self.page_sql, (limit, offset)).fetchall()
        songs = [
            (*row[1:18], datetime.fromisoformat(row[18]), datetime.fromisoformat(row[19]))
            for row in rows
            if row[1] is not None
        ]
        return datetime.fromisoformat(now), int(rows[0][0]), songs


async def _no_reset(connection: asyncpg.Connection) -> None:
    """Nothing to undo: these connections take no lock, cursor, LISTEN or SET."""


class PostgresDatabase:
    """One pooled connection a request, both statements on it, released without a reset query
    (asyncpg's default sends one more round trip on every release)."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        self.pool = await asyncpg.create_pool(
            self.url, min_size=1, max_size=POOL_MAX, reset=_no_reset
        )
        self.page_sql = _page_sql(postgres=True)

    async def close(self) -> None:
        await self.pool.close()

    async def listing(self, digest: str, limit: int, offset: int) -> tuple[datetime, int, Rows]:
        async with self.pool.acquire() as connection:
            now, oldest, authenticated = await connection.fetchrow(POSTGRES_GATE, digest)
            if not authenticated:
                raise Unauthenticated
            rows = await connection.fetch(self.page_sql, limit, offset)
        songs = [
            (str(row[1]), row[2], str(row[3]), row[4], str(row[5]), *row[6:20])
            for row in rows
            if row[1] is not None
        ]
        bound = now if oldest is None else min(now, oldest)
        return bound, int(rows[0][0]), songs


def cursor(bound: datetime, row: tuple[Any, ...]) -> str:
    """wax's keyset cursor (wax.resolvers.pagination.Cursor): version, kind, bound, key."""
    parts = (CURSOR_VERSION, "songs", bound.isoformat(), row[UPDATED].isoformat(), str(row[0]))
    return base64.urlsafe_b64encode("|".join(parts).encode()).decode().rstrip("=")


def paginated(
    base: str,
    params: dict[str, str],
    rows: list[tuple[Any, ...]],
    total: int,
    bound: datetime,
    page: int,
    per_page: int,
) -> bytes:
    """The Laravel paginator body wax's REST listing writes (wax.rest_compat.laravel)."""

    def link(number: int) -> str:
        return f"{base}?{urlencode({**params, 'page': str(number)}, quote_via=quote)}"

    items = rows[:per_page]
    data = []
    for row in items:
        song = dict(zip(SONG_KEYS, row, strict=True))
        song["created_at"] = stamp(row[CREATED])
        song["updated_at"] = stamp(row[UPDATED])
        data.append(song)
    last_page = max(1, -(-total // per_page))
    first = (page - 1) * per_page + 1 if data else None
    has_next = len(rows) > per_page and rows[per_page][UPDATED] < bound
    body = {
        "data": data,
        "links": {
            "first": link(1),
            "last": link(last_page),
            "prev": link(min(page - 1, last_page)) if page > 1 else None,
            "next": link(page + 1) if page < last_page else None,
        },
        "meta": {
            "current_page": page,
            "from": first,
            "last_page": last_page,
            "per_page": per_page,
            "to": None if first is None else first + len(data) - 1,
            "total": total,
            "path": base,
            "next_cursor": cursor(bound, items[-1]) if has_next else None,
        },
    }
    return orjson.dumps(body)


async def respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def bearer_digest(scope: Scope) -> str | None:
    scheme, _, token = (header(scope, b"authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return hashlib.sha256(token.strip().encode()).hexdigest()
    return None


class Baseline:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        path = scope["path"]
        if path == "/healthz":
            await respond(send, 200, b'{"status":"ok"}')
            return
        if path != "/api/v1/songs":
            await respond(send, 404, b'{"message":"Not Found"}')
            return
        digest = bearer_digest(scope)
        query = dict(parse_qsl(scope["query_string"].decode()))
        per_page = min(PER_PAGE_MAX, int(query.get("per_page", PER_PAGE_DEFAULT)))
        page = max(1, int(query.get("page", "1")))
        params = {k: v for k, v in query.items() if k not in {"page", "cursor"}}
        if "per_page" in params:
            params["per_page"] = str(per_page)
        try:
            if digest is None:
                raise Unauthenticated
            listed = await self.database.listing(digest, per_page + 1, (page - 1) * per_page)
        except Unauthenticated:
            await respond(send, 401, UNAUTHENTICATED)
            return
        bound, total, rows = listed
        base = f"{scope['scheme']}://{header(scope, b'host')}{path}"
        await respond(send, 200, paginated(base, params, rows, total, bound, page, per_page))

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.database.open()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.database.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def app_from_environment() -> Baseline:
    url = os.environ["BENCH_DATABASE_URL"]
    if url.startswith("sqlite://"):
        return Baseline(SqliteDatabase(url[len("sqlite://") :]))
    return Baseline(PostgresDatabase(url))
