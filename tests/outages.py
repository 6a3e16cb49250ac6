"""Real database outages for tests: the PostgreSQL host gone (a proxy in front of it drops
every connection and refuses new ones), or SQLite's write lock held by another process past
wax's busy timeout (WAL lets reads go on meanwhile)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from tests import databases
from tests.fakes.tcp_proxy import TcpProxy, tcp_proxy
from wax.settings import Settings

BUSY_TIMEOUT_MS = 100  # wax's wait for a lock, short so the test does not wait 5 s a request


@dataclass
class Outage:
    """Takes the database away from wax and brings it back."""

    proxy: TcpProxy | None
    sqlite_path: str | None
    reads_fail: bool  # SQLite in WAL mode reads on under another process's write lock
    away: bool = False
    _holder: sqlite3.Connection | None = None

    async def start(self) -> None:
        self.away = True
        if self.proxy is not None:
            await self.proxy.cut()
            return
        assert self.sqlite_path is not None
        self._holder = sqlite3.connect(self.sqlite_path, isolation_level=None)
        self._holder.execute("BEGIN IMMEDIATE")

    async def end(self) -> None:
        if not self.away:
            return
        self.away = False
        if self.proxy is not None:
            await self.proxy.restore()
        elif self._holder is not None:
            self._holder.execute("ROLLBACK")
            self._holder.close()


@asynccontextmanager
async def proxy_for(database_url: str) -> AsyncIterator[TcpProxy | None]:
    if not databases.using_postgres():
        yield None
        return
    parts = urlsplit(database_url)
    async with tcp_proxy(parts.hostname or "127.0.0.1", parts.port or 5432) as running:
        yield running


def settings_for(
    database_url: str, proxy: TcpProxy | None, *, graphql_fast_path: bool = True
) -> Settings:
    if proxy is None:
        url = f"{database_url}?busy_timeout={BUSY_TIMEOUT_MS}"
    else:
        parts = urlsplit(database_url)
        netloc = parts.netloc.rpartition("@")
        url = urlunsplit(parts._replace(netloc=f"{netloc[0]}{netloc[1]}127.0.0.1:{proxy.port}"))
    return Settings(
        database_url=url, discogs_api_url="http://127.0.0.1:9", graphql_fast_path=graphql_fast_path
    )


def outage_for(settings: Settings, proxy: TcpProxy | None) -> Outage:
    if proxy is not None:
        return Outage(proxy=proxy, sqlite_path=None, reads_fail=True)
    path = settings.database_url.removeprefix("sqlite://").partition("?")[0]
    return Outage(proxy=None, sqlite_path=path, reads_fail=False)
