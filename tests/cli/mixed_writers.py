"""Many writers at once over both faces (REST and GraphQL), and sync clients reading meanwhile.

Each writer works on rows of its own, so it knows what the database must hold afterwards:
the sum of what it was told succeeded. `Expected` is that, `database_state` what is there.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.library import Replica, RestSyncClient
from wax.models import Album, Artist, Playlist, PlaylistSong, Record, Song


@dataclass
class Expected:
    artists: dict[str, str] = field(default_factory=dict)  # id: name
    albums: dict[str, tuple[str, str]] = field(default_factory=dict)  # id: (artist id, name)
    songs: dict[str, tuple[str, str]] = field(default_factory=dict)  # id: (album id, title)
    playlists: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    records: dict[str, str] = field(default_factory=dict)  # id: album title


async def database_state() -> Expected:
    """What the database holds, in Expected's terms (call with the database open)."""
    members: dict[str, set[str]] = {}
    for entry in await PlaylistSong.all():
        members.setdefault(str(entry.playlist_id), set()).add(str(entry.song_id))  # type: ignore[attr-defined]
    return Expected(
        artists={str(a.id): a.name for a in await Artist.all()},
        albums={str(a.id): (str(a.artist_id), a.name) for a in await Album.all()},  # type: ignore[attr-defined]
        songs={str(s.id): (str(s.album_id), s.title) for s in await Song.all()},  # type: ignore[attr-defined]
        playlists={
            str(p.id): (p.name, frozenset(members.get(str(p.id), ()))) for p in await Playlist.all()
        },
        records={str(r.id): r.album_title for r in await Record.all()},
    )


def merged(parts: list[Expected]) -> Expected:
    total = Expected()
    for part in parts:
        for name in ("artists", "albums", "songs", "playlists", "records"):
            getattr(total, name).update(getattr(part, name))
    return total


@dataclass
class Tally:
    """How requests were answered: counts by status, and a few bodies of those that failed."""

    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    transport_errors: int = 0

    def note(self, response: httpx.Response, ok: bool) -> None:
        self.statuses[response.status_code] += 1
        if not ok and len(self.failures) < 5:
            url = response.request.url.path
            self.failures.append(f"{response.status_code} {url}: {response.text[:300]}")

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


GRAPHQL_WRITES = {
    "createArtist": "mutation($name: String!) { createArtist(input: {name: $name}) "
    "{ __typename ... on Artist { id } } }",
    "updateArtist": "mutation($id: UUID!, $name: String!) { updateArtist(id: $id, input: "
    "{name: $name}) { __typename ... on Artist { id } } }",
    "createAlbum": "mutation($name: String!, $artistId: UUID!) { createAlbum(input: "
    "{name: $name, artistId: $artistId}) { __typename ... on Album { id } } }",
    "createSong": "mutation($title: String!, $albumId: UUID!) { createSong(input: "
    "{title: $title, albumId: $albumId, length: 200}) { __typename ... on Song { id } } }",
    "updateSong": "mutation($id: UUID!, $title: String!) { updateSong(id: $id, input: "
    "{title: $title}) { __typename ... on Song { id } } }",
    "deleteSong": "mutation($id: UUID!) { deleteSong(id: $id) { __typename } }",
    "createPlaylist": "mutation($name: String!) { createPlaylist(input: {name: $name}) "
    "{ __typename ... on Playlist { id } } }",
    "addSongToPlaylist": "mutation($playlistId: UUID!, $songId: UUID!) { addSongToPlaylist("
    "playlistId: $playlistId, songId: $songId) { __typename } }",
    "createRecord": 'mutation($title: String!) { createRecord(input: {artistName: "Band", '
    "albumTitle: $title}) { __typename ... on Record { id } } }",
    "updateRecord": "mutation($id: UUID!, $title: String!) { updateRecord(id: $id, input: "
    "{albumTitle: $title}) { __typename ... on Record { id } } }",
    "deleteRecord": "mutation($id: UUID!) { deleteRecord(id: $id) { __typename } }",
}
SUCCESS_TYPES = {"Artist", "Album", "Song", "Playlist", "Record", "Deleted"}


