"""How many times wax waits on its database for one request.

PostgreSQL: a proxy between wax and the server reads the wire protocol from wax's side and
counts every Sync (the end of an extended-protocol exchange: Parse/Bind/Execute... then wait)
and every simple Query, each one round trip. It answers the driver's SSL request itself with
"no", so the stream it reads is plain.

SQLite has no wire: a round trip there is a hop to the driver's thread, so the count is of the
statements SQLite runs, less the BEGIN and COMMIT that go in the same hop as the statement
they bracket (sqlite3's trace callback sees every statement, also those sent past Tortoise).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from starlette.applications import Starlette
from tortoise import Tortoise

from tests import databases
from tests.conftest import UNREACHABLE_DISCOGS, Account, asgi_client, make_account
from tests.library import seed
from tests.servers import running_app
from wax.settings import Settings
from wax.tortoise_internals import in_driver_thread

SSL_REQUEST = 80877103
GSS_REQUEST = 80877104
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")


class WireCounter:
    """Counts the round trips in the bytes a PostgreSQL client sends."""

    def __init__(self) -> None:
        self.round_trips = 0
        self._pending = b""
        self._started = False

    def feed(self, data: bytes) -> None:
        self._pending += data
        while True:
            if not self._started:  # untyped: the startup message
                if len(self._pending) < 8:
                    return
                length = int.from_bytes(self._pending[:4], "big")
                if len(self._pending) < length:
                    return
                self._pending = self._pending[length:]
                self._started = True
                continue
            if len(self._pending) < 5:
                return
            kind, length = self._pending[:1], int.from_bytes(self._pending[1:5], "big")
            if len(self._pending) < 1 + length:
                return
            if kind in (b"S", b"Q"):
                self.round_trips += 1
            self._pending = self._pending[1 + length :]


class CountingProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.counters: list[WireCounter] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def round_trips(self) -> int:
        return sum(counter.round_trips for counter in self.counters)

    async def open(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            first = await reader.readexactly(8)
            code = int.from_bytes(first[4:], "big")
            if code in (SSL_REQUEST, GSS_REQUEST):
                writer.write(b"N")
                first = b""
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
            counter = WireCounter()
            self.counters.append(counter)
            counter.feed(first)
            upstream_writer.write(first)
            await asyncio.gather(
                _pipe(reader, upstream_writer, counter.feed),
                _pipe(upstream_reader, writer, None),
                return_exceptions=True,
            )
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.transport.abort()
            self._tasks.discard(task)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, seen: Any) -> None:
    with contextlib.suppress(OSError):
        while data := await reader.read(65536):
            if seen is not None:
                seen(data)
            writer.write(data)
            await writer.drain()
    writer.transport.abort()


@asynccontextmanager
async def counting_proxy(database_url: str) -> AsyncIterator[tuple[CountingProxy, str]]:
    """A proxy in front of the PostgreSQL server of `database_url`, and the URL through it."""
    parts = urlsplit(database_url)
    proxy = CountingProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    port = await proxy.open()
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    proxied = urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))
    try:
        yield proxy, proxied
    finally:
        await proxy.close()


class SqliteStatements:
    """The statements SQLite runs on wax's connection, once `start`ed."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    async def start(self) -> None:
        client: Any = Tortoise.get_connection("default")
        await client.create_connection(with_db=True)
        async with client.acquire_connection() as connection:

            def trace(raw: sqlite3.Connection) -> None:
                raw.set_trace_callback(self.statements.append)

            await in_driver_thread(connection, trace)
        client.inline.trace(self.statements.append)

    @property
    def round_trips(self) -> int:
        return sum(
            1
            for statement in self.statements
            if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL)
        )


PAGE_SIZES = (1, 10, 100)
MOST_ROUND_TRIPS = 2
SONGS = 101  # a page of 100 and one more, so hasNextPage is true


class Counter(Protocol):
    @property
    def round_trips(self) -> int: ...


class Setup:
    def __init__(self, app: Starlette, counter: Counter, admin: Account) -> None:
        self.app = app
        self.counter = counter
        self.admin = admin

    async def round_trips_of(self, send: Callable[[httpx.AsyncClient], Awaitable[None]]) -> int:
        """The round trips of `send(client)`'s last request, once its statements are prepared."""
        async with asgi_client(self.app, self.admin) as client:
            await send(client)  # the first time, the driver prepares each statement
            before = self.counter.round_trips
            await send(client)
            return self.counter.round_trips - before


@pytest.fixture
async def setup(database_url: str, graphql_fast_path: bool) -> AsyncIterator[Setup]:
    settings = Settings(
        database_url=database_url,
        discogs_api_url=UNREACHABLE_DISCOGS,
        graphql_fast_path=graphql_fast_path,
    )
    if databases.using_postgres():
        async with counting_proxy(database_url) as (proxy, proxied):
            proxied_settings = dataclasses.replace(settings, database_url=proxied)
            async with running_app(proxied_settings) as app:
                yield await _seeded(app, proxy)
        return
    async with running_app(settings) as app:
        statements = SqliteStatements()
        await statements.start()
        yield await _seeded(app, statements)


async def _seeded(app: Starlette, counter: Counter) -> Setup:
    admin = await make_account("ann", is_admin=True)
    async with asgi_client(app, admin) as client:
        await seed(client, songs=SONGS)
    return Setup(app, counter, admin)
