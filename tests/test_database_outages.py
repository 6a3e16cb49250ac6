"""While the database is away wax answers 503 (REST) and DATABASE_UNAVAILABLE (GraphQL),
never a 500, a masked error or a 401; once it is back, wax serves again without a restart.

The outages are real ones: on PostgreSQL the database host goes away (a proxy in front of it
drops every connection and refuses new ones); on SQLite another process holds the write lock
past wax's busy timeout (WAL lets reads go on meanwhile).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from starlette.applications import Starlette

from tests import databases
from tests.conftest import Account, asgi_client, make_account
from tests.fakes.tcp_proxy import TcpProxy, tcp_proxy
from tests.rest_compat.openapi_check import assert_documented
from wax.settings import Settings

BUSY_TIMEOUT_MS = 100  # wax's wait for a lock, short so the test does not wait 5 s a request
CREATE_ARTIST = 'mutation { createArtist(input: {name: "Nina"}) { __typename } }'
SONGS = "{ songs(first: 5) { totalCount } }"


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


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy | None]:
    if not databases.using_postgres():
        yield None
        return
    parts = urlsplit(database_url)
    async with tcp_proxy(parts.hostname or "127.0.0.1", parts.port or 5432) as running:
        yield running


@pytest.fixture
def settings(database_url: str, proxy: TcpProxy | None) -> Settings:
    if proxy is None:
        url = f"{database_url}?busy_timeout={BUSY_TIMEOUT_MS}"
    else:
        parts = urlsplit(database_url)
        netloc = parts.netloc.rpartition("@")
        url = urlunsplit(parts._replace(netloc=f"{netloc[0]}{netloc[1]}127.0.0.1:{proxy.port}"))
    return Settings(database_url=url, discogs_api_url="http://127.0.0.1:9")


@pytest.fixture
async def outage(
    settings: Settings,
    proxy: TcpProxy | None,
    admin_client: httpx.AsyncClient,
    member_client: httpx.AsyncClient,
) -> AsyncIterator[Outage]:
    # a first request each, so the token checks are past their bookkeeping write
    for client in (admin_client, member_client):
        assert (await client.get("/api/v1/me")).status_code == 200
    sqlite_path = None
    if proxy is None:
        sqlite_path = settings.database_url.removeprefix("sqlite://").partition("?")[0]
    happening = Outage(proxy=proxy, sqlite_path=sqlite_path, reads_fail=proxy is not None)
    yield happening
    await happening.end()


def assert_database_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["error"] == "database_unavailable"
    assert body["message"]
    assert response.headers["retry-after"] == "1"
    assert_documented(response)


def graphql_fault(body: dict[str, Any]) -> str:
    [error] = body["errors"]
    assert error["message"] != "Unexpected error."
    code: str = error["extensions"]["code"]
    return code


WRITES = [
    ("POST", "/api/v1/artists", {"name": "Nina Simone"}),
    ("POST", "/api/records", {"artistName": "Nina Simone", "albumTitle": "Pastel Blues"}),
]
READS = ["/api/records", "/api/v1/songs", "/api/v1/sync/status", "/api/v1/deleted?since=2024-01-01"]


async def test_writes_answer_503_on_every_face_while_the_database_is_away(
    outage: Outage, admin_client: httpx.AsyncClient
) -> None:
    await outage.start()
    for method, path, body in WRITES:
        assert_database_unavailable(await admin_client.request(method, path, json=body))
    response = await admin_client.post("/graphql", json={"query": CREATE_ARTIST})
    assert graphql_fault(response.json()) == "DATABASE_UNAVAILABLE"
    # 503 when the token check already failed, 200 with the error when the mutation did
    assert response.status_code == (503 if outage.reads_fail else 200)


async def test_reads_answer_the_documented_503_when_they_cannot_be_served(
    outage: Outage, member_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    await outage.start()
    statuses = {}
    for path in READS:
        response = await member_client.get(path)
        statuses[path] = response.status_code
        if outage.reads_fail or response.status_code != 200:
            assert_database_unavailable(response)
    if not outage.reads_fail:
        # plain reads go on; a sync list's watermark waits out the writer, past the timeout
        assert statuses == {
            "/api/records": 200,
            "/api/v1/songs": 503,
            "/api/v1/sync/status": 200,
            "/api/v1/deleted?since=2024-01-01": 503,
        }
    graphql = await member_client.post("/graphql", json={"query": SONGS})
    health = await client.get("/healthz")
    # a listing takes a watermark first; on SQLite that waits out the writer, too long here
    assert graphql_fault(graphql.json()) == "DATABASE_UNAVAILABLE"
    assert graphql.status_code == (503 if outage.reads_fail else 200)
    assert health.status_code == (503 if outage.reads_fail else 200)


async def test_the_token_check_answers_503_not_401_while_it_cannot_ask_the_database(
    outage: Outage, app: Starlette, admin: Account
) -> None:
    fresh = await make_account("cleo", is_admin=False)  # never used: its check writes too
    await outage.start()
    async with asgi_client(app, fresh) as client:
        assert_database_unavailable(await client.get("/api/v1/me"))
        assert_database_unavailable(await client.get("/api/records"))
        response = await client.post("/graphql", json={"query": SONGS})
        assert response.status_code == 503
        assert graphql_fault(response.json()) == "DATABASE_UNAVAILABLE"


async def test_wax_serves_again_by_itself_once_the_database_is_back(
    outage: Outage, admin_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    await outage.start()
    for method, path, body in WRITES:
        assert (await admin_client.request(method, path, json=body)).status_code == 503
    await outage.end()

    for method, path, body in WRITES:
        assert (await admin_client.request(method, path, json=body)).status_code == 201
    response = await admin_client.post("/graphql", json={"query": CREATE_ARTIST})
    assert response.json() == {"data": {"createArtist": {"__typename": "Artist"}}}
    assert (await client.get("/healthz")).status_code == 200
    listed = await admin_client.get("/api/v1/artists")
    assert sorted(a["name"] for a in listed.json()["data"]) == ["Nina", "Nina Simone"]
