"""Entries read from the music folder keep what their files' tags say on GraphQL too: the
mutations answer Conflict naming the file and change nothing; the rest stays editable."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.library import graphql
from tests.scanned import FILE_FACTS, ScannedLibrary, library_state, scanned_library

PATH = FILE_FACTS["path"]
RESULT = "__typename ... on Error { message }"


@pytest.fixture
async def scanned(app: object) -> ScannedLibrary:
    return await scanned_library()


async def mutate(client: httpx.AsyncClient, mutation: str, **variables: Any) -> dict[str, Any]:
    return await graphql(client, f"mutation($id: UUID!, $to: UUID!) {{ {mutation} }}", **variables)


def refused(result: dict[str, Any], *words: str) -> bool:
    message = result.get("message", "")
    return result["__typename"] == "Conflict" and all(word in message for word in words)


@pytest.mark.parametrize(
    "patch",
    [
        {"title": "Joga (edit)"},
        {"albumId": "OTHER_ALBUM"},
        {"artistId": "ARTIST"},  # the album's artist is the song's too: the same, no conflict
        {"length": 1.5},
        {"track": 2},
        {"disc": None},
        {"year": 2000},
        {"genre": None},
        {"title": "Jóga", "year": 1},
    ],
    ids=str,
)
async def test_changing_a_tag_field_of_a_scanned_song_is_a_conflict_naming_its_file(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary, patch: dict[str, Any]
) -> None:
    ids = {"OTHER_ALBUM": str(scanned.other_album.id), "ARTIST": str(scanned.artist.id)}
    sent = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in patch.items()
    }
    before = await library_state()
    data = await graphql(
        admin_client,
        f"""mutation($id: UUID!, $input: SongPatch!) {{
            updateSong(id: $id, input: $input) {{ {RESULT} ... on Song {{ title }} }} }}""",
        id=str(scanned.song.id),
        input=sent,
    )
    if "artistId" in patch:
        assert data["updateSong"] == {"__typename": "Song", "title": "Jóga"}
    else:
        assert refused(data["updateSong"], f'"{PATH}"', "edit the file's tags and rescan"), data
        assert await library_state() == before


async def test_deleting_what_the_music_folder_holds_is_a_conflict(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    before = await library_state()
    data = await graphql(
        admin_client,
        f"""mutation($song: UUID!, $album: UUID!, $artist: UUID!) {{
            deleteSong(id: $song) {{ {RESULT} }}
            deleteAlbum(id: $album) {{ {RESULT} }}
            deleteArtist(id: $artist) {{ {RESULT} }} }}""",
        song=str(scanned.song.id),
        album=str(scanned.album.id),
        artist=str(scanned.artist.id),
    )
    assert refused(data["deleteSong"], f'"{PATH}"', "remove the file and rescan"), data
    assert refused(data["deleteAlbum"], f'(such as "{PATH}")', "remove its files"), data
    assert refused(data["deleteArtist"], f'(such as "{PATH}")', "remove its files"), data
    assert await library_state() == before


async def test_a_scanned_albums_and_artists_names_are_their_files(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    before = await library_state()
    data = await mutate(
        admin_client,
        f"""album: updateAlbum(id: $id, input: {{name: "X", artistId: $to}}) {{ {RESULT} }}
            artist: updateArtist(id: $to, input: {{name: "Bjork"}}) {{ {RESULT} }}""",
        id=str(scanned.album.id),
        to=str(scanned.artist.id),
    )
    assert refused(data["album"], "The album's name comes from", f'"{PATH}"'), data
    assert refused(data["artist"], "The artist's name comes from", f'"{PATH}"'), data
    assert await library_state() == before


async def test_what_no_tag_says_and_songs_made_through_the_api_stay_editable(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    data = await mutate(
        admin_client,
        """album: updateAlbum(id: $id, input: {cover: "c.jpg", name: "Homogenic", year: 1997}) {
               __typename ... on Album { cover } }
           artist: updateArtist(id: $to, input: {image: "i.jpg"}) {
               __typename ... on Artist { image } }""",
        id=str(scanned.album.id),
        to=str(scanned.artist.id),
    )
    song = await mutate(
        admin_client,
        """updateSong(id: $id, input: {title: "Demo 2", albumId: $to}) {
               __typename ... on Song { title path album { name } } }
           deleteSong(id: $id) { __typename }""",
        id=str(scanned.hand_made_song.id),
        to=str(scanned.other_album.id),
    )
    assert data == {
        "album": {"__typename": "Album", "cover": "c.jpg"},
        "artist": {"__typename": "Artist", "image": "i.jpg"},
    }
    assert song == {
        "updateSong": {
            "__typename": "Song",
            "title": "Demo 2",
            "path": None,
            "album": {"name": "Post"},
        },
        "deleteSong": {"__typename": "Deleted"},
    }


async def test_a_scanned_song_shows_its_file_facts_and_goes_on_a_playlist(
    admin_client: httpx.AsyncClient, scanned: ScannedLibrary
) -> None:
    made = await graphql(
        admin_client,
        'mutation { createPlaylist(input: {name: "Mine"}) { ... on Playlist { id } } }',
    )
    data = await graphql(
        admin_client,
        """mutation($p: UUID!, $s: UUID!) { addSongToPlaylist(playlistId: $p, songId: $s) {
            __typename ... on Playlist {
              songs { audioFormat bitrate sampleRate size path } } } }""",
        p=made["createPlaylist"]["id"],
        s=str(scanned.song.id),
    )
    [song] = data["addSongToPlaylist"]["songs"]
    assert song == {
        "audioFormat": "FLAC",
        "bitrate": 1411,
        "sampleRate": 44100,
        "size": FILE_FACTS["size"],
        "path": PATH,
    }
    assert type(song["size"]) is int
