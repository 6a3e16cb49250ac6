"""A page of a listing costs at most two round trips to the database, whatever its size:
one for the token (with the safe watermark), one for the page (with its total)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any, Protocol

import httpx
import pytest
from starlette.applications import Starlette

from tests import databases
from tests.conftest import UNREACHABLE_DISCOGS, Account, asgi_client, make_account
from tests.library import graphql, seed
from tests.round_trips import SqliteStatements, counting_proxy
from tests.servers import running_app
from wax.settings import Settings

PAGE_SIZES = (1, 10, 100)
MOST_ROUND_TRIPS = 2
SONGS = 101  # a page of 100 and one more, so hasNextPage is true

SONGS_QUERY = """
query Songs($first: Int!, $after: String) {
  songs(first: $first, after: $after) {
    totalCount
    edges { cursor node { id title length updatedAt album { name } artist { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ALBUMS_QUERY = """
query Albums($first: Int!) {
  albums(first: $first) { totalCount edges { node { id name artist { name } } }
  pageInfo { hasNextPage endCursor } }
}
"""


class Counter(Protocol):
    @property
    def round_trips(self) -> int: ...


class Setup:
    def __init__(self, app: Starlette, counter: Counter, admin: Account) -> None:
        self.app = app
        self.counter = counter
        self.admin = admin

    async def round_trips_of(self, send: Any) -> int:
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


async def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("per_page", PAGE_SIZES)
@pytest.mark.parametrize("plural", ["songs", "albums", "artists"])
async def test_a_rest_listing_page_takes_at_most_two_round_trips(
    setup: Setup, plural: str, per_page: int
) -> None:
    async def page(client: httpx.AsyncClient) -> None:
        body = await _ok(await client.get(f"/api/v1/{plural}", params={"per_page": per_page}))
        assert body["meta"]["total"] >= 1

    assert await setup.round_trips_of(page) <= MOST_ROUND_TRIPS


@pytest.mark.parametrize("per_page", PAGE_SIZES)
async def test_a_rest_page_reached_by_cursor_takes_at_most_two_round_trips(
    setup: Setup, per_page: int
) -> None:
    async with asgi_client(setup.app, setup.admin) as client:
        first = await _ok(await client.get("/api/v1/songs", params={"per_page": per_page}))
    cursor = first["meta"]["next_cursor"]
    assert cursor

    async def page(client: httpx.AsyncClient) -> None:
        body = await _ok(await client.get("/api/v1/songs", params={"cursor": cursor}))
        assert body["data"]

    assert await setup.round_trips_of(page) <= MOST_ROUND_TRIPS


async def test_the_deleted_ids_take_at_most_two_round_trips(setup: Setup) -> None:
    async def deleted(client: httpx.AsyncClient) -> None:
        body = await _ok(await client.get("/api/v1/deleted", params={"since": "2024-01-01"}))
        assert "queried_at" in body["meta"]

    assert await setup.round_trips_of(deleted) <= MOST_ROUND_TRIPS


@pytest.mark.parametrize("per_page", PAGE_SIZES)
async def test_a_graphql_songs_page_takes_at_most_two_round_trips(
    setup: Setup, per_page: int
) -> None:
    async def page(client: httpx.AsyncClient) -> None:
        data = await graphql(client, SONGS_QUERY, first=per_page)
        assert len(data["songs"]["edges"]) == per_page
        assert data["songs"]["pageInfo"]["hasNextPage"]

    assert await setup.round_trips_of(page) <= MOST_ROUND_TRIPS


@pytest.mark.parametrize("per_page", PAGE_SIZES)
async def test_a_graphql_albums_page_takes_at_most_two_round_trips(
    setup: Setup, per_page: int
) -> None:
    async def page(client: httpx.AsyncClient) -> None:
        data = await graphql(client, ALBUMS_QUERY, first=per_page)
        assert data["albums"]["totalCount"] == 1

    assert await setup.round_trips_of(page) <= MOST_ROUND_TRIPS
