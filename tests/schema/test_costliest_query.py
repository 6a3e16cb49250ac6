"""The costliest query the budget allows leaves the server responsive: /healthz stays fast."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from graphql import parse
from tortoise.transactions import in_transaction

from tests.cli.processes import wax_environment, wax_serve
from tests.conftest import make_account
from tests.servers import running_app
from wax.models import Album, Artist, Song
from wax.schema import schema
from wax.schema.cost import QUERY_COST_BUDGET, query_cost
from wax.schema.limits import CONNECTION
from wax.settings import Settings

ALBUMS = CONNECTION.maximum
# per album edge: the edge, the album, and its songs; plus the connection itself
SONGS_PER_ALBUM = (QUERY_COST_BUDGET - 1) // ALBUMS - 2
SONG_FIELDS = "id title length track disc year genre createdAt updatedAt"
COSTLIEST = (
    f"{{ albums(first: {ALBUMS}) {{ edges {{ node {{ id name"
    f" songs(first: {SONGS_PER_ALBUM}) {{ {SONG_FIELDS} }} }} }} }} }}"
)
HEALTHZ_WITHIN = 0.1


def test_the_query_is_the_costliest_of_its_kind_the_budget_allows() -> None:
    def cost(query: str) -> int | None:
        return query_cost(schema._schema, parse(query), None, None)

    assert cost(COSTLIEST) == 1 + ALBUMS * (2 + SONGS_PER_ALBUM) <= QUERY_COST_BUDGET
    one_more = COSTLIEST.replace(f"first: {SONGS_PER_ALBUM}", f"first: {SONGS_PER_ALBUM + 1}")
    assert (cost(one_more) or 0) > QUERY_COST_BUDGET


async def seed_full_albums() -> None:
    async with in_transaction():
        artist = await Artist.create(name="Prolific")
        albums = [Album(name=f"Album {n:03}", artist=artist) for n in range(ALBUMS)]
        await Album.bulk_create(albums)
    albums = await Album.all()
    songs = [
        Song(title=f"Song {n}", album=album, artist=artist, track=n, length=180.5, year=1999)
        for album in albums
        for n in range(SONGS_PER_ALBUM)
    ]
    await Song.bulk_create(songs, batch_size=1000)


# the stock execution path (WAX_GRAPHQL_FAST_PATH=false) is for diagnosis, not this promise
@pytest.mark.default_path_only
async def test_healthz_answers_within_100_ms_while_the_costliest_allowed_query_runs(
    settings: Settings,
) -> None:
    """Against `wax serve` as users run it: in this process, the test's own client would share
    the server's event loop (and lengthen what is measured)."""
    async with (
        running_app(settings),  # to seed the database from here
        wax_serve(wax_environment(settings)) as served,
        httpx.AsyncClient(base_url=served.url, timeout=60) as http,
    ):
        account = await make_account("ann", is_admin=True)
        await seed_full_albums()
        await http.get("/healthz")  # the connections are open
        query = http.post("/graphql", json={"query": COSTLIEST}, headers=account.headers)
        running = asyncio.create_task(query)
        latencies: list[float] = []
        while not running.done():
            started = time.perf_counter()
            health = await http.get("/healthz")
            latencies.append(time.perf_counter() - started)
            assert health.status_code == 200
        response = await running
    body = response.json()
    assert "errors" not in body
    albums = [edge["node"] for edge in body["data"]["albums"]["edges"]]
    assert len(albums) == ALBUMS
    assert sum(len(album["songs"]) for album in albums) == ALBUMS * SONGS_PER_ALBUM
    # the query ran for several health checks, and none of them waited long
    assert len(latencies) >= 3, latencies
    assert max(latencies) < HEALTHZ_WITHIN, sorted(latencies)[-5:]
