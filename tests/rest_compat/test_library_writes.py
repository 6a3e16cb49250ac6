"""Library writes under /api/v1: shapes, who may write, cascades and tombstones."""

from __future__ import annotations

import httpx
import pytest

from tests.library import create, seed
from wax.models import Album, Artist, DeletedItem, Playlist, PlaylistSong, Song

SONG_KEYS = {
    "id", "title", "artist_id", "artist_name", "album_id", "album_name", "album_cover",
    "length", "track", "disc", "year", "genre", "created_at", "updated_at",
    "audio_format", "bitrate", "sample_rate", "size", "path",
}  # fmt: skip
ALBUM_KEYS = {
    "id", "name", "artist_id", "artist_name", "cover", "year", "song_count", "total_length",
    "created_at", "updated_at",
}  # fmt: skip
ARTIST_KEYS = {"id", "name", "image", "album_count", "song_count", "created_at", "updated_at"}
PLAYLIST_KEYS = {
    "id", "name", "description", "user_id", "songs_count", "total_length",
    "created_at", "updated_at",
}  # fmt: skip


async def tombstones(entity_type: str) -> set[str]:
    rows = await DeletedItem.filter(entity_type=entity_type).values_list("entity_id", flat=True)
    return {str(row) for row in rows}


async def test_resources_have_the_documented_shapes(admin_client) -> None:
    artist = await create(admin_client, "artists", name="Miles Davis", image="miles.jpg")
    album = await create(
        admin_client, "albums", name="Kind of Blue", artist_id=artist["id"], cover="kob.jpg",
        year=1959,
    )  # fmt: skip
    song = await create(
        admin_client, "songs", title="So What", album_id=album["id"], length=545.5,
        track=1, disc=1, year=1959, genre="Jazz",
    )  # fmt: skip
    playlist = await create(admin_client, "playlists", name="Late", description="for nights")
    assert set(song) == SONG_KEYS
    assert song["artist_name"] == "Miles Davis"
    assert song["album_name"] == "Kind of Blue"
    assert song["album_cover"] == "kob.jpg"
    assert song["artist_id"] == artist["id"]
    album = (await admin_client.get(f"/api/v1/albums/{album['id']}")).json()["data"]
    assert set(album) == ALBUM_KEYS
    assert album["song_count"] == 1
    assert album["total_length"] == 545.5
    assert album["artist_name"] == "Miles Davis"
    artist = (await admin_client.get(f"/api/v1/artists/{artist['id']}")).json()["data"]
    assert set(artist) == ARTIST_KEYS
    assert artist["album_count"] == 1
    assert artist["song_count"] == 1
    assert set(playlist) - {"song_ids"} == PLAYLIST_KEYS
    assert playlist["songs_count"] == 0


async def test_a_song_without_an_artist_is_by_its_albums_artist(admin_client) -> None:
    seeded = await seed(admin_client, songs=1)
    assert seeded.songs[0]["artist_id"] == seeded.artist["id"]


async def test_a_song_can_be_by_another_artist_than_its_album(admin_client) -> None:
    seeded = await seed(admin_client, songs=0)
    guest = await create(admin_client, "artists", name="Guest")
    song = await create(
        admin_client, "songs", title="Feat.", album_id=seeded.album["id"], artist_id=guest["id"]
    )
    assert song["artist_name"] == "Guest"


async def test_put_replaces_and_patch_changes_only_what_is_given(admin_client) -> None:
    seeded = await seed(admin_client, songs=1)
    song_id = seeded.songs[0]["id"]
    patched = await admin_client.patch(f"/api/v1/songs/{song_id}", json={"genre": "Jazz"})
    assert patched.status_code == 200
    assert patched.json()["data"]["title"] == "Song 1"
    assert patched.json()["data"]["genre"] == "Jazz"
    replaced = await admin_client.put(
        f"/api/v1/songs/{song_id}", json={"title": "Blue", "album_id": seeded.album["id"]}
    )
    assert replaced.status_code == 200
    data = replaced.json()["data"]
    assert data["title"] == "Blue"
    assert data["genre"] is None
    assert data["track"] is None


