"""A sync client following the documented flow converges on the library, whatever writers do.

Writers make hundreds of random creates, updates, renames, deletes and playlist edits in
several tasks at once (on PostgreSQL over several connections), some of them in slow
transactions that commit late; meanwhile a client syncs again and again. After the writers
stop and one last sync, the client's replica equals a full download.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

import httpx
from tortoise.transactions import in_transaction

from tests.library import Replica, RestSyncClient, create
from wax.models import Song

OPERATIONS_PER_WRITER = 60
WRITERS = 4


@dataclass
class Known:
    """Ids the writers have seen; some are stale, and writing to them must fail cleanly."""

    artists: list[str] = field(default_factory=list)
    albums: list[str] = field(default_factory=list)
    songs: list[str] = field(default_factory=list)
    playlists: list[str] = field(default_factory=list)


class Writer:
    def __init__(
        self, admin: httpx.AsyncClient, member: httpx.AsyncClient, known: Known, seed: int
    ) -> None:
        self.admin = admin
        self.member = member
        self.known = known
        self.rng = random.Random(seed)
        self.statuses: list[int] = []

    def pick(self, ids: list[str]) -> str | None:
        return self.rng.choice(ids) if ids else None

    async def call(self, client: httpx.AsyncClient, method: str, path: str, **body: object):
        response = await client.request(method, path, json=body or None)
        self.statuses.append(response.status_code)
        return response

    async def step(self) -> None:
        rng, known = self.rng, self.known
        artist, album = self.pick(known.artists), self.pick(known.albums)
        song, playlist = self.pick(known.songs), self.pick(known.playlists)
        roll = rng.random()
        if roll < 0.08 or artist is None:
            r = await self.call(
                self.admin, "POST", "/api/v1/artists", name=f"Artist {rng.random():.4f}"
            )
            if r.status_code == 201:
                known.artists.append(r.json()["data"]["id"])
        elif roll < 0.18 or album is None:
            r = await self.call(
                self.admin,
                "POST",
                "/api/v1/albums",
                name=f"Album {rng.random():.4f}",
                artist_id=artist,
            )
            if r.status_code == 201:
                known.albums.append(r.json()["data"]["id"])
        elif roll < 0.36 or song is None:
            extra = {"artist_id": artist} if rng.random() < 0.3 else {}
            r = await self.call(
                self.admin, "POST", "/api/v1/songs", title=f"Song {rng.random():.4f}",
                album_id=album, length=rng.randint(60, 600), **extra,
            )  # fmt: skip
            if r.status_code == 201:
                known.songs.append(r.json()["data"]["id"])
        elif roll < 0.44:
            await self.call(
                self.admin, "PATCH", f"/api/v1/artists/{artist}", name=f"Renamed {rng.random():.4f}"
            )
        elif roll < 0.50:
            await self.call(
                self.admin, "PATCH", f"/api/v1/albums/{album}", cover=f"{rng.random():.4f}.jpg"
            )
        elif roll < 0.53:
            await self.call(self.admin, "PATCH", f"/api/v1/albums/{album}", artist_id=artist)
        elif roll < 0.60:
            await self.call(
                self.admin, "PATCH", f"/api/v1/songs/{song}", length=rng.randint(60, 600)
            )
        elif roll < 0.63:
            await self.call(self.admin, "PATCH", f"/api/v1/songs/{song}", album_id=album)
        elif roll < 0.68:
            await self.call(self.admin, "DELETE", f"/api/v1/songs/{song}")
        elif roll < 0.70:
            await self.call(self.admin, "DELETE", f"/api/v1/albums/{album}")
        elif roll < 0.715:
            await self.call(self.admin, "DELETE", f"/api/v1/artists/{artist}")
        elif roll < 0.76 or playlist is None:
            r = await self.call(
                self.member, "POST", "/api/v1/playlists", name=f"Mix {rng.random():.4f}"
            )
            if r.status_code == 201:
                known.playlists.append(r.json()["data"]["id"])
        elif roll < 0.86:
            await self.call(
                self.member, "POST", f"/api/v1/playlists/{playlist}/songs", song_id=song
            )
        elif roll < 0.92:
            await self.call(self.member, "DELETE", f"/api/v1/playlists/{playlist}/songs/{song}")
        elif roll < 0.95:
            await self.call(self.member, "PATCH", f"/api/v1/playlists/{playlist}", name="Renamed")
        elif roll < 0.97:
            await self.call(self.member, "DELETE", f"/api/v1/playlists/{playlist}")
        else:
            await self.slow_title_change(song)

    async def slow_title_change(self, song: str) -> None:
        """A write whose transaction commits well after it stamped the row."""
        async with in_transaction():
            await Song.filter(id=song).update(title=f"Slow {self.rng.random():.4f}")
            await asyncio.sleep(0.03)
        self.statuses.append(200)

    async def run(self) -> None:
        for _ in range(OPERATIONS_PER_WRITER):
            await self.step()
            await asyncio.sleep(self.rng.uniform(0, 0.002))


def differences(replica: Replica, truth: Replica) -> dict[str, object]:
    found: dict[str, object] = {}
    for kind, items in truth.items.items():
        mine = replica.items[kind]
        missing = set(items) - set(mine)
        extra = set(mine) - set(items)
        stale = [i for i in set(items) & set(mine) if items[i] != mine[i]]
        if missing or extra or stale:
            found[kind] = {
                "missing": sorted(missing)[:3],
                "extra": sorted(extra)[:3],
                "stale": [(mine[i], items[i]) for i in stale[:2]],
            }
    return found


async def test_a_client_following_the_flow_converges_with_concurrent_writers(
    admin_client, member_client
) -> None:
    known = Known()
    artist = await create(admin_client, "artists", name="First")
    album = await create(admin_client, "albums", name="First", artist_id=artist["id"])
    known.artists.append(artist["id"])
    known.albums.append(album["id"])

    writers = [Writer(admin_client, member_client, known, seed) for seed in range(WRITERS)]
    sync = RestSyncClient(member_client, per_page=7)
    replica = Replica()
    syncs = 0

    async def follow(done: asyncio.Event) -> None:
        nonlocal syncs
        while not done.is_set():
            await sync.sync(replica)
            syncs += 1
            await asyncio.sleep(0.01)

    done = asyncio.Event()
    follower = asyncio.create_task(follow(done))
    try:
        await asyncio.gather(*(writer.run() for writer in writers))
    finally:
        done.set()
        await follower
    await sync.sync(replica)  # one last sync after the writers stop

    statuses = [status for writer in writers for status in writer.statuses]
    assert len(statuses) == WRITERS * OPERATIONS_PER_WRITER
    assert all(status < 500 for status in statuses), sorted(set(statuses))
    assert syncs >= 3, "the client should have synced while the writers wrote"
    truth = await sync.full_download()
    assert sum(len(items) for items in truth.items.values()) > 20
    assert differences(replica, truth) == {}
