"""While the database is away wax answers 503 (REST) and DATABASE_UNAVAILABLE (GraphQL),
never a 500, a masked error or a 401; once it is back, wax serves again without a restart.
The outages are real ones (tests/outages.py): the PostgreSQL host gone, or SQLite's write
lock held by another process past wax's busy timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import Account, asgi_client, make_account
from tests.fakes.tcp_proxy import TcpProxy
from tests.outages import Outage, outage_for, proxy_for, settings_for
from tests.rest_compat.openapi_check import assert_documented
from wax.settings import Settings

CREATE_ARTIST = 'mutation { createArtist(input: {name: "Nina"}) { __typename } }'
SONGS = "{ songs(first: 5) { totalCount } }"


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy | None]:
    async with proxy_for(database_url) as running:
        yield running


@pytest.fixture
def settings(database_url: str, proxy: TcpProxy | None, graphql_fast_path: bool) -> Settings:
    return settings_for(database_url, proxy, graphql_fast_path=graphql_fast_path)


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
    happening = outage_for(settings, proxy)
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
    outage: Outage,
    member_client: httpx.AsyncClient,
    client: httpx.AsyncClient,
    graphql_fast_path: bool,
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
    if graphql_fast_path and not outage.reads_fail:
        # compiled (wax.schema.compiled): no cursor handed out, so no watermark; it reads on
        assert graphql.json() == {"data": {"songs": {"totalCount": 0}}}
    else:
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
