"""The fake Discogs (tests/fakes/discogs_server.py, from the records branch) and a wax on it."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bench import databases, seed, servers
from bench.config import LibrarySize
from bench.context import Bench, NotAvailable

UNLIMITED = 1_000_000
COLLECTION_PAGES = "/users/*/collection/folders/*/releases"


def fake_discogs_module() -> Any:
    """tests.fakes.discogs_server, imported late: it arrives with the records branch."""
    try:
        return importlib.import_module("tests.fakes.discogs_server")
    except ImportError as missing:
        raise NotAvailable(f"the fake Discogs server is not here ({missing})") from None


def discogs_env(fake: Any) -> dict[str, str]:
    return {
        "DISCOGS_API_URL": fake.url,
        "DISCOGS_TOKEN": fake.token,
        "DISCOGS_USERNAME": fake.username,
        # the fake allows as much; the bench measures wax, not Discogs's quota
        "WAX_DISCOGS_RATE_LIMIT": str(UNLIMITED),
    }


@asynccontextmanager
async def discogs_wax(
    bench: Bench, engine: str, label: str, fake: Any, push_ids: list[int]
) -> AsyncIterator[tuple[servers.Server, databases.BenchDatabase]]:
    """A fresh database holding `push_ids` as unsynced local records, and wax on it."""
    url = await databases.create_empty(engine, label, bench.workdir)
    try:
        user_id, token = await databases.prepare(url)
        anchor = seed.anchor_now()
        generator = seed.Generator(LibrarySize(songs=0), anchor, user_id)
        await databases.load(url, [("records", generator.records_to_push(push_ids))])
        db = databases.BenchDatabase(
            engine, label, url, token, user_id, anchor, LibrarySize(songs=0), 0.0
        )
        async with servers.running(
            servers.start_wax(f"wax-{label}", url, bench.workdir, discogs_env(fake))
        ) as (wax,):
            yield wax, db
    finally:
        await databases.drop(url)
