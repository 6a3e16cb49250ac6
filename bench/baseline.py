"""The practical limit: a raw ASGI handler for GET /api/v1/songs, nothing between it and the driver.

It runs the same SQL as wax's songs listing (the token lookup, wax's watermark, the count
for the paginator, the page with its album and artist joined) with the driver directly
(sqlite3 / asyncpg), and writes the same JSON with orjson. Served by uvicorn as wax is.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import parse_qs

import asyncpg  # type: ignore[import-untyped]
import orjson

from wax.resolvers.watermark import POSTGRES_WATERMARK, SQLITE_NOW

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Tortoise's default asyncpg pool is 1..5 connections: the baseline gets the same
POOL_MAX = 5
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 100

# the statements wax's listing runs (bench case 3 prints them), in the driver's dialect
TOKEN_SQL = (
    'SELECT t."id", t."user_id", t."digest", t."prefix", t."label", t."created_at",'
    ' t."last_used_at", t."revoked_at", u."id", u."name", u."is_admin", u."created_at"'
    ' FROM "api_tokens" t LEFT OUTER JOIN "users" u ON u."id" = t."user_id"'
    ' WHERE t."digest" = {p1} AND t."revoked_at" IS NULL LIMIT 2'
)
COUNT_SQL = 'SELECT COUNT(*) FROM "songs"'
# the first 14 columns make the JSON; the rest are read as wax reads them
PAGE_SQL = (
    'SELECT s."id", s."title", s."artist_id", ar."name", s."album_id", al."name", al."cover",'
    ' s."length", s."track", s."disc", s."year", s."genre", s."created_at", s."updated_at",'
    ' ar."id", ar."image", ar."created_at", ar."updated_at",'
    ' al."id", al."year", al."artist_id", al."created_at", al."updated_at"'
    ' FROM "songs" s LEFT OUTER JOIN "artists" ar ON ar."id" = s."artist_id"'
    ' LEFT OUTER JOIN "albums" al ON al."id" = s."album_id"'
    ' ORDER BY s."updated_at", s."id" LIMIT {p1} OFFSET {p2}'
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
    "created_at",
    "updated_at",
)
UNAUTHENTICATED = orjson.dumps({"message": "Unauthenticated."})


def sqlite_stamp(text: str) -> str:
    # stored as '2024-01-20 15:30:00.123456+00:00' (UTC); written as '2024-01-20T15:30:00+00:00'
    return f"{text[:10]}T{text[11:19]}+00:00"


def postgres_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


class Database(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def user(self, digest: str) -> Any: ...
    async def songs(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]: ...


class SqliteDatabase:
    """sqlite3 called directly on the event loop: no thread hop; a query here takes microseconds."""

    def __init__(self, path: str) -> None:
        self.path = path

    async def open(self) -> None:
        self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.token_sql = TOKEN_SQL.format(p1="?")
        self.page_sql = PAGE_SQL.format(p1="?", p2="?")

    async def close(self) -> None:
        self.connection.close()

    async def user(self, digest: str) -> Any:
        return self.connection.execute(self.token_sql, (digest,)).fetchone()

    async def songs(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        # wax's watermark on SQLite: the clock, read while holding the write lock
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute(f"SELECT {SQLITE_NOW}").fetchone()
        self.connection.execute("COMMIT")
        total = self.connection.execute(COUNT_SQL).fetchone()[0]
        rows = self.connection.execute(self.page_sql, (limit + 1, offset)).fetchall()[:limit]
        songs = []
        for row in rows:
            song = dict(zip(SONG_KEYS, row[:14], strict=True))
            song["created_at"] = sqlite_stamp(row[12])
            song["updated_at"] = sqlite_stamp(row[13])
            songs.append(song)
        return total, songs


class PostgresDatabase:
    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        self.pool = await asyncpg.create_pool(self.url, min_size=1, max_size=POOL_MAX)
        self.token_sql = TOKEN_SQL.format(p1="$1")
        self.page_sql = PAGE_SQL.format(p1="$1", p2="$2")

    async def close(self) -> None:
        await self.pool.close()

    async def user(self, digest: str) -> Any:
        return await self.pool.fetchrow(self.token_sql, digest)

    async def songs(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        async with self.pool.acquire() as connection:
            await connection.fetchrow(POSTGRES_WATERMARK)
            total = await connection.fetchval(COUNT_SQL)
            rows = (await connection.fetch(self.page_sql, limit + 1, offset))[:limit]
        songs = []
        for row in rows:
            song = dict(zip(SONG_KEYS, row[:14], strict=True))
            song["id"] = str(row[0])
            song["artist_id"] = str(row[2])
            song["album_id"] = str(row[4])
            song["created_at"] = postgres_stamp(row[12])
            song["updated_at"] = postgres_stamp(row[13])
            songs.append(song)
        return total, songs


def next_cursor(song: dict[str, Any]) -> str:
    text = f"1|songs|{song['updated_at']}|{song['updated_at']}|{song['id']}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def paginated(songs: list[dict[str, Any]], total: int, page: int, per_page: int) -> bytes:
    """The Laravel paginator body wax's REST listing writes."""
    path = "http://127.0.0.1/api/v1/songs"
    last_page = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    return orjson.dumps(
        {
            "data": songs,
            "links": {
                "first": f"{path}?page=1",
                "last": f"{path}?page={last_page}",
                "prev": f"{path}?page={page - 1}" if page > 1 else None,
                "next": f"{path}?page={page + 1}" if page < last_page else None,
            },
            "meta": {
                "current_page": page,
                "from": start + 1 if songs else None,
                "last_page": last_page,
                "per_page": per_page,
                "to": start + len(songs) if songs else None,
                "total": total,
                "path": path,
                "next_cursor": next_cursor(songs[-1]) if page < last_page else None,
            },
        }
    )


async def respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def bearer_digest(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token:
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
        if digest is None or await self.database.user(digest) is None:
            await respond(send, 401, UNAUTHENTICATED)
            return
        query = parse_qs(scope["query_string"].decode())
        per_page = min(PER_PAGE_MAX, int(query.get("per_page", [PER_PAGE_DEFAULT])[0]))
        page = max(1, int(query.get("page", ["1"])[0]))
        total, songs = await self.database.songs(per_page, (page - 1) * per_page)
        await respond(send, 200, paginated(songs, total, page, per_page))

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
