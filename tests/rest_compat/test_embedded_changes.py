"""A resource's updated_at moves whenever anything it shows changes (design.md §3, §4)."""

from __future__ import annotations

from datetime import datetime

from tests.library import create, seed
from tests.waiting import the_database_clock_passes
from wax.models import Album, Artist, Playlist, Song


async def stamps() -> dict[str, datetime]:
    """Every library row's precise updated_at, by id."""
    found: dict[str, datetime] = {}
    for model in (Artist, Album, Song, Playlist):
        for item_id, updated_at in await model.all().values_list("id", "updated_at"):
            found[str(item_id)] = (
                updated_at
                if isinstance(updated_at, datetime)
                else datetime.fromisoformat(updated_at)
            )
    return found


async def moved_by(action) -> set[str]:
    """The ids whose updated_at the action moved."""
    before = await stamps()
    await the_database_clock_passes()  # SQLite's clock ticks in milliseconds
    response = await action
    assert response.status_code in (200, 201, 204), response.text
    after = await stamps()
    return {item_id for item_id, stamp in after.items() if before.get(item_id) != stamp}


async def test_renaming_an_artist_resends_its_albums_and_songs(admin_client) -> None:
    miles = await seed(admin_client, songs=2, name="Miles")
    other = await seed(admin_client, songs=1, name="Nina")
    moved = await moved_by(
        admin_client.patch(f"/api/v1/artists/{miles.artist['id']}", json={"name": "Miles Davis"})
    )
    assert moved == {miles.artist["id"], miles.album["id"], *(s["id"] for s in miles.songs)}
    assert other.album["id"] not in moved
    songs = (await admin_client.get("/api/v1/songs", params={"per_page": 100})).json()["data"]
    assert {s["artist_name"] for s in songs if s["album_id"] == miles.album["id"]} == {
        "Miles Davis"
    }


async def test_an_artists_image_is_shown_by_nobody_else(admin_client) -> None:
    miles = await seed(admin_client, songs=1)
    moved = await moved_by(
        admin_client.patch(f"/api/v1/artists/{miles.artist['id']}", json={"image": "new.jpg"})
    )
    assert moved == {miles.artist["id"]}


async def test_renaming_or_recovering_an_album_resends_its_songs(admin_client) -> None:
    seeded = await seed(admin_client, songs=2)
    songs = {s["id"] for s in seeded.songs}
    path = f"/api/v1/albums/{seeded.album['id']}"
    assert await moved_by(admin_client.patch(path, json={"name": "Blue"})) == {
        seeded.album["id"],
        *songs,
    }
    assert await moved_by(admin_client.patch(path, json={"cover": "c.jpg"})) == {
        seeded.album["id"],
        *songs,
    }
    # songs do not show the album's year
    assert await moved_by(admin_client.patch(path, json={"year": 1959})) == {seeded.album["id"]}


async def test_moving_an_album_to_another_artist_moves_both_artists_counts(admin_client) -> None:
    seeded = await seed(admin_client, songs=1, name="Miles")
    other = await create(admin_client, "artists", name="Nina")
    moved = await moved_by(
        admin_client.patch(f"/api/v1/albums/{seeded.album['id']}", json={"artist_id": other["id"]})
    )
    assert moved == {seeded.album["id"], seeded.artist["id"], other["id"]}


async def test_adding_a_song_moves_its_album_and_artist(admin_client) -> None:
    seeded = await seed(admin_client, songs=1)
    moved = await moved_by(
        admin_client.post("/api/v1/songs", json={"title": "New", "album_id": seeded.album["id"]})
    )
    assert {seeded.album["id"], seeded.artist["id"]} <= moved
    assert seeded.songs[0]["id"] not in moved


async def test_a_songs_length_moves_its_album_and_the_playlists_holding_it(
    admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=2)
    holding = await create(member_client, "playlists", name="Holding")
    other = await create(member_client, "playlists", name="Other")
    await member_client.post(
        f"/api/v1/playlists/{holding['id']}/songs", json={"song_id": seeded.songs[0]["id"]}
    )
    await member_client.post(
        f"/api/v1/playlists/{other['id']}/songs", json={"song_id": seeded.songs[1]["id"]}
    )
    path = f"/api/v1/songs/{seeded.songs[0]['id']}"
    moved = await moved_by(admin_client.patch(path, json={"length": 999}))
    assert moved == {seeded.songs[0]["id"], seeded.album["id"], holding["id"]}
    # a title is shown by nobody else
    assert await moved_by(admin_client.patch(path, json={"title": "Renamed"})) == {
        seeded.songs[0]["id"]
    }


async def test_moving_a_song_moves_both_albums_and_both_artists(admin_client) -> None:
    first = await seed(admin_client, songs=1, name="Miles")
    second = await seed(admin_client, songs=0, name="Nina")
    moved = await moved_by(
        admin_client.patch(
            f"/api/v1/songs/{first.songs[0]['id']}",
            json={"album_id": second.album["id"], "artist_id": second.artist["id"]},
        )
    )
    assert moved == {
        first.songs[0]["id"],
        first.album["id"],
        second.album["id"],
        first.artist["id"],
        second.artist["id"],
    }


async def test_deleting_a_song_moves_its_album_artist_and_playlists(
    admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=2)
    playlist = await create(member_client, "playlists", name="Mix")
    await member_client.post(
        f"/api/v1/playlists/{playlist['id']}/songs", json={"song_id": seeded.songs[0]["id"]}
    )
    moved = await moved_by(admin_client.delete(f"/api/v1/songs/{seeded.songs[0]['id']}"))
    assert moved == {seeded.album["id"], seeded.artist["id"], playlist["id"]}


async def test_playlist_membership_moves_the_playlist(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    playlist = await create(member_client, "playlists", name="Mix")
    path = f"/api/v1/playlists/{playlist['id']}/songs"
    added = await moved_by(member_client.post(path, json={"song_id": seeded.songs[0]["id"]}))
    assert added == {playlist["id"]}
    removed = await moved_by(member_client.delete(f"{path}/{seeded.songs[0]['id']}"))
    assert removed == {playlist["id"]}
