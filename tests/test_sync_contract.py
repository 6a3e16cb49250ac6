"""One contract for incremental sync, held by both faces: REST /api/v1 and GraphQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
import pytest

from tests.library import RestSyncClient, create, graphql, seed
from tests.waiting import the_database_clock_passes
from wax.models import Album, Artist, DeletedItem, Playlist, Song

KINDS = ("songs", "albums", "artists", "records")
MODELS = {"songs": Song, "albums": Album, "artists": Artist}


class Face(Protocol):
    async def status(self) -> dict[str, Any]: ...
    async def deleted(self, since: str) -> tuple[dict[str, set[str]], str, bool]: ...
    async def changed(self, kind: str, updated_since: str | None, per_page: int) -> list[str]: ...
    async def playlists(self, updated_since: str | None) -> list[str]: ...
    async def rejects_date(self, bad: str) -> bool: ...


def second(moment: str | None) -> datetime | None:
    """A timestamp from either face, to the second (REST writes whole seconds)."""
    if moment is None:
        return None
    return datetime.fromisoformat(moment).astimezone(UTC).replace(microsecond=0)


class Rest:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.sync = RestSyncClient(client)

    async def status(self) -> dict[str, Any]:
        data = (await self.sync.get("/api/v1/sync/status"))["data"]
        found = {
            k: (data[k]["count"], second(data[k]["last_updated"])) for k in (*KINDS, "playlists")
        }
        return {**found, "library_updated_at": second(data["library_updated_at"])}

    async def deleted(self, since: str) -> tuple[dict[str, set[str]], str, bool]:
        body = await self.sync.get("/api/v1/deleted", since=since)
        ids = {kind: set(values) for kind, values in body["data"].items()}
        return ids, body["meta"]["queried_at"], body["meta"]["full_resync_required"]

    async def changed(self, kind: str, updated_since: str | None, per_page: int) -> list[str]:
        self.sync.per_page = per_page
        return [item["id"] for item in await self.sync.walk(kind, updated_since)]

    async def playlists(self, updated_since: str | None) -> list[str]:
        return [p["id"] for p in await self.sync.playlists(updated_since)]

    async def rejects_date(self, bad: str) -> bool:
        listing = await self.client.get("/api/v1/songs", params={"updated_since": bad})
        deleted = await self.client.get("/api/v1/deleted", params={"since": bad})
        return listing.status_code == 422 and deleted.status_code == 422


class GraphQL:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def status(self) -> dict[str, Any]:
        fields = " ".join(f"{k} {{ count lastUpdated }}" for k in (*KINDS, "playlists"))
        data = (await graphql(self.client, f"{{ syncStatus {{ {fields} libraryUpdatedAt }} }}"))[
            "syncStatus"
        ]
        found = {
            k: (data[k]["count"], second(data[k]["lastUpdated"])) for k in (*KINDS, "playlists")
        }
        return {**found, "library_updated_at": second(data["libraryUpdatedAt"])}

    async def deleted(self, since: str) -> tuple[dict[str, set[str]], str, bool]:
        data = (
            await graphql(
                self.client,
                """query($s: DateTime!) { deletedItems(since: $s) {
                    songs albums artists playlists records queriedAt fullResyncRequired } }""",
                s=since,
            )
        )["deletedItems"]
        ids = {kind: set(data[kind]) for kind in (*KINDS, "playlists")}
        return ids, data["queriedAt"], data["fullResyncRequired"]

    async def changed(self, kind: str, updated_since: str | None, per_page: int) -> list[str]:
        query = f"""query($first: Int!, $after: String, $since: DateTime) {{
            {kind}(first: $first, after: $after, updatedSince: $since) {{
                edges {{ node {{ id }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
        found: list[str] = []
        after = None
        while True:
            page = (
                await graphql(self.client, query, first=per_page, after=after, since=updated_since)
            )[kind]
            found.extend(edge["node"]["id"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]

    async def playlists(self, updated_since: str | None) -> list[str]:
        data = await graphql(
            self.client,
            "query($s: DateTime) { playlists(updatedSince: $s) { id } }",
            s=updated_since,
        )
        return [p["id"] for p in data["playlists"]]

    async def rejects_date(self, bad: str) -> bool:
        for query in (
            "query($s: DateTime) { songs(updatedSince: $s) { totalCount } }",
            "query($s: DateTime!) { deletedItems(since: $s) { since } }",
        ):
            response = await self.client.post(
                "/graphql", json={"query": query, "variables": {"s": bad}}
            )
            if not response.json().get("errors"):
                return False
        return True


@pytest.fixture(params=["rest", "graphql"])
def face_of(request: pytest.FixtureRequest):
    def make(client: httpx.AsyncClient) -> Face:
        return Rest(client) if request.param == "rest" else GraphQL(client)

    return make


async def precise(kind: str, item_id: str) -> str:
    return (await MODELS[kind].get(id=item_id)).updated_at.isoformat()


async def test_status_counts_and_latest_changes(face_of, admin_client, member_client) -> None:
    await seed(admin_client, songs=3)
    await create(admin_client, "playlists", name="Ann's")
    bobs = await create(member_client, "playlists", name="Bob's")
    status = await face_of(member_client).status()
    assert status["songs"][0] == 3
    assert status["albums"][0] == 1
    assert status["artists"][0] == 1
    assert status["playlists"] == (1, second(bobs["updated_at"]))
    assert status["library_updated_at"] == max(
        status[k][1] for k in ("songs", "albums", "artists", "playlists")
    )


@pytest.mark.parametrize("kind", ["songs", "albums", "artists"])
async def test_updated_since_is_inclusive_and_filters(face_of, admin_client, kind: str) -> None:
    await seed(admin_client, songs=1, name="Old")
    await the_database_clock_passes()
    new = await seed(admin_client, songs=1, name="New")
    item = {"songs": new.songs[0], "albums": new.album, "artists": new.artist}[kind]
    face = face_of(admin_client)
    assert await face.changed(kind, await precise(kind, item["id"]), 50) == [item["id"]]
    assert len(await face.changed(kind, None, 50)) == 2
    assert await face.changed(kind, "2999-01-01", 50) == []


async def test_deleted_only_after_since_and_playlists_per_user(
    face_of, admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=2)
    anns = await create(admin_client, "playlists", name="Ann's")
    bobs = await create(member_client, "playlists", name="Bob's")
    await admin_client.delete(f"/api/v1/songs/{seeded.songs[0]['id']}")
    face = face_of(member_client)
    first_deletion = await DeletedItem.get(entity_id=seeded.songs[0]["id"])
    since = (first_deletion.deleted_at + timedelta(microseconds=1)).isoformat()
    await the_database_clock_passes()
    await admin_client.delete(f"/api/v1/songs/{seeded.songs[1]['id']}")
    await admin_client.delete(f"/api/v1/playlists/{anns['id']}")
    await member_client.delete(f"/api/v1/playlists/{bobs['id']}")
    ids, _, _ = await face.deleted(since)
    assert ids["songs"] == {seeded.songs[1]["id"]}
    assert ids["playlists"] == {bobs["id"]}
    everything, _, _ = await face.deleted("2000-01-01")
    assert everything["songs"] == {song["id"] for song in seeded.songs}


async def test_the_flows_watermark_misses_nothing(face_of, admin_client, member_client) -> None:
    """status -> deleted -> changed lists -> store queried_at, twice, around a change."""
    first = await seed(admin_client, songs=2)
    face = face_of(member_client)
    await face.status()
    _, watermark, resync = await face.deleted("2000-01-01")
    assert resync is True  # 2000 is long before any retention
    known = {
        kind: set(await face.changed(kind, None, 2)) for kind in ("songs", "albums", "artists")
    }
    assert known["songs"] == {song["id"] for song in first.songs}

    renamed = await admin_client.patch(
        f"/api/v1/artists/{first.artist['id']}", json={"name": "Renamed"}
    )
    assert renamed.status_code == 200
    added = await create(admin_client, "songs", title="New", album_id=first.album["id"])
    await admin_client.delete(f"/api/v1/songs/{first.songs[0]['id']}")

    ids, later, resync = await face.deleted(watermark)
    assert resync is False
    assert ids["songs"] == {first.songs[0]["id"]}
    assert added["id"] in await face.changed("songs", watermark, 2)
    assert first.songs[1]["id"] in await face.changed("songs", watermark, 2)  # re-sent: renamed
    assert first.album["id"] in await face.changed("albums", watermark, 2)
    assert datetime.fromisoformat(later) >= datetime.fromisoformat(watermark)


async def test_a_cursor_walk_returns_each_item_once(face_of, member_client) -> None:
    await Artist.bulk_create([Artist(name=f"A{n}") for n in range(11)])
    walked = await face_of(member_client).changed("artists", "2000-01-01", 3)
    assert len(walked) == 11 == len(set(walked))


async def test_playlists_are_own_and_honour_updated_since(
    face_of, admin_client, member_client
) -> None:
    await create(admin_client, "playlists", name="Ann's")
    older = await create(member_client, "playlists", name="Older")
    await the_database_clock_passes()
    newer = await create(member_client, "playlists", name="Newer")
    face = face_of(member_client)
    assert set(await face.playlists(None)) == {older["id"], newer["id"]}
    since = (await Playlist.get(id=newer["id"])).updated_at.isoformat()
    assert await face.playlists(since) == [newer["id"]]


async def test_a_since_older_than_the_retention_asks_for_a_full_resync(
    face_of, member_client
) -> None:
    face = face_of(member_client)
    old = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    recent = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert (await face.deleted(old))[2] is True
    assert (await face.deleted(recent))[2] is False


@pytest.mark.parametrize("bad", ["soon", "2024-02-30", "2024-01-15T10:00:00+99:00"])
async def test_invalid_dates_are_refused(face_of, member_client, bad: str) -> None:
    assert await face_of(member_client).rejects_date(bad)
