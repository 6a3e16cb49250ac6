"""A real `wax serve --workers 2` under load while its database fails it: on PostgreSQL its
backends are terminated again and again (pg_terminate_backend, as a restart or an admin
does); on SQLite another process takes the write lock for longer than wax's busy timeout.
Every answer is a success or the documented 503, never a 500; afterwards all succeed again."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field

import asyncpg
import httpx
import pytest

from tests import databases
from tests.cli.processes import wax_environment, wax_serve
from tests.conftest import UNREACHABLE_DISCOGS, make_account
from wax import database
from wax.settings import Settings

BUSY_TIMEOUT_MS = 200
CLIENTS = 20
FAULTS = 10
CREATE_ARTIST = 'mutation { createArtist(input: {name: "Nina"}) { __typename } }'
SONGS = "{ songs(first: 5) { totalCount } }"


@pytest.fixture
def settings(database_url: str, graphql_fast_path: bool) -> Settings:
    if not databases.using_postgres():
        database_url = f"{database_url}?busy_timeout={BUSY_TIMEOUT_MS}"
    return Settings(
        database_url=database_url,
        discogs_api_url=UNREACHABLE_DISCOGS,
        graphql_fast_path=graphql_fast_path,
    )


@dataclass
class Answers:
    seen: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)

    def note(self, response: httpx.Response) -> None:
        verdict = judge(response)
        self.seen[verdict] += 1
        if verdict == "wrong" and len(self.wrong) < 5:
            self.wrong.append(f"{response.status_code} {response.url.path}: {response.text[:300]}")


def judge(response: httpx.Response) -> str:
    """ok, unavailable (the documented 503 or GraphQL error), or wrong."""
    is_graphql = response.url.path == "/graphql"
    body = response.json() if response.content else {}
    if is_graphql and response.status_code in (200, 503) and body.get("errors"):
        codes = {error.get("extensions", {}).get("code") for error in body["errors"]}
        return "unavailable" if codes == {"DATABASE_UNAVAILABLE"} else "wrong"
    if response.status_code == 503:
        documented = body.get("error") == "database_unavailable" and body.get("message")
        return "unavailable" if documented else "wrong"
    return "ok" if response.is_success else "wrong"


async def requests(client: httpx.AsyncClient) -> list[httpx.Response]:
    """One round of the requests a client makes: reads and writes on both faces."""
    return [
        await client.get("/api/v1/songs"),
        await client.post("/api/v1/artists", json={"name": "Nina Simone"}),
        await client.post("/graphql", json={"query": CREATE_ARTIST}),
        await client.post("/graphql", json={"query": SONGS}),
        await client.post("/api/records", json={"artistName": "Nina", "albumTitle": "Blues"}),
        await client.get("/api/records"),
    ]


async def keep_asking(client: httpx.AsyncClient, answers: Answers, done: asyncio.Event) -> None:
    while not done.is_set():
        for response in await requests(client):
            answers.note(response)


async def terminate_backends(database_url: str) -> int:
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()
    return sum(1 for row in rows if row[0])


async def hold_sqlite_write_lock(database_url: str, seconds: float) -> int:
    path = database_url.removeprefix("sqlite://").partition("?")[0]
    holder = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        holder.execute("BEGIN IMMEDIATE")
        await asyncio.sleep(seconds)  # the fault itself: a lock held this long
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    return 1


async def fault(settings: Settings) -> int:
    if settings.is_postgres:
        return await terminate_backends(settings.database_url)
    return await hold_sqlite_write_lock(settings.database_url, 3 * BUSY_TIMEOUT_MS / 1000)


@pytest.mark.slow
async def test_wax_answers_503_not_500_while_its_database_fails_it_and_then_recovers(
    settings: Settings,
) -> None:
    async with database.open_database(settings.database_url):
        admin = await make_account("ann", is_admin=True)

    answers = Answers()
    async with (
        wax_serve(wax_environment(settings), "--workers", "2") as server,
        httpx.AsyncClient(base_url=server.url, headers=admin.headers, timeout=60) as client,
    ):
        assert all(judge(r) == "ok" for r in await requests(client))  # warm: every worker up
        done = asyncio.Event()
        load = [asyncio.create_task(keep_asking(client, answers, done)) for _ in range(CLIENTS)]
        faults = 0
        try:
            for _ in range(FAULTS):
                faults += await fault(settings)
                await asyncio.sleep(0.3)
        finally:
            done.set()
            await asyncio.gather(*load)

        deadline = time.monotonic() + 10
        while any(judge(r) != "ok" for r in await requests(client)):  # recovered by itself
            assert time.monotonic() < deadline, "wax did not recover"
        after = [judge(r) for _ in range(3) for r in await requests(client)]

    print(f"faults: {faults}; answers under them: {dict(answers.seen)}")
    assert faults >= FAULTS
    assert answers.wrong == []
    assert answers.seen["unavailable"] > 0, "the faults should have cut off some requests"
    assert answers.seen["ok"] > 0
    assert set(after) == {"ok"}
