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
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise

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

    @property
    def round_trips(self) -> int:
        return sum(
            1
            for statement in self.statements
            if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL)
        )
