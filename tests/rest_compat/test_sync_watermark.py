"""meta.queried_at as a mobile client uses it: current, and never past a change it would miss
(design.md §4; spec/library-sync-api.md, "use meta.queried_at as your new last sync")."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import asyncpg
import httpx
from tortoise import Tortoise

from tests.library import RestSyncClient, seed
from wax.resolvers.dates import floor_to_second
from wax.resolvers.watermark import database_now
from wax.settings import Settings

EVER = "1970-01-01T00:00:00Z"
LISTS = ("songs", "albums", "artists", "records")


@dataclass(frozen=True)
class Sent:
    """What one sync by the documented flow received."""

    queried_at: str
    lists: dict[str, list[dict[str, Any]]]
    deleted: dict[str, list[str]]

    @property
    def watermark(self) -> datetime:
        return datetime.fromisoformat(self.queried_at)

    def ids(self, kind: str) -> set[str]:
        return {item["id"] for item in self.lists[kind]}

    @property
    def nothing(self) -> bool:
        return not any(self.lists.values()) and not any(self.deleted.values())


async def sync(client: httpx.AsyncClient, since: str) -> Sent:
    """deleted first (its queried_at is the next since), then every list changed since."""
    rest = RestSyncClient(client)
    deleted = await rest.get("/api/v1/deleted", since=since)
    lists = {kind: await rest.walk(kind, since) for kind in LISTS}
    lists["playlists"] = await rest.playlists(since)
    return Sent(deleted["meta"]["queried_at"], lists, deleted["data"])


async def wait_for_the_next_second(moment: datetime) -> None:
    """Until the database clock is past the whole second `moment` falls in."""
    target = floor_to_second(moment) + timedelta(seconds=1)
    deadline = asyncio.get_running_loop().time() + 10
    while await database_now() < target:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.02)


async def test_queried_at_covers_a_write_that_finished_before_the_request(
    admin_client, member_client
) -> None:
    miles = await seed(admin_client, songs=2, name="Miles")
    nina = await seed(admin_client, songs=1, name="Nina")
    await wait_for_the_next_second(await database_now())
    first = await sync(member_client, EVER)
    renamed = await admin_client.patch(
        f"/api/v1/artists/{miles.artist['id']}", json={"name": "Miles Davis"}
    )
    assert renamed.status_code == 200, renamed.text
    finished = await database_now()

    second = await sync(member_client, first.queried_at)
    # a write finished in second S gives queried_at >= S
    assert second.watermark >= floor_to_second(finished)
    assert second.ids("artists") == {miles.artist["id"]}
    assert second.ids("songs") == {song["id"] for song in miles.songs}
    # Nina changed a second before the last sync: not sent again
    assert nina.album["id"] not in second.ids("albums")


async def test_a_sync_a_second_after_the_last_write_is_sent_nothing_again(
    admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=2)
    playlist = await member_client.post("/api/v1/playlists", json={"name": "Late night"})
    assert playlist.status_code == 201, playlist.text
    await wait_for_the_next_second(await database_now())

    first = await sync(member_client, EVER)
    assert first.ids("songs") == {song["id"] for song in seeded.songs}
    assert first.ids("playlists") == {playlist.json()["data"]["id"]}
    again = await sync(member_client, first.queried_at)
    assert again.nothing, again


class OtherSession:
    """A connection of its own, beside wax's, that renames a song in a transaction it steers."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.database_url
        self.postgres: asyncpg.Connection | None = None
        self.sqlite: sqlite3.Connection | None = None

    async def begin(self) -> None:
        if Tortoise.get_connection("default").capabilities.dialect == "postgres":
            self.postgres = await asyncpg.connect(self.url)
            await self.postgres.execute("BEGIN")
        else:
            self.sqlite = sqlite3.connect(self.url.removeprefix("sqlite://"), isolation_level=None)
            self.sqlite.execute("BEGIN")

    async def read_songs(self) -> int:
        query = "SELECT count(*) FROM songs"
        if self.postgres is not None:
            return int(await self.postgres.fetchval(query))
        assert self.sqlite is not None
        return int(self.sqlite.execute(query).fetchone()[0])

    async def rename(self, song_id: str, title: str) -> None:
        if self.postgres is not None:
            await self.postgres.execute(
                "UPDATE songs SET title = $1 WHERE id = $2", title, uuid.UUID(song_id)
            )
            return
        assert self.sqlite is not None
        self.sqlite.execute("UPDATE songs SET title = ? WHERE id = ?", (title, song_id))

    async def commit(self) -> None:
        if self.postgres is not None:
            await self.postgres.execute("COMMIT")
        if self.sqlite is not None:
            self.sqlite.execute("COMMIT")

    async def __aenter__(self) -> OtherSession:
        return self

    async def __aexit__(self, *_: object) -> None:
        """Closing rolls back whatever a failed test left open."""
        if self.postgres is not None:
            await self.postgres.close()
        if self.sqlite is not None:
            self.sqlite.close()

    @property
    def holds_the_only_write_lock(self) -> bool:
        return self.sqlite is not None


def title_of(sent: Sent, song_id: str) -> str | None:
    return next((s["title"] for s in sent.lists["songs"] if s["id"] == song_id), None)


async def test_a_write_that_commits_after_a_sync_took_queried_at_reaches_the_next_sync(
    settings: Settings, admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=1)
    song_id = seeded.songs[0]["id"]
    first = await sync(member_client, EVER)
    async with OtherSession(settings) as writer:
        await writer.begin()
        await writer.rename(song_id, "Committed late")  # stamped now, committed below
        if writer.holds_the_only_write_lock:
            # SQLite: the sync waits for the open write before it takes its watermark
            during_task = asyncio.ensure_future(sync(member_client, first.queried_at))
            done, _ = await asyncio.wait([during_task], timeout=0.2)
            assert not done, "the sync took its watermark while a write was open"
            await writer.commit()
            during = await during_task
        else:
            during = await sync(member_client, first.queried_at)
            assert title_of(during, song_id) != "Committed late"  # not committed when it read
            await writer.commit()
    after = await sync(member_client, during.queried_at)
    assert "Committed late" in {title_of(during, song_id), title_of(after, song_id)}


async def test_a_write_that_began_before_a_sync_and_writes_after_it_reaches_the_next_sync(
    settings: Settings, admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=1)
    song_id = seeded.songs[0]["id"]
    first = await sync(member_client, EVER)
    async with OtherSession(settings) as writer:
        await writer.begin()
        assert await writer.read_songs() == 1  # the transaction is open, and has only read
        during = await sync(member_client, first.queried_at)
        await writer.rename(song_id, "Written late")
        await writer.commit()
    assert title_of(during, song_id) != "Written late"
    after = await sync(member_client, during.queried_at)
    assert title_of(after, song_id) == "Written late"
