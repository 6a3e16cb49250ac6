"""Entries read from the music folder keep what their files' tags say: REST edits of those
fields, and deletes, answer 409 naming the file and change nothing; the rest stays editable."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.library import create
from tests.scanned import FILE_FACTS, ScannedLibrary, library_state, scanned_library
from wax.models import Song

PATH = FILE_FACTS["path"]


@pytest.fixture
async def scanned(app: object) -> ScannedLibrary:
    return await scanned_library()


# a change to a scanned song, and the start of its refusal ("OTHER_ALBUM", "GUEST": ids)
SONG_CHANGES: list[tuple[dict[str, Any], str]] = [
    ({"title": "Joga (edit)"}, "The song's title comes from"),
    ({"album_id": "OTHER_ALBUM"}, "The song's album id comes from"),
    ({"artist_id": "GUEST"}, "The song's artist id comes from"),
    ({"length": 1.5}, "The song's length comes from"),
    ({"track": 2}, "The song's track comes from"),
    ({"disc": None}, "The song's disc comes from"),
    ({"year": 2000}, "The song's year comes from"),
    ({"genre": None}, "The song's genre comes from"),
    ({"title": "Jóga", "genre": "Pop", "year": 1}, "The song's year and genre come from"),
]


def with_ids(change: dict[str, Any], library: ScannedLibrary) -> dict[str, Any]:
    ids = {"OTHER_ALBUM": str(library.other_album.id), "GUEST": str(library.hand_made_artist.id)}
    return {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in change.items()
    }


async def assert_refused(response: httpx.Response, *words: str) -> None:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "conflict"
    for word in words:
        assert word in body["message"], body


@pytest.mark.parametrize(("change", "refusal"), SONG_CHANGES, ids=lambda v: str(v)[:20])
async def test_changing_a_tag_field_of_a_scanned_song_answers_409_naming_its_file(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary, change: Any, refusal: Any
) -> None:
    before = await library_state()

    response = await admin_client.patch(
        f"/api/v1/songs/{scanned.song.id}", json=with_ids(change, scanned)
    )

    await assert_refused(response, f'"{PATH}"', "edit the file's tags and rescan")
    assert response.json()["message"].startswith(refusal)
    assert await library_state() == before


async def test_bad_input_for_a_scanned_song_is_refused_as_bad_input_first(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    attempts = [
        admin_client.patch(f"/api/v1/songs/{scanned.song.id}", json={"title": " "}),
        admin_client.patch(f"/api/v1/songs/{scanned.song.id}", json={"album_id": missing}),
        admin_client.patch(f"/api/v1/albums/{scanned.album.id}", json={"artist_id": missing}),
        admin_client.patch(f"/api/v1/artists/{scanned.artist.id}", json={"name": 5}),
    ]
    for attempt in attempts:
        assert (await attempt).status_code == 422


async def test_a_patch_or_put_of_a_scanned_songs_current_values_is_no_conflict(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    path = f"/api/v1/songs/{scanned.song.id}"
    alone = (await admin_client.get(path)).json()["data"]
    current = {
        key: alone[key]
        for key in ("title", "album_id", "artist_id", "length", "track", "disc", "year", "genre")
    }

    patched = await admin_client.patch(path, json={"title": "Jóga", "year": 1997})
    replaced = await admin_client.put(path, json=current)
    no_artist = await admin_client.put(path, json={**current, "artist_id": None})

    for response in (patched, replaced, no_artist):
        assert response.status_code == 200, response.text
        assert response.json()["data"] | {"updated_at": None} == alone | {"updated_at": None}


async def test_a_put_that_leaves_out_a_scanned_songs_tag_answers_409(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    before = await library_state()
    response = await admin_client.put(
        f"/api/v1/songs/{scanned.song.id}",
        json={"title": "Jóga", "album_id": str(scanned.album.id)},
    )
    await assert_refused(response, "length, track, disc, year and genre come from")
    assert await library_state() == before


async def test_deleting_a_scanned_song_answers_409_and_keeps_it_in_its_playlists(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    playlist = await create(admin_client, "playlists", name="Mine")
    added = await admin_client.post(
        f"/api/v1/playlists/{playlist['id']}/songs", json={"song_id": str(scanned.song.id)}
    )
    assert added.status_code == 201
    before = await library_state()

    response = await admin_client.delete(f"/api/v1/songs/{scanned.song.id}")

    await assert_refused(response, "remove the file and rescan")
    assert await library_state() == before
    shown = await admin_client.get(f"/api/v1/playlists/{playlist['id']}?include=songs")
    assert shown.json()["data"]["song_ids"] == [str(scanned.song.id)]


async def test_a_song_made_through_the_api_on_a_scanned_album_stays_editable(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    path = f"/api/v1/songs/{scanned.hand_made_song.id}"
    changed = await admin_client.patch(
        path, json={"title": "Demo 2", "album_id": str(scanned.other_album.id), "year": 2001}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["data"]["title"] == "Demo 2"
    assert changed.json()["data"]["path"] is None
    assert (await admin_client.delete(path)).status_code == 204


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"name": "Homogenic (remaster)"}, "The album's name comes from"),
        ({"year": 1998}, "The album's year comes from"),
        ({"name": "X", "year": None}, "The album's name and year come from"),
    ],
)
async def test_changing_a_scanned_albums_tags_answers_409(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary, change: dict[str, Any], words: str
) -> None:
    before = await library_state()
    response = await admin_client.patch(f"/api/v1/albums/{scanned.album.id}", json=change)
    await assert_refused(response, words, f'(such as "{PATH}")', "edit the files' tags")
    assert await library_state() == before


async def test_moving_a_scanned_album_to_another_artist_answers_409(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    before = await library_state()
    response = await admin_client.put(
        f"/api/v1/albums/{scanned.album.id}",
        json={"name": "Homogenic", "artist_id": str(scanned.hand_made_artist.id), "year": 1997},
    )
    await assert_refused(response, "The album's artist id comes from")
    assert await library_state() == before


async def test_a_scanned_albums_cover_and_a_scanned_artists_image_stay_editable(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    album = await admin_client.patch(
        f"/api/v1/albums/{scanned.album.id}", json={"cover": "https://img.test/h.jpg"}
    )
    artist = await admin_client.put(
        f"/api/v1/artists/{scanned.artist.id}",
        json={"name": "Björk", "image": "https://img.test/b.jpg"},
    )
    assert album.status_code == 200, album.text
    assert album.json()["data"]["cover"] == "https://img.test/h.jpg"
    assert artist.status_code == 200, artist.text
    assert artist.json()["data"]["image"] == "https://img.test/b.jpg"


async def test_renaming_a_scanned_artist_answers_409(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    before = await library_state()
    response = await admin_client.patch(
        f"/api/v1/artists/{scanned.artist.id}", json={"name": "Bjork"}
    )
    await assert_refused(response, "The artist's name comes from", f'(such as "{PATH}")')
    assert await library_state() == before


async def test_deleting_what_the_music_folder_holds_answers_409(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    # a hand-made album holding a scanned song: deleting it would delete the song
    mixtape = await create(
        admin_client, "albums", name="Mixtape", artist_id=str(scanned.hand_made_artist.id)
    )
    await Song.filter(id=scanned.song.id).update(album_id=mixtape["id"])
    before = await library_state()
    for path, names_the_file in (
        (f"/api/v1/albums/{scanned.album.id}", False),  # scanned, its scanned song moved away
        (f"/api/v1/albums/{mixtape['id']}", True),
        (f"/api/v1/artists/{scanned.artist.id}", True),
        (f"/api/v1/artists/{scanned.hand_made_artist.id}", True),  # its album holds the song
    ):
        response = await admin_client.delete(path)
        await assert_refused(response, "is read from files in the music folder", "and rescan")
        assert (f'(such as "{PATH}")' in response.json()["message"]) == names_the_file, path
    assert await library_state() == before


async def test_a_scanned_song_goes_on_a_playlist_and_off_it(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    playlist = await create(admin_client, "playlists", name="Mine")
    songs = f"/api/v1/playlists/{playlist['id']}/songs"
    added = await admin_client.post(songs, json={"song_id": str(scanned.song.id)})
    removed = await admin_client.delete(f"{songs}/{scanned.song.id}")
    assert added.status_code == 201, added.text
    assert removed.status_code == 200, removed.text