class Writer:
    """Writes at random to its own rows and remembers every write it was told succeeded."""

    def __init__(
        self, admin: httpx.AsyncClient, member: httpx.AsyncClient, seed: int, tally: Tally
    ) -> None:
        self.admin, self.member, self.tally = admin, member, tally
        self.rng = random.Random(seed)
        self.seed = seed
        self.expected = Expected()
        self.acknowledged = 0

    def name(self, kind: str) -> str:
        return f"{kind} {self.seed}-{self.rng.randrange(10**9)}"

    async def rest(
        self, client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        try:
            response = await client.request(method, path, json=body)
        except httpx.TransportError:
            self.tally.transport_errors += 1
            return None
        ok = response.is_success
        self.tally.note(response, ok)
        if not ok:
            return None
        self.acknowledged += 1
        return response.json() if response.content else {}

    async def graphql(
        self, client: httpx.AsyncClient, operation: str, **variables: Any
    ) -> dict[str, Any] | None:
        body = {"query": GRAPHQL_WRITES[operation], "variables": variables}
        try:
            response = await client.post("/graphql", json=body)
        except httpx.TransportError:
            self.tally.transport_errors += 1
            return None
        answer = response.json() if response.status_code == 200 else {}
        result = (answer.get("data") or {}).get(operation) or {}
        ok = "errors" not in answer and result.get("__typename") in SUCCESS_TYPES
        self.tally.note(response, ok)
        if not ok:
            return None
        self.acknowledged += 1
        return dict(result)

    def pick(self, items: dict[str, Any]) -> str | None:
        return self.rng.choice(sorted(items)) if items else None

    async def step(self) -> None:
        e, rng, by_rest = self.expected, self.rng, self.rng.random() < 0.5
        artist, album, song = self.pick(e.artists), self.pick(e.albums), self.pick(e.songs)
        playlist, record = self.pick(e.playlists), self.pick(e.records)
        roll = rng.random()
        if roll < 0.08 or artist is None:
            await self.create_artist(by_rest)
        elif roll < 0.14:
            await self.rename_artist(artist, by_rest)
        elif roll < 0.24 or album is None:
            await self.create_album(artist, by_rest)
        elif roll < 0.38 or song is None:
            await self.create_song(album, by_rest)
        elif roll < 0.46:
            await self.retitle_song(song, by_rest)
        elif roll < 0.51:
            await self.delete_song(song, by_rest)
        elif roll < 0.53:
            await self.delete_album(album)
        elif roll < 0.54:
            await self.delete_artist(artist)
        elif roll < 0.60 or playlist is None:
            await self.create_playlist(by_rest)
        elif roll < 0.70:
            await self.add_to_playlist(playlist, song, by_rest)
        elif roll < 0.74:
            await self.remove_from_playlist(playlist)
        elif roll < 0.76:
            await self.delete_playlist(playlist)
        elif roll < 0.86 or record is None:
            await self.create_record(by_rest)
        elif roll < 0.95:
            await self.retitle_record(record, by_rest)
        else:
            await self.delete_record(record, by_rest)

    async def create_artist(self, by_rest: bool) -> None:
        name = self.name("Artist")
        if by_rest:
            made = await self.rest(self.admin, "POST", "/api/v1/artists", {"name": name})
            made = made and made["data"]
        else:
            made = await self.graphql(self.admin, "createArtist", name=name)
        if made:
            self.expected.artists[made["id"]] = name

    async def rename_artist(self, artist: str, by_rest: bool) -> None:
        name = self.name("Renamed")
        if by_rest:
            done = await self.rest(self.admin, "PATCH", f"/api/v1/artists/{artist}", {"name": name})
        else:
            done = await self.graphql(self.admin, "updateArtist", id=artist, name=name)
        if done is not None:
            self.expected.artists[artist] = name

    async def create_album(self, artist: str, by_rest: bool) -> None:
        name = self.name("Album")
        if by_rest:
            body = {"name": name, "artist_id": artist}
            made = await self.rest(self.admin, "POST", "/api/v1/albums", body)
            made = made and made["data"]
        else:
            made = await self.graphql(self.admin, "createAlbum", name=name, artistId=artist)
        if made:
            self.expected.albums[made["id"]] = (artist, name)

    async def create_song(self, album: str, by_rest: bool) -> None:
        title = self.name("Song")
        if by_rest:
            body = {"title": title, "album_id": album, "length": 200}
            made = await self.rest(self.admin, "POST", "/api/v1/songs", body)
            made = made and made["data"]
        else:
            made = await self.graphql(self.admin, "createSong", title=title, albumId=album)
        if made:
            self.expected.songs[made["id"]] = (album, title)

    async def retitle_song(self, song: str, by_rest: bool) -> None:
        title = self.name("Retitled")
        if by_rest:
            done = await self.rest(self.admin, "PATCH", f"/api/v1/songs/{song}", {"title": title})
        else:
            done = await self.graphql(self.admin, "updateSong", id=song, title=title)
        if done is not None:
            self.expected.songs[song] = (self.expected.songs[song][0], title)

    async def delete_song(self, song: str, by_rest: bool) -> None:
        if by_rest:
            done = await self.rest(self.admin, "DELETE", f"/api/v1/songs/{song}")
        else:
            done = await self.graphql(self.admin, "deleteSong", id=song)
        if done is not None:
            self.forget_songs({song})

    async def delete_album(self, album: str) -> None:
        if await self.rest(self.admin, "DELETE", f"/api/v1/albums/{album}") is not None:
            del self.expected.albums[album]
            self.forget_songs({s for s, (a, _) in self.expected.songs.items() if a == album})

    async def delete_artist(self, artist: str) -> None:
        if await self.rest(self.admin, "DELETE", f"/api/v1/artists/{artist}") is not None:
            del self.expected.artists[artist]
            albums = {a for a, (owner, _) in self.expected.albums.items() if owner == artist}
            for album in albums:
                del self.expected.albums[album]
            self.forget_songs({s for s, (a, _) in self.expected.songs.items() if a in albums})

    def forget_songs(self, songs: set[str]) -> None:
        for song in songs:
            del self.expected.songs[song]
        for playlist, (name, members) in self.expected.playlists.items():
            self.expected.playlists[playlist] = (name, members - songs)

    async def create_playlist(self, by_rest: bool) -> None:
        name = self.name("Mix")
        if by_rest:
            made = await self.rest(self.member, "POST", "/api/v1/playlists", {"name": name})
            made = made and made["data"]
        else:
            made = await self.graphql(self.member, "createPlaylist", name=name)
        if made:
            self.expected.playlists[made["id"]] = (name, frozenset())

    async def add_to_playlist(self, playlist: str, song: str, by_rest: bool) -> None:
        name, members = self.expected.playlists[playlist]
        if song in members:
            return
        if by_rest:
            path = f"/api/v1/playlists/{playlist}/songs"
            done = await self.rest(self.member, "POST", path, {"song_id": song})
        else:
            done = await self.graphql(
                self.member, "addSongToPlaylist", playlistId=playlist, songId=song
            )
        if done is not None:
            self.expected.playlists[playlist] = (name, members | {song})

    async def remove_from_playlist(self, playlist: str) -> None:
        name, members = self.expected.playlists[playlist]
        if not members:
            return
        song = self.rng.choice(sorted(members))
        path = f"/api/v1/playlists/{playlist}/songs/{song}"
        if await self.rest(self.member, "DELETE", path) is not None:
            self.expected.playlists[playlist] = (name, members - {song})

    async def delete_playlist(self, playlist: str) -> None:
        if await self.rest(self.member, "DELETE", f"/api/v1/playlists/{playlist}") is not None:
            del self.expected.playlists[playlist]

    async def create_record(self, by_rest: bool) -> None:
        title = self.name("LP")
        if by_rest:
            body = {"artistName": "Band", "albumTitle": title}
            made = await self.rest(self.admin, "POST", "/api/records", body)
            made = made and {"id": made["record"]["recordId"]}
        else:
            made = await self.graphql(self.admin, "createRecord", title=title)
        if made:
            self.expected.records[made["id"]] = title

    async def retitle_record(self, record: str, by_rest: bool) -> None:
        title = self.name("Reissue")
        if by_rest:
            body = {"albumTitle": title}
            done = await self.rest(self.admin, "PUT", f"/api/records/{record}", body)
        else:
            done = await self.graphql(self.admin, "updateRecord", id=record, title=title)
        if done is not None:
            self.expected.records[record] = title

    async def delete_record(self, record: str, by_rest: bool) -> None:
        if by_rest:
            done = await self.rest(self.admin, "DELETE", f"/api/records/{record}")
        else:
            done = await self.graphql(self.admin, "deleteRecord", id=record)
        if done is not None:
            del self.expected.records[record]

    async def run_until(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            await self.step()


async def sync_until(client: httpx.AsyncClient, deadline: float) -> int:
    """A mobile client syncing again and again; every answer must be a 200."""
    sync, replica, syncs = RestSyncClient(client, per_page=50), Replica(), 0
    while time.monotonic() < deadline:
        await sync.sync(replica)
        syncs += 1
        await asyncio.sleep(0.05)
    return syncs


@dataclass
class Load:
    writers: list[Writer]
    tally: Tally
    syncs: int

    @property
    def expected(self) -> Expected:
        return merged([writer.expected for writer in self.writers])

    @property
    def acknowledged(self) -> int:
        return sum(writer.acknowledged for writer in self.writers)


async def mixed_load(
    admin: httpx.AsyncClient,
    member: httpx.AsyncClient,
    *,
    writers: int,
    readers: int,
    seconds: float,
) -> Load:
    tally = Tally()
    team = [Writer(admin, member, seed, tally) for seed in range(writers)]
    deadline = time.monotonic() + seconds
    results = await asyncio.gather(
        *(writer.run_until(deadline) for writer in team),
        *(sync_until(member, deadline) for _ in range(readers)),
    )
    return Load(team, tally, syncs=sum(r for r in results if isinstance(r, int)))
