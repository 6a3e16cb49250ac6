"""wax on a real uvicorn server in a thread of its own, for synchronous clients (schemathesis).

The server, its lifespan, the fake Discogs it talks to and the accounts all live in the
thread's event loop; the test thread reaches them over HTTP only.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests import databases
from tests.conftest import Account, make_account
from tests.fakes.discogs_server import FakeDiscogs
from tests.servers import live_server
from wax.settings import Settings

T = TypeVar("T")
START_TIMEOUT_SECONDS = 60.0
UNLIMITED = 1_000_000


@dataclass
class ThreadedWax:
    url: str
    admin: Account
    member: Account
    discogs: FakeDiscogs

    def __repr__(self) -> str:  # the fake's whole catalogue is too much for a failure report
        return f"ThreadedWax(url={self.url!r})"


class EventLoopThread:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = START_TIMEOUT_SECONDS) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(START_TIMEOUT_SECONDS)
        self.loop.close()


async def fresh_database(migrated_database: str | Path, directory: Path) -> str:
    if isinstance(migrated_database, str):
        await databases.truncate_postgres(migrated_database)
        return migrated_database
    return databases.copy_sqlite(migrated_database, directory)


@contextmanager
def threaded_wax(migrated_database: str | Path, directory: Path) -> Iterator[ThreadedWax]:
    """wax with an admin (ann) and a member (bob), its Discogs settings on a fake Discogs,
    and an empty music folder to scan."""
    loop = EventLoopThread()
    loop.thread.start()
    stack = AsyncExitStack()

    async def start() -> ThreadedWax:
        database_url = await fresh_database(migrated_database, directory)
        # thousands of requests: Discogs's rate limit (and wax's own) would only make them wait
        fake = await stack.enter_async_context(FakeDiscogs(rate_limit=UNLIMITED))
        music_dir = directory / "music"
        music_dir.mkdir(exist_ok=True)
        settings = Settings(
            database_url=database_url,
            music_dir=music_dir,
            discogs_api_url=fake.url,
            discogs_token=fake.token,
            discogs_username=fake.username,
            discogs_rate_limit=UNLIMITED,
        )
        server = await stack.enter_async_context(live_server(settings))
        admin = await make_account("ann", is_admin=True)
        member = await make_account("bob", is_admin=False)
        return ThreadedWax(url=server.url, admin=admin, member=member, discogs=fake)

    try:
        yield loop.run(start())
    finally:
        loop.run(stack.aclose())
        loop.stop()