async def test_only_an_admin_changes_the_library(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    attempts = [
        member_client.post("/api/v1/artists", json={"name": "Nope"}),
        member_client.patch(f"/api/v1/artists/{seeded.artist['id']}", json={"name": "Nope"}),
        member_client.put(f"/api/v1/albums/{seeded.album['id']}", json={"name": "Nope"}),
        member_client.delete(f"/api/v1/songs/{seeded.songs[0]['id']}"),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 403
        assert response.json()["message"] == "Only an admin can change the library."
    assert await Artist.all().count() == 1
    assert await Song.all().count() == 1
    assert (await Artist.get(id=seeded.artist["id"])).name == seeded.artist["name"]


async def test_anyone_with_a_token_reads_the_library(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    response = await member_client.get(f"/api/v1/songs/{seeded.songs[0]['id']}")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == seeded.songs[0]["id"]


async def test_writes_need_a_token(client) -> None:
    response = await client.post("/api/v1/playlists", json={"name": "x"})
    assert response.status_code == 401


async def test_a_playlist_is_invisible_to_everyone_but_its_owner(
    admin_client: httpx.AsyncClient, member_client: httpx.AsyncClient
) -> None:
    seeded = await seed(admin_client, songs=1)
    song_id = seeded.songs[0]["id"]
    bobs = await create(member_client, "playlists", name="Bob's")
    await member_client.post(f"/api/v1/playlists/{bobs['id']}/songs", json={"song_id": song_id})
    path = f"/api/v1/playlists/{bobs['id']}"
    attempts = [
        admin_client.get(path),
        admin_client.patch(path, json={"name": "Mine now"}),
        admin_client.put(path, json={"name": "Mine now"}),
        admin_client.delete(path),
        admin_client.post(f"{path}/songs", json={"song_id": song_id}),
        admin_client.delete(f"{path}/songs/{song_id}"),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404, response.text
    assert (await admin_client.get("/api/v1/playlists")).json()["data"] == []
    playlist = await Playlist.get(id=bobs["id"])
    assert playlist.name == "Bob's"
    assert await PlaylistSong.filter(playlist_id=bobs["id"]).count() == 1


async def test_the_owner_edits_a_playlist_and_its_order(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=3)
    a, b, c = (song["id"] for song in seeded.songs)
    playlist = await create(member_client, "playlists", name="Mix")
    path = f"/api/v1/playlists/{playlist['id']}"
    for song_id in (a, b):
        assert (
            await member_client.post(f"{path}/songs", json={"song_id": song_id})
        ).status_code == 201
    added = await member_client.post(f"{path}/songs", json={"song_id": c, "position": 0})
    assert added.json()["data"]["song_ids"] == [c, a, b]
    removed = await member_client.delete(f"{path}/songs/{a}")
    assert removed.status_code == 200
    assert removed.json()["data"]["song_ids"] == [c, b]
    renamed = await member_client.patch(path, json={"name": "Best"})
    assert renamed.json()["data"]["name"] == "Best"
    assert (await member_client.get(f"{path}?include=songs")).json()["data"]["song_ids"] == [c, b]
    assert (await member_client.delete(path)).status_code == 204
    assert str(playlist["id"]) in await tombstones("playlists")
    tombstone = await DeletedItem.get(entity_id=playlist["id"])
    assert str(tombstone.owner_id) == playlist["user_id"]


async def test_a_song_is_in_a_playlist_once(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    playlist = await create(member_client, "playlists", name="Mix")
    path = f"/api/v1/playlists/{playlist['id']}/songs"
    await member_client.post(path, json={"song_id": seeded.songs[0]["id"]})
    again = await member_client.post(path, json={"song_id": seeded.songs[0]["id"]})
    assert again.status_code == 409
    assert again.json()["message"] == "The song is already in the playlist."


async def test_removing_a_song_that_is_not_there_is_a_404(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    playlist = await create(member_client, "playlists", name="Mix")
    response = await member_client.delete(
        f"/api/v1/playlists/{playlist['id']}/songs/{seeded.songs[0]['id']}"
    )
    assert response.status_code == 404


async def test_deleting_a_song_leaves_a_tombstone_and_empties_it_from_playlists(
    admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=2)
    gone, kept = seeded.songs
    playlist = await create(member_client, "playlists", name="Mix")
    for song in seeded.songs:
        await member_client.post(
            f"/api/v1/playlists/{playlist['id']}/songs", json={"song_id": song["id"]}
        )
    assert (await admin_client.delete(f"/api/v1/songs/{gone['id']}")).status_code == 204
    assert await tombstones("songs") == {gone["id"]}
    shown = (await member_client.get(f"/api/v1/playlists/{playlist['id']}?include=songs")).json()
    assert shown["data"]["song_ids"] == [kept["id"]]
    assert (await admin_client.get(f"/api/v1/songs/{gone['id']}")).status_code == 404
    album = (await admin_client.get(f"/api/v1/albums/{seeded.album['id']}")).json()["data"]
    assert album["song_count"] == 1


async def test_deleting_an_album_deletes_its_songs_with_a_tombstone_each(admin_client) -> None:
    seeded = await seed(admin_client, songs=3)
    assert (await admin_client.delete(f"/api/v1/albums/{seeded.album['id']}")).status_code == 204
    assert await tombstones("albums") == {seeded.album["id"]}
    assert await tombstones("songs") == {song["id"] for song in seeded.songs}
    assert await Song.all().count() == 0
    artist = (await admin_client.get(f"/api/v1/artists/{seeded.artist['id']}")).json()["data"]
    assert artist["album_count"] == 0
    assert artist["song_count"] == 0


async def test_deleting_an_artist_deletes_its_albums_and_every_song_by_it(admin_client) -> None:
    miles = await seed(admin_client, songs=2, name="Miles")
    nina = await seed(admin_client, songs=1, name="Nina")
    # Miles guests on Nina's album; Nina guests on Miles's
    guest = await create(
        admin_client,
        "songs",
        title="Guest",
        album_id=nina.album["id"],
        artist_id=miles.artist["id"],
    )
    visitor = await create(
        admin_client,
        "songs",
        title="Visit",
        album_id=miles.album["id"],
        artist_id=nina.artist["id"],
    )
    assert (await admin_client.delete(f"/api/v1/artists/{miles.artist['id']}")).status_code == 204
    assert await tombstones("artists") == {miles.artist["id"]}
    assert await tombstones("albums") == {miles.album["id"]}
    assert await tombstones("songs") == {
        *(song["id"] for song in miles.songs),
        guest["id"],
        visitor["id"],
    }
    assert await Album.all().count() == 1
    assert [str(s.id) for s in await Song.all()] == [nina.songs[0]["id"]]


async def test_unknown_ids_are_404s(admin_client) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    for path in ("artists", "albums", "songs", "playlists"):
        for method in ("GET", "PATCH", "PUT", "DELETE"):
            response = await admin_client.request(
                method, f"/api/v1/{path}/{missing}", json={"name": "x", "title": "x"}
            )
            assert response.status_code == 404, (method, path, response.text)
            assert "message" in response.json()


@pytest.mark.parametrize("bad_id", ["nope", "123", "00000000-0000-0000-0000-00000000000g"])
async def test_malformed_ids_are_404s_not_500s(admin_client, bad_id: str) -> None:
    for path in ("artists", "albums", "songs", "playlists"):
        response = await admin_client.get(f"/api/v1/{path}/{bad_id}")
        assert response.status_code == 404
    response = await admin_client.delete(f"/api/v1/playlists/{bad_id}/songs/{bad_id}")
    assert response.status_code == 404


async def test_deleting_a_big_artist_stays_within_parameter_limits(admin_client) -> None:
    seeded = await seed(admin_client, songs=0)
    await Song.bulk_create(
        [
            Song(title=f"Take {n}", album_id=seeded.album["id"], artist_id=seeded.artist["id"])
            for n in range(1200)
        ]
    )
    assert (await admin_client.delete(f"/api/v1/artists/{seeded.artist['id']}")).status_code == 204
    assert await DeletedItem.filter(entity_type="songs").count() == 1200
    assert await Song.all().count() == 0
